import DicomCore

/// The outcome of masking: the data set to write and the transfer syntax to write it in.
public struct MaskResult: Sendable {
    /// The data set with new Pixel Data (and, when the syntax changed, updated Photometric
    /// Interpretation and Planar Configuration; geometry is never touched).
    public var dataSet: DataSet
    /// The transfer syntax the data set must be written in.
    public var transferSyntax: String
    /// True when `transferSyntax` differs from the input's; the caller rewrites the file meta.
    public var syntaxChanged: Bool
    /// Why the syntax changed, for the record.
    public var reason: String?
    /// Frames that received at least one mask.
    public var maskedFrames: [Int]
    /// The masks as applied, clipped to the image (and widened to pixel pairs for YBR_FULL_422).
    public var appliedMasks: [Mask]
}

/// Applies masks to pixel data and writes it back, keeping every byte outside the masks:
/// native data in place; RLE / JPEG-LS / JPEG 2000 lossless / JPEG lossless by re-encoding only the
/// masked frames (other fragments stay byte-identical); baseline and extended (8- and 12-bit) JPEG by
/// block-selective redaction in the compressed domain (whole MCUs blanked, other blocks' coefficients kept). Anything that cannot be
/// redone losslessly (lossy JPEG 2000, JPEG the redaction refuses) is decoded, masked and returned as
/// explicit VR little endian, with the reason.
public enum PixelMasker {
    public static func apply(_ masks: [Mask], to dataSet: DataSet, transferSyntax: String,
                             fill: MaskFill = .automatic) throws(PixelError) -> MaskResult {
        let pixels = try PixelData(dataSet: dataSet, transferSyntax: transferSyntax)
        let d = pixels.description
        let palette = d.photometric == .paletteColor ? try DisplayAttributes(dataSet: dataSet).palette : nil
        // Validate and clip every mask first, so a bad one changes nothing.
        var byFrame: [Int: [Mask]] = [:]
        var applied: [Mask] = []
        for m in masks {
            guard m.width > 0, m.height > 0 else { throw PixelError(.badMask, "mask \(m) is empty") }
            guard m.frame >= 0, m.frame < d.numberOfFrames else {
                throw PixelError(.badMask, "mask frame \(m.frame) is not in 0..<\(d.numberOfFrames)")
            }
            guard var c = m.clipped(columns: d.columns, rows: d.rows) else {
                throw PixelError(.badMask, "mask \(m) lies outside the \(d.columns) x \(d.rows) image")
            }
            byFrame[m.frame, default: []].append(c)
            if d.photometric == .ybrFull422 {
                let x1 = min(d.columns, (c.x + c.width + 1) & ~1)
                c.x &= ~1
                c.width = x1 - c.x
            }
            applied.append(c)
        }
        let maskedFrames = byFrame.keys.sorted()
        var out = dataSet

        switch pixels.storage {
        case .native(let bytes):
            var buffer = Array(bytes)
            let samples = NativeMasking.fillSamples(fill, layout: d, palette: palette)
            buffer.withUnsafeMutableBytes { raw in
                for (frame, list) in byFrame {
                    for m in list {
                        NativeMasking.fill(raw, frameBit: frame * d.bitsPerNativeFrame, layout: d, mask: m, samples: samples)
                    }
                }
            }
            if let vr = dataSet[.pixelData]?.vr, BigEndianFix.needed(syntax: pixels.syntax, description: d, vr: vr) {
                try replacePixelValue(&out, with: .bytes(BigEndianFix.swapWordHalves(buffer[...])))
            } else {
                try replacePixelValue(&out, with: .bytes(buffer[...]))
            }
            return MaskResult(dataSet: out, transferSyntax: pixels.syntax.uid, syntaxChanged: false, reason: nil,
                              maskedFrames: maskedFrames, appliedMasks: applied)

        case .encapsulated(let encapsulated):
            var reason = CodecRegistry.cannotReencode(pixels.syntax, description: d)
            if pixels.syntax.codec == .jpegBaseline || pixels.syntax.codec == .jpegExtended {
                // Block-selective redaction in the compressed domain; on refusal, decode and go native.
                do {
                    var blanked: [Mask] = []
                    let result = try reassemble(pixels, encapsulated, dataSet: out, byFrame: byFrame) { frame, list throws(PixelError) in
                        let (stream, b) = try JPEGBlockRedaction.redact(try pixels.compressedFrame(frame), masks: list,
                                                                        photometric: d.photometric, fill: fill,
                                                                        signed: d.isSigned, bitsStored: d.bitsStored)
                        // The redacted stream must decode (libjpeg-turbo at 8 bits, the Swift decoder at 12) before it is used.
                        var layout = d
                        layout.numberOfFrames = 1
                        _ = try CodecRegistry.decode(stream[...], syntax: pixels.syntax, description: layout)
                        blanked += b
                        return stream
                    }
                    return MaskResult(dataSet: result, transferSyntax: pixels.syntax.uid, syntaxChanged: false, reason: nil,
                                      maskedFrames: maskedFrames, appliedMasks: blanked)
                } catch {
                    reason = "block-selective redaction impossible (\(error.message)); masked frames are decoded and written as explicit VR little endian"
                }
            }
            if let reason {
                return try rewriteAsNative(pixels, dataSet: out, byFrame: byFrame, fill: fill, palette: palette,
                                           reason: reason, maskedFrames: maskedFrames, applied: applied)
            }
            let result = try reassemble(pixels, encapsulated, dataSet: out, byFrame: byFrame) { frame, list throws(PixelError) in
                var raw = try pixels.decodedFrame(frame)
                let samples = NativeMasking.fillSamples(fill, layout: raw.layout, palette: palette)
                raw.bytes.withUnsafeMutableBytes { buf in
                    for m in list { NativeMasking.fill(buf, frameBit: 0, layout: raw.layout, mask: m, samples: samples) }
                }
                return try CodecRegistry.encodeLossless(raw, syntax: pixels.syntax)
            }
            return MaskResult(dataSet: result, transferSyntax: pixels.syntax.uid, syntaxChanged: false, reason: nil,
                              maskedFrames: maskedFrames, appliedMasks: applied)
        }
    }

