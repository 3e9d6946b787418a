import DicomCore
import Foundation
import Testing
@testable import DicomPixels

/// The Swift sequential DCT decoder (12-bit JPEG Extended) and 12-bit block-selective redaction.
@Suite struct JPEGExtendedTests {
    static let extended = "1.2.840.10008.1.2.4.51"

    /// A 12-bit test image: gradients, a disc and noise over the whole 0...4095 range.
    func image12(width: Int, height: Int, seed: UInt64) -> [Int] {
        var rng = SeededGenerator(seed)
        return (0..<width * height).map { i in
            let x = i % width, y = i / width
            let dx = x - width / 2, dy = y - height / 3
            let disc = dx * dx + dy * dy < (width * width) / 16 ? 1800 : 0
            return min(4095, max(0, 200 + x * 3000 / max(1, width) + y * 700 / max(1, height) + disc - 900 + Int.random(in: -60...60, using: &rng)))
        }
    }

    /// The samples a decoder should give: the float inverse DCT of the dequantized coefficients, level
    /// shifted and clamped (grey only).
    func floatReference(_ out: JPEGTestEncoder.Output, quant: [Int], width: Int, height: Int, precision: Int) -> [Int] {
        var ref = [Int](repeating: 0, count: width * height)
        let bpl = out.blocksPerLine[0], center = 1 << (precision - 1), maxSample = (1 << precision) - 1
        for by in 0..<((height + 7) / 8) {
            for bx in 0..<((width + 7) / 8) {
                let base = (by * bpl + bx) * 64
                let f = JPEGTestEncoder.inverseDCT((0..<64).map { Double(out.coefficients[0][base + $0] * quant[$0]) })
                for y in 0..<8 where by * 8 + y < height {
                    for x in 0..<8 where bx * 8 + x < width {
                        ref[(by * 8 + y) * width + bx * 8 + x] = min(maxSample, max(0, Int(f[y * 8 + x].rounded()) + center))
                    }
                }
            }
        }
        return ref
    }

    func maxDifference(_ a: [UInt16], _ b: [Int]) -> Int {
        zip(a, b).reduce(0) { max($0, abs(Int($1.0) - $1.1)) }
    }

    @Test func twelveBitGreyMatchesTheFloatInverseDCTWithinOne() throws {
        // Odd sizes (partial blocks), 8- and 16-bit quantization tables, SOF0 and SOF1, table ids 0 and 3.
        let cases: [(w: Int, h: Int, quant: [Int], quant16: Bool, sof: UInt8, tables: Int)] = [
            (37, 29, [Int](repeating: 1, count: 64), false, 0xC1, 0),
            (64, 40, JPEGTestEncoder.scaledQuant(quality: 75), false, 0xC1, 3),
            (33, 17, JPEGTestEncoder.scaledQuant(quality: 90, scale: 16), true, 0xC1, 1),
            (24, 24, JPEGTestEncoder.scaledQuant(quality: 50, scale: 300), true, 0xC0, 2),
        ]
        var worst = 0
        for (i, c) in cases.enumerated() {
            var enc = JPEGTestEncoder()
            enc.quant = c.quant; enc.quant16 = c.quant16; enc.sof = c.sof
            enc.dcTableID = c.tables; enc.acTableID = c.tables; enc.quantTableID = c.tables
            let out = enc.encode([image12(width: c.w, height: c.h, seed: UInt64(i))], width: c.w, height: c.h)
            let decoded = try JPEGDCTDecoder.decode(out.stream[...])
            #expect(decoded.header == JPEGDCTDecoder.Header(precision: 12, rows: c.h, columns: c.w, components: 1, sofMarker: c.sof))
            let d = maxDifference(decoded.samples, floatReference(out, quant: c.quant, width: c.w, height: c.h, precision: 12))
            #expect(d <= 1, "case \(i): max difference \(d) from the float IDCT")
            worst = max(worst, d)
        }
        #expect(worst <= 1)
    }

