/// Dispatches compressed frames to the decoder or lossless encoder for their transfer syntax.
enum CodecRegistry {
    static func decode(_ data: ArraySlice<UInt8>, syntax: PixelSyntax, description: PixelDescription) throws(PixelError) -> RawFrame {
        switch syntax.codec {
        case .rle:
            var layout = description
            layout.planarConfiguration = 1
            return RawFrame(bytes: try RLECodec.decode(data, description: layout), layout: layout)
        default:
            throw PixelError(.unsupportedSyntax, "no decoder for \(syntax.description) in this build")
        }
    }

    /// Nil when masked frames of `syntax` can be re-encoded losslessly in the same syntax, else why not.
    static func cannotReencode(_ syntax: PixelSyntax, description: PixelDescription) -> String? {
        switch syntax.codec {
        case .rle: return nil
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
        default:
            throw PixelError(.unsupportedSyntax, "no lossless encoder for \(syntax.description)")
        }
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
