/// Lossy JPEG frames that libjpeg-turbo 2.1 cannot take (12-bit samples, or 8-bit samples stored in
/// 16 bits) decoded by `JPEGDCTDecoder` into a raw frame of the data set's layout.
enum JPEGDCT {
    static func decode(_ data: ArraySlice<UInt8>, description d: PixelDescription) throws(PixelError) -> RawFrame {
        guard d.bitsAllocated == 16 || (d.bitsAllocated == 8 && JPEGDCTDecoder.header(data)?.precision == 8) else {
            throw PixelError(.inconsistent, "a \(JPEGDCTDecoder.header(data)?.precision ?? 0)-bit JPEG frame cannot be stored in \(d.bitsAllocated) bits allocated")
        }
        let decoded = try JPEGDCTDecoder.decode(data, expected: (d.rows, d.columns, d.samplesPerPixel), photometricIsRGB: d.photometric == .rgb)
        var layout = d
        layout.planarConfiguration = 0
        if d.samplesPerPixel == 3 { layout.photometric = .rgb }   // R, G, B: converted from YCbCr or coded so
        return RawFrame(bytes: try nativeBytes(decoded.samples, bitsAllocated: d.bitsAllocated), layout: layout)
    }
}