    @Test func restartIntervalsAndSeparateScansDecodeTheSameSamples() throws {
        let (w, h) = (45, 38)
        let pixels = image12(width: w, height: h, seed: 7)
        var enc = JPEGTestEncoder()
        enc.quant = JPEGTestEncoder.scaledQuant(quality: 85)
        let plain = try JPEGDCTDecoder.decode(enc.encode([pixels], width: w, height: h).stream[...]).samples
        for interval in [1, 2, 5, 7, 30] {
            enc.restartInterval = interval
            let stream = enc.encode([pixels], width: w, height: h).stream
            #expect(stream.contains(0xDD))
            #expect(try JPEGDCTDecoder.decode(stream[...]).samples == plain, "restart interval \(interval)")
        }
        // Colour: one interleaved scan or one scan per component give the same frame.
        let planes = [pixels, pixels.map { 4095 - $0 }, pixels.map { ($0 + 1000) % 4096 }]
        for sampling in [(1, 1), (2, 1), (2, 2)] {
            var colour = JPEGTestEncoder()
            colour.sampling = sampling
            colour.restartInterval = 3
            let a = try JPEGDCTDecoder.decode(colour.encode(planes, width: w, height: h).stream[...])
            colour.interleaved = false
            let b = try JPEGDCTDecoder.decode(colour.encode(planes, width: w, height: h).stream[...])
            #expect(a.samples == b.samples, "sampling \(sampling)")
            #expect(a.colourTransformed)
        }
    }

    @Test func eightBitStreamsDecodeExactlyAsLibjpegTurbo() throws {
        // The same code at 8 bits must reproduce libjpeg-turbo's ISLOW IDCT, fancy upsampling and colour conversion.
        var rng = SeededGenerator(3)
        for (w, h) in [(37, 29), (64, 48), (17, 9)] {
            let rgb = (0..<w * h * 3).map { i in UInt8(truncatingIfNeeded: (i / 3 % w) * 5 + (i / 3 / w) * 3 + (i % 3) * 70 + Int.random(in: 0...30, using: &rng)) }
            let grey = (0..<w * h).map { rgb[$0 * 3] }
            var streams: [(stream: [UInt8], components: Int)] = [
                (try LibJPEG.encode(grey, width: w, height: h, components: 1, quality: 80), 1),
                (try LibJPEG.encode(grey, width: w, height: h, components: 1, quality: 95, restartRows: 1), 1),
                (try LibJPEG.encode(rgb, width: w, height: h, components: 3, quality: 85), 3),
                (try LibJPEG.encode(rgb, width: w, height: h, components: 3, quality: 75, subsample420: true), 3),
            ]
            // 4:2:2 and 4:4:0 from the test encoder, at 8 bits.
            for sampling in [(2, 1), (1, 2), (2, 2)] {
                var enc = JPEGTestEncoder()
                enc.precision = 8; enc.sof = 0xC0; enc.sampling = sampling; enc.jfif = true
                enc.quant = JPEGTestEncoder.scaledQuant(quality: 70)
                let planes = (0..<3).map { c in (0..<w * h).map { Int(rgb[$0 * 3 + c]) } }
                streams.append((enc.encode(planes, width: w, height: h).stream, 3))
            }
            for (i, s) in streams.enumerated() {
                let d = try PixelDescription(rows: h, columns: w, samplesPerPixel: s.components, bitsAllocated: 8, bitsStored: 8, highBit: 7,
                                             pixelRepresentation: 0, photometric: s.components == 3 ? .ybrFull : .monochrome2)
                let theirs = try LibJPEG.decode(s.stream[...], description: d).bytes
                let ours = try JPEGDCTDecoder.decode(s.stream[...]).samples
                #expect(ours.map { UInt8($0) } == theirs, "\(w) x \(h) stream \(i)")
            }
        }
    }

