import CJPEG

/// JPEG Baseline and Extended decoding of 8-bit samples stored in 8 bits through libjpeg-turbo. Debian 12
/// ships libjpeg-turbo 2.1 with the 8-bit API only; 12-bit Extended streams go to `JPEGDCTDecoder`
/// (`CodecRegistry` chooses by the frame header's precision).
enum LibJPEG {
    static func decode(_ data: ArraySlice<UInt8>, description d: PixelDescription) throws(PixelError) -> RawFrame {
        guard d.bitsAllocated == 8 else {
            throw PixelError(.unsupportedSyntax, "libjpeg-turbo 2.1 decodes 8-bit samples only, not \(d.bitsAllocated) bits allocated")
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

extension LibJPEG {
    /// Encodes 8-bit grey or RGB pixels as baseline JPEG (used to build test streams and previews).
    /// `subsample420` applies to colour; `restartRows` > 0 adds restart markers every that many MCU rows.
    static func encode(_ pixels: [UInt8], width: Int, height: Int, components: Int, quality: Int = 90,
                       subsample420: Bool = false, restartRows: Int = 0) throws(PixelError) -> [UInt8] {
        guard components == 1 || components == 3, width > 0, height > 0, pixels.count == width * height * components else {
            throw PixelError(.inconsistent, "cannot encode \(width) x \(height) x \(components) from \(pixels.count) bytes")
        }
        var out: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        var message = [CChar](repeating: 0, count: 200)
        let code = pixels.withUnsafeBufferPointer { p in
            dcmveil_jpeg_encode(p.baseAddress, Int32(width), Int32(height), Int32(components), Int32(quality),
                                subsample420 ? 1 : 0, Int32(restartRows), &out, &size, &message, message.count)
        }
        defer { if let out { dcmveil_jpeg_free(out) } }
        guard code == 0, let out else {
            throw PixelError(.codecFailure, "libjpeg: " + String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return Array(UnsafeBufferPointer(start: out, count: Int(size)))
    }
}
