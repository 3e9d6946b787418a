/// Dispatches compressed frames to the decoder for their transfer syntax.
enum CodecRegistry {
    static func decode(_ data: ArraySlice<UInt8>, syntax: PixelSyntax, description: PixelDescription) throws(PixelError) -> RawFrame {
        switch syntax.codec {
        default:
            throw PixelError(.unsupportedSyntax, "no decoder for \(syntax.description) in this build")
        }
    }
}