    @Test func twelveBitColourRoundTrips() throws {
        let (w, h) = (40, 34)
        // A smooth RGB image, coded as YCbCr (JFIF equations centred at 2048).
        let rgb = (0..<w * h).map { i -> (Double, Double, Double) in
            let x = Double(i % w), y = Double(i / w)
            return (300 + x * 80, 3500 - y * 90, 1000 + (x + y) * 30)
        }
        let ycc = [rgb.map { Int((0.299 * $0.0 + 0.587 * $0.1 + 0.114 * $0.2).rounded()) },
                   rgb.map { Int((-0.168736 * $0.0 - 0.331264 * $0.1 + 0.5 * $0.2 + 2048).rounded()) },
                   rgb.map { Int((0.5 * $0.0 - 0.418688 * $0.1 - 0.081312 * $0.2 + 2048).rounded()) }]
        for sampling in [(1, 1), (2, 1), (2, 2)] {
            var enc = JPEGTestEncoder()
            enc.sampling = sampling
            enc.quant16 = true
            enc.quant = JPEGTestEncoder.scaledQuant(quality: 95)
            let decoded = try JPEGDCTDecoder.decode(enc.encode(ycc, width: w, height: h).stream[...])
            #expect(decoded.colourTransformed && decoded.samples.count == w * h * 3)
            var worst = 0.0, total = 0.0
            for i in 0..<(w * h) {
                let want = [rgb[i].0, rgb[i].1, rgb[i].2]
                for c in 0..<3 {
                    let e = abs(Double(decoded.samples[i * 3 + c]) - want[c])
                    worst = max(worst, e); total += e
                }
            }
            let mean = total / Double(w * h * 3)
            // Of 4096 levels: quantization at quality 95 and, for subsampled chroma, averaging then the
            // triangle filter on steep chroma ramps (largest at the image edges).
            let bound = sampling == (1, 1) ? 8.0 : 64.0
            #expect(worst <= bound && mean <= bound / 8, "sampling \(sampling): max error \(worst), mean \(mean)")
        }
    }

    // MARK: - Through PixelData and PixelMasker

    func dataSet(_ streams: [[UInt8]], width: Int, height: Int, signed: Bool = false, photometric: String = "MONOCHROME2") -> DataSet {
        Fixture.dataSet(rows: height, columns: width, bitsAllocated: 16, bitsStored: 12, signed: signed, photometric: photometric,
                        frames: streams.count, fragments: streams.map { $0.count % 2 == 1 ? $0 + [0] : $0 })
    }

    @Test func twelveBitFramesDecodeThroughPixelData() throws {
        let (w, h) = (48, 40)
        let pixels = image12(width: w, height: h, seed: 11)
        let out = JPEGTestEncoder().encode([pixels], width: w, height: h)
        let frame = try PixelData(dataSet: dataSet([out.stream], width: w, height: h), transferSyntax: Self.extended).frame(0)
        guard case .uint16(let samples) = frame.samples else { Issue.record("expected 16-bit samples"); return }
        #expect(maxDifference(samples, floatReference(out, quant: [Int](repeating: 1, count: 64), width: w, height: h, precision: 12)) <= 1)
        // A frame that does not match the data set is refused before decoding.
        let other = try PixelData(dataSet: dataSet([out.stream], width: w, height: h + 8), transferSyntax: Self.extended)
        #expect(throws: PixelError.self) { try other.frame(0) }
    }

    @Test func twelveBitMaskingRedactsBlocksAndKeepsTheRest() throws {
        let (w, h) = (64, 48)
        var enc = JPEGTestEncoder()
        enc.quant = JPEGTestEncoder.scaledQuant(quality: 80)
        enc.restartInterval = 4
        let streams = (0..<2).map { enc.encode([image12(width: w, height: h, seed: 20 + UInt64($0))], width: w, height: h).stream }
        for (signed, photometric) in [(false, "MONOCHROME2"), (true, "MONOCHROME2"), (false, "MONOCHROME1")] {
            let ds = dataSet(streams, width: w, height: h, signed: signed, photometric: photometric)
            let before = try PixelData(dataSet: ds, transferSyntax: Self.extended)
            let result = try PixelMasker.apply([Mask(frame: 1, x: 10, y: 9, width: 20, height: 5)], to: ds, transferSyntax: Self.extended)
            #expect(!result.syntaxChanged && result.transferSyntax == Self.extended)
            #expect(result.appliedMasks == [Mask(frame: 1, x: 8, y: 8, width: 24, height: 8)])
            guard case .encapsulated(let enc) = result.dataSet[.pixelData]?.value else { Issue.record("not encapsulated"); return }
            #expect(Array(enc.fragments[0]) == streams[0] + (streams[0].count % 2 == 1 ? [0] : []))
            let after = try PixelData(dataSet: result.dataSet, transferSyntax: Self.extended)
            let a = try before.frame(1), b = try after.frame(1)
            let fill = photometric == "MONOCHROME1" ? 4095 : signed ? -2048 : 0
            for y in 0..<h {
                for x in 0..<w {
                    if x >= 8 && x < 32 && y >= 8 && y < 16 {
                        #expect(b.value(x: x, y: y) == fill, "x \(x) y \(y) \(photometric) signed \(signed)")
                    } else {
                        #expect(b.value(x: x, y: y) == a.value(x: x, y: y), "x \(x) y \(y)")
                    }
                }
            }
            #expect(try after.frame(0) == before.frame(0))
        }
    }

