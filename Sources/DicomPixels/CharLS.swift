import CCharLS

/// JPEG-LS decoding and lossless encoding through CharLS 2.
enum CharLS {
    private static func message(_ code: charls_jpegls_errc) -> String {
        guard let p = charls_get_error_message(code) else { return "error \(code.rawValue)" }
        return String(cString: p)
    }

    static func decode(_ data: ArraySlice<UInt8>, description d: PixelDescription) throws(PixelError) -> RawFrame {
        guard d.bitsAllocated == 8 || d.bitsAllocated == 16 else {
            throw PixelError(.unsupportedLayout, "JPEG-LS with \(d.bitsAllocated) bits allocated")
        }
        guard let decoder = charls_jpegls_decoder_create() else { throw PixelError(.codecFailure, "CharLS: cannot create a decoder") }
        defer { charls_jpegls_decoder_destroy(decoder) }
        var result: Result<RawFrame, PixelError> = .failure(PixelError(.codecFailure, "CharLS: no data"))
        data.withUnsafeBytes { src in
            result = Result { () throws(PixelError) in
                guard let base = src.baseAddress, src.count > 0 else { throw PixelError(.corruptStream, "empty JPEG-LS frame") }
                var rc = charls_jpegls_decoder_set_source_buffer(decoder, base, src.count)
                if rc.rawValue == 0 { rc = charls_jpegls_decoder_read_header(decoder) }
                guard rc.rawValue == 0 else { throw PixelError(.corruptStream, "CharLS: \(message(rc))") }
                var info = charls_frame_info()
                var mode = charls_interleave_mode(0)
                _ = charls_jpegls_decoder_get_frame_info(decoder, &info)
                _ = charls_jpegls_decoder_get_interleave_mode(decoder, &mode)
                try checkGeometry(d, rows: Int(info.height), columns: Int(info.width), components: Int(info.component_count), codec: "JPEG-LS")
                let bytesPerSample = info.bits_per_sample <= 8 ? 1 : 2
                guard bytesPerSample * 8 == d.bitsAllocated else {
                    throw PixelError(.inconsistent, "JPEG-LS samples of \(info.bits_per_sample) bits in \(d.bitsAllocated) bits allocated")
                }
                var size = 0
                rc = charls_jpegls_decoder_get_destination_size(decoder, 0, &size)
                guard rc.rawValue == 0, size == d.samplesPerFrame * bytesPerSample else {
                    throw PixelError(.corruptStream, "CharLS: destination size \(size) does not match the frame")
                }
                var out = [UInt8](repeating: 0, count: size)
                rc = out.withUnsafeMutableBytes { dst in
                    guard let b = dst.baseAddress else { return charls_jpegls_errc(1) }
                    return charls_jpegls_decoder_decode_to_buffer(decoder, b, dst.count, 0)
                }
                guard rc.rawValue == 0 else { throw PixelError(.corruptStream, "CharLS: \(message(rc))") }
                var layout = d
                layout.planarConfiguration = (d.samplesPerPixel > 1 && mode == CHARLS_INTERLEAVE_MODE_NONE) ? 1 : 0
                return Interleave.toPixelOrder(RawFrame(bytes: out, layout: layout))
            }
        }
        return try result.get()
    }

    /// Encodes a colour-by-pixel frame losslessly (NEAR = 0), sample-interleaved for colour.
    static func encodeLossless(_ raw: RawFrame) throws(PixelError) -> [UInt8] {
        let d = raw.layout
        let bits = d.highBit + 1
        guard (2...16).contains(bits) else { throw PixelError(.unsupportedLayout, "JPEG-LS with \(bits) bits") }
        let samples = try samples16(raw)
        let source: [UInt8] = bits <= 8 ? samples.map { UInt8(truncatingIfNeeded: $0) } : try nativeBytes(samples, bitsAllocated: 16)
        guard let encoder = charls_jpegls_encoder_create() else { throw PixelError(.codecFailure, "CharLS: cannot create an encoder") }
        defer { charls_jpegls_encoder_destroy(encoder) }
        var info = charls_frame_info(width: UInt32(d.columns), height: UInt32(d.rows), bits_per_sample: Int32(bits),
                                     component_count: Int32(d.samplesPerPixel))
        var rc = charls_jpegls_encoder_set_frame_info(encoder, &info)
        if rc.rawValue == 0, d.samplesPerPixel > 1 { rc = charls_jpegls_encoder_set_interleave_mode(encoder, CHARLS_INTERLEAVE_MODE_SAMPLE) }
        if rc.rawValue == 0 { rc = charls_jpegls_encoder_set_near_lossless(encoder, 0) }
        var size = 0
        if rc.rawValue == 0 { rc = charls_jpegls_encoder_get_estimated_destination_size(encoder, &size) }
        guard rc.rawValue == 0 else { throw PixelError(.codecFailure, "CharLS: \(message(rc))") }
        var out = [UInt8](repeating: 0, count: size)
        var written = 0
        rc = out.withUnsafeMutableBytes { dst in
            guard let base = dst.baseAddress else { return charls_jpegls_errc(1) }
            var r = charls_jpegls_encoder_set_destination_buffer(encoder, base, dst.count)
            if r.rawValue == 0 {
                r = source.withUnsafeBytes { src in
                    guard let s = src.baseAddress else { return charls_jpegls_errc(1) }
                    return charls_jpegls_encoder_encode_from_buffer(encoder, s, src.count, 0)
                }
            }
            if r.rawValue == 0 { r = charls_jpegls_encoder_get_bytes_written(encoder, &written) }
            return r
        }
        guard rc.rawValue == 0 else { throw PixelError(.codecFailure, "CharLS: \(message(rc))") }
        return Array(out.prefix(written))
    }
}