    /// Rebuilds encapsulated Pixel Data with `encode` run on masked frames only; other frames keep their
    /// fragments byte for byte. Rewrites a non-empty Basic Offset Table and any Extended Offset Table.
    private static func reassemble(_ pixels: PixelData, _ encapsulated: EncapsulatedPixelData, dataSet: DataSet, byFrame: [Int: [Mask]],
                                   encode: (Int, [Mask]) throws(PixelError) -> [UInt8]) throws(PixelError) -> DataSet {
        var out = dataSet
        var fragments: [ArraySlice<UInt8>] = []
        var frameLengths: [UInt64] = []
        var frameStarts: [UInt64] = []
        var position: UInt64 = 0
        for frame in 0..<pixels.numberOfFrames {
            frameStarts.append(position)
            let before = fragments.count
            if let list = byFrame[frame] {
                var encoded: [UInt8]
                do { encoded = try encode(frame, list) } catch { throw error.inFrame(frame) }
                if encoded.count % 2 == 1 { encoded.append(0) }
                fragments.append(encoded[...])
            } else {
                for i in pixels.frameFragments[frame] { fragments.append(encapsulated.fragments[i]) }
            }
            let added = fragments[before...].reduce(UInt64(0)) { $0 + UInt64($1.count) }
            frameLengths.append(added)
            position += added + 8 * UInt64(fragments.count - before)
        }
        var offsetTable: ArraySlice<UInt8> = []
        if !encapsulated.offsetTable.isEmpty {
            guard let last = frameStarts.last, last <= UInt64(UInt32.max) else {
                throw PixelError(.sizeOverflow, "frame offsets exceed the 32-bit Basic Offset Table")
            }
            offsetTable = frameStarts.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }[...]
        }
        try replacePixelValue(&out, with: .encapsulated(EncapsulatedPixelData(offsetTable: offsetTable, fragments: fragments)))
        if out.contains(PixelTag.extendedOffsetTable) {
            out.set(DataElement(tag: PixelTag.extendedOffsetTable, vr: .OV, bytes: le64(frameStarts)))
            out.set(DataElement(tag: PixelTag.extendedOffsetTableLengths, vr: .OV, bytes: le64(frameLengths)))
        }
        return out
    }

    /// Decodes every frame, masks, and returns native pixel data for explicit VR little endian.
    private static func rewriteAsNative(_ pixels: PixelData, dataSet: DataSet, byFrame: [Int: [Mask]], fill: MaskFill,
                                        palette: Palette?, reason: String, maskedFrames: [Int], applied: [Mask]) throws(PixelError) -> MaskResult {
        let d = pixels.description
        var out = dataSet
        var buffer: [UInt8] = []
        var layout: PixelDescription?
        for frame in 0..<d.numberOfFrames {
            var raw: RawFrame
            do { raw = try pixels.decodedFrame(frame) } catch { throw error.inFrame(frame) }
            raw = Interleave.toPixelOrder(raw)
            if let l = layout, l.photometric != raw.layout.photometric || l.bitsAllocated != raw.layout.bitsAllocated {
                throw PixelError(.inconsistent, "frames decode to different layouts", frame: frame)
            }
            layout = raw.layout
            if let list = byFrame[frame] {
                let samples = NativeMasking.fillSamples(fill, layout: raw.layout, palette: palette)
                raw.bytes.withUnsafeMutableBytes { buf in
                    for m in list { NativeMasking.fill(buf, frameBit: 0, layout: raw.layout, mask: m, samples: samples) }
                }
            }
            if frame == 0 { buffer.reserveCapacity(raw.bytes.count * d.numberOfFrames + 1) }
            buffer.append(contentsOf: raw.bytes)
        }
        guard let layout else { throw PixelError(.insufficientData, "no frames") }
        if buffer.count % 2 == 1 { buffer.append(0) }
        out.set(DataElement(tag: .pixelData, vr: layout.bitsAllocated > 8 ? .OW : .OB, bytes: buffer[...]))
        out.remove(PixelTag.extendedOffsetTable)
        out.remove(PixelTag.extendedOffsetTableLengths)
        if layout.photometric != d.photometric {
            var text = Array(layout.photometric.rawValue.utf8)
            if text.count % 2 == 1 { text.append(0x20) }
            out.set(DataElement(tag: PixelTag.photometricInterpretation, vr: .CS, bytes: text[...]))
        }
        if d.samplesPerPixel > 1 {
            out.set(DataElement(tag: PixelTag.planarConfiguration, vr: .US, bytes: [0, 0]))
        }
        return MaskResult(dataSet: out, transferSyntax: PixelSyntax.explicitVRLittleEndian, syntaxChanged: true, reason: reason,
                          maskedFrames: maskedFrames, appliedMasks: applied)
    }

    private static func replacePixelValue(_ ds: inout DataSet, with value: ElementValue) throws(PixelError) {
        guard let i = ds.index(of: .pixelData) else { throw PixelError(.missingAttribute, "no Pixel Data", tag: .pixelData) }
        ds.update(at: i) { $0.value = value }
    }

    private static func le64(_ values: [UInt64]) -> ArraySlice<UInt8> {
        values.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }[...]
    }
}

/// Reorders decoded colour-by-plane frames to colour-by-pixel.
enum Interleave {
    static func toPixelOrder(_ raw: RawFrame) -> RawFrame {
        let d = raw.layout
        guard d.samplesPerPixel > 1, d.planarConfiguration == 1 else { return raw }
        let bps = d.bitsAllocated / 8, spp = d.samplesPerPixel, plane = d.pixelsPerFrame
        var out = [UInt8](repeating: 0, count: raw.bytes.count)
        raw.bytes.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for s in 0..<spp {
                    for p in 0..<plane {
                        for k in 0..<bps { dst[(p * spp + s) * bps + k] = src[(s * plane + p) * bps + k] }
                    }
                }
            }
        }
        var layout = d
        layout.planarConfiguration = 0
        return RawFrame(bytes: out, layout: layout)
    }
}