    @Test func twelveBitColourMaskingBlanksWholeMCUs() throws {
        let (w, h) = (48, 32)
        let grey = image12(width: w, height: h, seed: 41)
        var enc = JPEGTestEncoder()
        enc.sampling = (2, 1)
        enc.jfif = true
        enc.quant = JPEGTestEncoder.scaledQuant(quality: 85)
        let stream = enc.encode([grey, grey.map { 2048 + ($0 - 2048) / 4 }, grey.map { 4095 - $0 }], width: w, height: h).stream
        let ds = Fixture.dataSet(rows: h, columns: w, samples: 3, bitsAllocated: 16, bitsStored: 12, photometric: "YBR_FULL_422",
                                 fragments: [stream.count % 2 == 1 ? stream + [0] : stream])
        let before = try PixelData(dataSet: ds, transferSyntax: Self.extended).frame(0)
        #expect(before.description.photometric == .rgb)
        let result = try PixelMasker.apply([Mask(x: 17, y: 3, width: 4, height: 4)], to: ds, transferSyntax: Self.extended)
        #expect(!result.syntaxChanged, "\(result.reason ?? "")")
        #expect(result.appliedMasks == [Mask(x: 16, y: 0, width: 16, height: 8)])
        let after = try PixelData(dataSet: result.dataSet, transferSyntax: Self.extended).frame(0)
        for y in 0..<h {
            for x in 0..<w {
                for c in 0..<3 {
                    if x >= 18 && x < 30 && y < 8 {
                        #expect(after.value(x: x, y: y, sample: c) <= 8, "x \(x) y \(y)")   // black, up to chroma rounding
                    } else if x < 14 || x >= 34 || y >= 8 {
                        // Beyond the reach of the 2x1 chroma filter, nothing changed.
                        #expect(after.value(x: x, y: y, sample: c) == before.value(x: x, y: y, sample: c), "x \(x) y \(y)")
                    }
                }
            }
        }
    }

