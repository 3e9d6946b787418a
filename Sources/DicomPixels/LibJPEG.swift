import CJPEG

/// JPEG Baseline (8-bit) and Extended 8-bit decoding through libjpeg-turbo. Debian 12 ships
/// libjpeg-turbo 2.1 with the 8-bit API only, so 12-bit Extended streams are refused with a reason.
enum LibJPEG {
    static func decode(_ data: ArraySlice<UInt8>, description d: PixelDescription) throws(PixelError) -> RawFrame {
        guard d.bitsAllocated == 8 else {
            throw PixelError(.unsupportedSyntax, "lossy JPEG with \(d.bitsAllocated) bits allocated (12-bit JPEG needs libjpeg-turbo 3, Debian 12 has 2.1)")
        }
        var info = dcmveil_jpeg_info()
        var message = [CChar](repeating: 0, count: 200)
        let headerCode = data.withUnsafeBufferPointer { src in
            dcmveil_jpeg_decode(src.baseAddress, UInt(src.count), nil, 0, 0, &info, &message, message.count)
        }
        if headerCode != 0 {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.contains("precision") {
                throw PixelError(.unsupportedSyntax, "libjpeg-turbo 2.1 (8-bit API) cannot decode this stream: \(text)")
            }
            throw PixelError(.codecFailure, "libjpeg: \(text)")
        }
        try checkGeometry(d, rows: Int(info.height), columns: Int(info.width), components: Int(info.components), codec: "JPEG")
        // DICOM RGB with neither JFIF nor an Adobe marker: the components are R, G, B, not YCbCr,
        // whatever libjpeg guesses; decode without colour conversion.
        let colorMode: Int32 = d.photometric == .rgb && info.sawJFIF == 0 && info.sawAdobe == 0 && info.components == 3 ? 1 : 0
        let size = d.samplesPerFrame
        var out = [UInt8](repeating: 0, count: size)
        let code = data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                dcmveil_jpeg_decode(src.baseAddress, UInt(src.count), dst.baseAddress, dst.count, colorMode, &info, &message, message.count)
            }
        }
        guard code == 0 else {
            throw PixelError(.codecFailure, "libjpeg: " + String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        var layout = d
        layout.planarConfiguration = 0
        if d.samplesPerPixel == 3 { layout.photometric = .rgb }   // libjpeg delivers RGB
        return RawFrame(bytes: out, layout: layout)
    }
}
