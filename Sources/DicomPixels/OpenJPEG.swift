import COpenJPEG

/// JPEG 2000 decoding and lossless (reversible 5/3) encoding through OpenJPEG 2.5.
enum OpenJPEG {
    private static func message(_ b: inout dcmveil_opj_buffer) -> String {
        withUnsafeBytes(of: &b.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    static func decode(_ data: ArraySlice<UInt8>, description d: PixelDescription) throws(PixelError) -> RawFrame {
        guard d.bitsAllocated == 8 || d.bitsAllocated == 16 || d.bitsAllocated == 32 else {
            throw PixelError(.unsupportedLayout, "JPEG 2000 with \(d.bitsAllocated) bits allocated")
        }
        var result: Result<RawFrame, PixelError> = .failure(PixelError(.codecFailure, "OpenJPEG: no data"))
        data.withUnsafeBufferPointer { src in
            result = Result { () throws(PixelError) in
                guard let base = src.baseAddress, src.count > 0 else { throw PixelError(.corruptStream, "empty JPEG 2000 frame") }
                var buffer = dcmveil_opj_buffer()
                buffer.data = base
                buffer.length = src.count
                guard let image = dcmveil_opj_decode(&buffer) else {
                    throw PixelError(.corruptStream, "OpenJPEG: \(message(&buffer))")
                }
                defer { opj_image_destroy(image) }
                let n = Int(image.pointee.numcomps)
                guard n == d.samplesPerPixel, let comps = image.pointee.comps else {
                    throw PixelError(.inconsistent, "JPEG 2000 frame has \(n) components, the data set says \(d.samplesPerPixel)")
                }
                for c in 0..<n {
                    let comp = comps[c]
                    try checkGeometry(d, rows: Int(comp.h), columns: Int(comp.w), components: n, codec: "JPEG 2000")
                    guard comp.data != nil else { throw PixelError(.corruptStream, "JPEG 2000 component \(c) has no data") }
                }
                let pixels = d.pixelsPerFrame
                let bps = d.bitsAllocated / 8
                var out = [UInt8](repeating: 0, count: pixels * n * bps)
                out.withUnsafeMutableBufferPointer { dst in
                    for c in 0..<n {
                        guard let values = comps[c].data else { continue }
                        for p in 0..<pixels {
                            let v = UInt32(bitPattern: values[p])
                            let o = (p * n + c) * bps
                            for k in 0..<bps { dst[o + k] = UInt8(truncatingIfNeeded: v >> UInt32(8 * k)) }
                        }
                    }
                }
                var layout = d
                layout.planarConfiguration = 0
                // The codestream's multiple component transform is undone by OpenJPEG.
                if d.photometric == .ybrICT || d.photometric == .ybrRCT { layout.photometric = .rgb }
                return RawFrame(bytes: out, layout: layout, colourTransform: d.photometric == .ybrICT || d.photometric == .ybrRCT)
            }
        }
        return try result.get()
    }

    /// Encodes a colour-by-pixel frame as a lossless J2K codestream; `raw.colourTransform` selects the
    /// reversible colour transform (YBR_RCT) for three components.
    static func encodeLossless(_ raw: RawFrame) throws(PixelError) -> [UInt8] {
        let d = raw.layout
        let n = d.samplesPerPixel
        let precision = d.highBit + 1
        guard precision <= 16 || d.bitsAllocated == 32 else { throw PixelError(.unsupportedLayout, "JPEG 2000 with \(precision) bits") }
        var params = [opj_image_cmptparm_t](repeating: opj_image_cmptparm_t(), count: n)
        for c in 0..<n {
            params[c].dx = 1; params[c].dy = 1
            params[c].w = UInt32(d.columns); params[c].h = UInt32(d.rows)
            params[c].prec = UInt32(precision)
            params[c].sgnd = UInt32(d.pixelRepresentation)
        }
        guard let image = opj_image_create(UInt32(n), &params, n == 3 ? OPJ_CLRSPC_SRGB : OPJ_CLRSPC_GRAY),
              let comps = image.pointee.comps else {
            throw PixelError(.codecFailure, "OpenJPEG: cannot create an image")
        }
        defer { opj_image_destroy(image) }
        image.pointee.x0 = 0; image.pointee.y0 = 0
        image.pointee.x1 = UInt32(d.columns); image.pointee.y1 = UInt32(d.rows)
        let pixels = d.pixelsPerFrame
        let bps = d.bitsAllocated / 8
        let signed = d.isSigned
        raw.bytes.withUnsafeBytes { src in
            for c in 0..<n {
                guard let values = comps[c].data else { continue }
                for p in 0..<pixels {
                    let o = (p * n + c) * bps
                    var v: UInt32 = 0
                    for k in 0..<bps { v |= UInt32(src[o + k]) << UInt32(8 * k) }
                    let bits = precision
                    if bits < 32 {
                        v &= (1 << UInt32(bits)) - 1
                        if signed && v & (1 << UInt32(bits - 1)) != 0 { v |= ~((1 << UInt32(bits)) - 1) }
                    }
                    values[p] = Int32(bitPattern: v)
                }
            }
        }
        var buffer = dcmveil_opj_buffer()
        defer { dcmveil_opj_buffer_free(&buffer) }
        guard dcmveil_opj_encode_lossless(image, raw.colourTransform && n == 3 ? 1 : 0, &buffer) == 0, let out = buffer.out else {
            throw PixelError(.codecFailure, "OpenJPEG: \(message(&buffer))")
        }
        return Array(UnsafeBufferPointer(start: out, count: buffer.length))
    }
}