    @Test func redactionAddsMissingDCCategoriesWithoutChangingOtherCodes() throws {
        // Optimized tables hold only the DC categories the image used; a blank block needs others.
        let (w, h) = (48, 32)
        var enc = JPEGTestEncoder()
        enc.quant = JPEGTestEncoder.scaledQuant(quality: 90)
        enc.sparseDC = true
        let stream = enc.encode([image12(width: w, height: h, seed: 31).map { 1500 + $0 / 8 }], width: w, height: h).stream
        let ds = dataSet([stream], width: w, height: h)
        let before = try PixelData(dataSet: ds, transferSyntax: Self.extended).frame(0)
        let result = try PixelMasker.apply([Mask(x: 17, y: 9, width: 6, height: 12)], to: ds, transferSyntax: Self.extended)
        #expect(!result.syntaxChanged, "\(result.reason ?? "")")
        guard case .encapsulated(let e) = result.dataSet[.pixelData]?.value else { Issue.record("not encapsulated"); return }
        let redacted = Array(e.fragments[0])
        // The original header is kept and a DHT redefining the DC table comes just before the scan.
        let sos = (0..<(stream.count - 1)).first { stream[$0] == 0xFF && stream[$0 + 1] == 0xDA }!
        #expect(Array(redacted[..<sos]) == Array(stream[..<sos]))
        #expect(redacted[sos] == 0xFF && redacted[sos + 1] == 0xC4)
        let after = try PixelData(dataSet: result.dataSet, transferSyntax: Self.extended).frame(0)
        for y in 0..<h {
            for x in 0..<w {
                let inside = x >= 16 && x < 24 && y >= 8 && y < 24
                #expect(after.value(x: x, y: y) == (inside ? 0 : before.value(x: x, y: y)), "x \(x) y \(y)")
            }
        }
        // The extension itself: old codes unchanged, new ones longer, none all ones; no room, no extension.
        let counts = [0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let extended = try #require(JPEGBlockRedaction.extendTable(counts: counts, values: [4, 5, 6], adding: [9, 11]))
        let old = JPEGHuffmanTable.canonicalCodes(counts: counts, values: [4, 5, 6])
        let new = JPEGHuffmanTable.canonicalCodes(counts: extended.counts, values: extended.values)
        for v: UInt8 in [4, 5, 6] { #expect(old[v]! == new[v]!) }
        #expect(new[9]!.length == 6 && new[11]!.length == 7)
        #expect(JPEGBlockRedaction.extendTable(counts: [2] + [Int](repeating: 0, count: 15), values: [0, 1], adding: [2]) == nil)
    }

    // MARK: - Hostile streams

    /// A small valid 12-bit stream to damage.
    func smallStream(restart: Int = 0) -> [UInt8] {
        var enc = JPEGTestEncoder()
        enc.quant = JPEGTestEncoder.scaledQuant(quality: 80)
        enc.restartInterval = restart
        return enc.encode([image12(width: 24, height: 16, seed: 5)], width: 24, height: 16).stream
    }

    func expectTypedError(_ stream: [UInt8], _ kind: PixelError.Kind? = nil, containing text: String? = nil,
                          sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try JPEGDCTDecoder.decode(stream[...])
            Issue.record("decoded a damaged stream", sourceLocation: sourceLocation)
        } catch {
            #expect(error.offset != nil, "no offset: \(error)", sourceLocation: sourceLocation)
            if let kind { #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation) }
            if let text { #expect(error.message.contains(text), "\(error)", sourceLocation: sourceLocation) }
        }
    }

    func markerOffset(_ s: [UInt8], _ marker: UInt8) -> Int {
        (0..<(s.count - 1)).first { s[$0] == 0xFF && s[$0 + 1] == marker } ?? -1
    }

    @Test func everyTruncationThrowsATypedErrorWithAnOffset() throws {
        for restart in [0, 2] {
            let stream = smallStream(restart: restart)
            _ = try JPEGDCTDecoder.decode(stream[...])
            // Cut anywhere before the last scan byte: an error, never samples made up from missing data.
            let scanEnd = stream.count - 2
            for n in 0..<scanEnd { expectTypedError(Array(stream.prefix(n))) }
            // Cut short and closed with EOI as if whole: still an error.
            let sos = markerOffset(stream, 0xDA)
            for n in sos..<(scanEnd - 1) { expectTypedError(Array(stream.prefix(n)) + [0xFF, 0xD9]) }
        }
    }

    @Test func badTablesAndHeadersThrowTypedErrors() throws {
        let stream = smallStream()
        let dht = markerOffset(stream, 0xC4), dqt = markerOffset(stream, 0xDB), sof = markerOffset(stream, 0xC1), sos = markerOffset(stream, 0xDA)
        func patched(_ at: Int, _ value: UInt8) -> [UInt8] { var s = stream; s[at] = value; return s }
        expectTypedError(patched(dht + 4, 0x05), .corruptStream, containing: "table id 5")          // DHT id 5
        expectTypedError(patched(dht + 4, 0x20), .corruptStream, containing: "table class 2")       // DHT class 2
        expectTypedError(patched(dqt + 4, 0x07), .corruptStream, containing: "table id 7")          // DQT id 7
        expectTypedError(patched(dqt + 4, 0x20), .corruptStream, containing: "DQT precision 2")
        expectTypedError(patched(sof + 4 + 8, 9), .corruptStream, containing: "quantization table 9")  // SOF Tq 9
        expectTypedError(patched(sof + 4 + 8, 2), .corruptStream, containing: "not defined")         // undefined DQT 2
        expectTypedError(patched(sos + 4 + 2, 0x40), .corruptStream, containing: "Huffman table ids")   // SOS Td 4
        expectTypedError(patched(sos + 4 + 2, 0x11), .corruptStream, containing: "not defined")      // undefined DHT 1
        expectTypedError(patched(sos + 4 + 1, 9), .corruptStream, containing: "component 9")         // unknown component
        expectTypedError(patched(sof + 4, 16), .corruptStream, containing: "16-bit")                 // P = 16
        expectTypedError(patched(sof + 4 + 7, 0x50), .corruptStream, containing: "sampling")          // H = 5
        expectTypedError(patched(sos + 4 + 4, 5), .corruptStream, containing: "not sequential")      // Se = 5
        // A DC table with a category above 15.
        expectTypedError(patched(dht + 4 + 17, 16), .corruptStream, containing: "category 16")
        // Progressive, lossless, arithmetic: refused with the reason.
        expectTypedError(patched(sof + 1, 0xC2), .unsupportedSyntax, containing: "progressive JPEG (SOF FFC2) is not supported at 12 bits")
        expectTypedError(patched(sof + 1, 0xC3), .unsupportedSyntax, containing: "lossless")
        expectTypedError(patched(sof + 1, 0xC9), .unsupportedSyntax, containing: "arithmetic")
        // No SOI, a scan before the frame header.
        expectTypedError(Array(stream.dropFirst(2)), .corruptStream, containing: "SOI")
        expectTypedError([0xFF, 0xD8] + Array(stream[sos...]), .corruptStream, containing: "before the frame header")
    }

    @Test func badHuffmanCodesAndWrongRestartsThrow() throws {
        // An AC table that codes only EOB (code 0): any 1 bit in the data is not a code.
        var enc = JPEGTestEncoder()
        enc.quant = JPEGTestEncoder.scaledQuant(quality: 80)
        var stream = enc.encode([image12(width: 16, height: 16, seed: 1)], width: 16, height: 16).stream
        let dht = markerOffset(stream, 0xC4)
        let ac = dht + 4 + 1 + 16 + 16   // the AC table's class/id byte
        var only: [UInt8] = Array(stream[..<ac]) + [0x10, 1] + [UInt8](repeating: 0, count: 15) + [0x00]
        only += stream[(ac + 17 + JPEGTestEncoder.acValues.count)...]
        let length = 2 + 33 + 18   // the DC table as it was, then the one-code AC table
        only[dht + 2] = UInt8(length >> 8); only[dht + 3] = UInt8(length & 0xFF)
        expectTypedError(only, .corruptStream, containing: "Huffman code not in table")
        // Restart markers out of order.
        stream = smallStream(restart: 1)
        let rst = markerOffset(stream, 0xD1)
        stream[rst + 1] = 0xD3
        expectTypedError(stream, .corruptStream, containing: "RST3 where RST1")
    }

    @Test func hugeDimensionsAreRefusedBeforeAllocating() throws {
        let stream = smallStream()
        let sof = markerOffset(stream, 0xC1)
        for (rows, columns) in [(65535, 65535), (65535, 24), (16, 65535)] {
            var s = stream
            s[sof + 5] = UInt8(rows >> 8); s[sof + 6] = UInt8(rows & 0xFF)
            s[sof + 7] = UInt8(columns >> 8); s[sof + 8] = UInt8(columns & 0xFF)
            do {
                _ = try JPEGDCTDecoder.decode(s[...])
                Issue.record("decoded \(columns) x \(rows) from \(s.count) bytes")
            } catch {
                #expect(error.kind == .sizeOverflow || error.kind == .insufficientData, "\(error)")
                #expect(error.offset == sof)
            }
        }
        // A height of 0 (DNL) is refused, not looped on.
        var dnl = stream
        dnl[sof + 5] = 0; dnl[sof + 6] = 0
        expectTypedError(dnl, .unsupportedLayout, containing: "DNL")
    }

    @Test func flippedBytesNeverCrash() throws {
        for restart in [0, 3] {
            let stream = smallStream(restart: restart)
            for i in 2..<stream.count {
                for pattern: UInt8 in [0xA5, 0xFF, 0x01] {
                    var bad = stream
                    bad[i] ^= pattern
                    do { _ = try JPEGDCTDecoder.decode(bad[...]) } catch { #expect(error.offset != nil, "\(error)") }
                    let ds = dataSet([bad], width: 24, height: 16)
                    if let px = try? PixelData(dataSet: ds, transferSyntax: Self.extended) {
                        _ = try? px.frame(0)
                        _ = try? PixelMasker.apply([Mask(x: 1, y: 1, width: 3, height: 3)], to: ds, transferSyntax: Self.extended)
                    }
                }
            }
        }
    }
}
