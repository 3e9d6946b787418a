/// Dispatches compressed frames to the decoder or lossless encoder for their transfer syntax.
enum CodecRegistry {
    static func decode(_ data: ArraySlice<UInt8>, syntax: PixelSyntax, description: PixelDescription) throws(PixelError) -> RawFrame {
        // Refuse before allocating when the frame could not come out of this many bytes: PackBits
        // expands at most 64 times; for the other codecs allow a generous 65536 times plus 1 MiB.
        let needed = description.samplesPerFrame * description.bytesPerSample
        let ratio = syntax.codec == .rle ? 64 : 65536
        let (limit, overflow) = data.count.multipliedReportingOverflow(by: ratio)
        guard overflow || needed <= limit + (syntax.codec == .rle ? 64 * 64 : 1 << 20) else {
            throw PixelError(.insufficientData, "a \(needed)-byte frame cannot come from \(data.count) compressed bytes", tag: .pixelData)
        }
        switch syntax.codec {
        case .rle:
            var layout = description
            layout.planarConfiguration = 1
            return RawFrame(bytes: try RLECodec.decode(data, description: layout), layout: layout)
        case .jpegLossless:
            let (header, samples) = try JPEGLosslessDecoder.decode(data)
            try checkGeometry(description, rows: header.rows, columns: header.columns, components: header.components, codec: "lossless JPEG")
            var layout = description
            layout.planarConfiguration = 0
            return RawFrame(bytes: try nativeBytes(samples, bitsAllocated: description.bitsAllocated), layout: layout)
        case .jpegBaseline, .jpegExtended:
            // 8-bit samples in 8 bits: libjpeg-turbo; 12-bit (or 8-bit stored in 16 bits): the Swift decoder.
            if description.bitsAllocated == 8 && (JPEGDCTDecoder.header(data)?.precision ?? 8) == 8 {
                return try LibJPEG.decode(data, description: description)
            }
            return try JPEGDCT.decode(data, description: description)
        case .jpegLS:
            return try CharLS.decode(data, description: description)
        case .jpeg2000:
            return try OpenJPEG.decode(data, description: description)
        case .native, .unknown:
            throw PixelError(.unsupportedSyntax, "no decoder for \(syntax.description) in this build")
        }
    }

    /// Nil when masked frames of `syntax` can be re-encoded losslessly in the same syntax, else why not.
    static func cannotReencode(_ syntax: PixelSyntax, description: PixelDescription) -> String? {
        switch syntax.codec {
        case .rle, .jpegLossless: return nil
        case .jpegLS where description.bitsAllocated <= 16: return nil
        case .jpeg2000 where syntax.isLossless: return nil
        case .jpeg2000:
            return "\(syntax.uid) is lossy JPEG 2000; masked frames are decoded and written as explicit VR little endian"
        case .jpegBaseline, .jpegExtended:
            return "\(syntax.uid) is lossy JPEG; masked frames are decoded and written as explicit VR little endian"
        default:
            return "no lossless encoder for \(syntax.description); masked frames are decoded and written as explicit VR little endian"
        }
    }

    /// Encodes a masked frame losslessly in `syntax`.
    static func encodeLossless(_ raw: RawFrame, syntax: PixelSyntax) throws(PixelError) -> [UInt8] {
        switch syntax.codec {
        case .rle:
            return try withBytes(raw.bytes) { b throws(PixelError) in
                try RLECodec.encode(b, description: raw.layout, planar: raw.layout.planarConfiguration == 1)
            }
        case .jpegLossless:
            let d = raw.layout
            let samples = try samples16(raw)
            let precision = min(16, max(2, d.highBit + 1))
            return try JPEGLosslessEncoder.encode(samples, rows: d.rows, columns: d.columns, components: d.samplesPerPixel,
                                                  precision: precision)
        case .jpegLS:
            return try CharLS.encodeLossless(raw)
        case .jpeg2000:
            return try OpenJPEG.encodeLossless(raw)
        default:
            throw PixelError(.unsupportedSyntax, "no lossless encoder for \(syntax.description)")
        }
    }
}

/// Throws unless a codec's frame header matches the data set's description.
func checkGeometry(_ d: PixelDescription, rows: Int, columns: Int, components: Int, codec: String) throws(PixelError) {
    guard rows == d.rows, columns == d.columns, components == d.samplesPerPixel else {
        throw PixelError(.inconsistent, "\(codec) frame is \(columns) x \(rows) x \(components), the data set says \(d.columns) x \(d.rows) x \(d.samplesPerPixel)")
    }
}

/// Samples as native little-endian bytes of `bitsAllocated` (8 or 16) bits.
func nativeBytes(_ samples: [UInt16], bitsAllocated: Int) throws(PixelError) -> [UInt8] {
    switch bitsAllocated {
    case 8: return samples.map { UInt8(truncatingIfNeeded: $0) }
    case 16:
        return [UInt8](unsafeUninitializedCapacity: samples.count * 2) { buf, count in
            for (i, v) in samples.enumerated() { buf[2 * i] = UInt8(truncatingIfNeeded: v); buf[2 * i + 1] = UInt8(truncatingIfNeeded: v >> 8) }
            count = samples.count * 2
        }
    default: throw PixelError(.unsupportedLayout, "compressed data with \(bitsAllocated) bits allocated")
    }
}

/// A raw 8- or 16-bit frame (colour-by-pixel) as 16-bit samples, masked to the high bit.
func samples16(_ raw: RawFrame) throws(PixelError) -> [UInt16] {
    let d = raw.layout
    let mask = (1 << (d.highBit + 1)) - 1
    switch d.bitsAllocated {
    case 8: return raw.bytes.map { UInt16(Int($0) & mask) }
    case 16:
        let n = raw.bytes.count / 2
        return raw.bytes.withUnsafeBytes { b in
            (0..<n).map { UInt16(Int(UInt16(littleEndian: b.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))) & mask) }
        }
    default: throw PixelError(.unsupportedLayout, "cannot re-encode \(d.bitsAllocated)-bit samples")
    }
}

/// `withUnsafeBytes` that keeps a typed error (the standard one rethrows `any Error`).
func withBytes<R>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(PixelError) -> R) throws(PixelError) -> R {
    var result: Result<R, PixelError>?
    bytes.withUnsafeBytes { b in result = Result { () throws(PixelError) in try body(b) } }
    guard let result else { throw PixelError(.codecFailure, "unreachable: buffer closure did not run") }
    return try result.get()
}

/// `withUnsafeBytes` over a slice, keeping a typed error.
func withBytes<R>(_ bytes: ArraySlice<UInt8>, _ body: (UnsafeRawBufferPointer) throws(PixelError) -> R) throws(PixelError) -> R {
    var result: Result<R, PixelError>?
    bytes.withUnsafeBytes { b in result = Result { () throws(PixelError) in try body(b) } }
    guard let result else { throw PixelError(.codecFailure, "unreachable: buffer closure did not run") }
    return try result.get()
}
