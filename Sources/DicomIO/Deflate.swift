import CZlib
import DicomCore

/// Raw deflate (RFC 1951, no zlib header) for the Deflated Explicit VR Little Endian syntax.
enum Inflate {
    /// Inflates `input`; `offset` is where it starts in the file, for errors. Output is capped to refuse deflate bombs.
    static func raw(_ input: ArraySlice<UInt8>, offset: Int, limit: Int = 4 << 30) throws -> [UInt8] {
        var stream = z_stream()
        guard dcmveil_inflate_init_raw(&stream) == Z_OK else {
            throw DicomError(.inflateFailed, "zlib could not start", offset: offset)
        }
        defer { inflateEnd(&stream) }
        var out = [UInt8]()
        out.reserveCapacity(input.count * 4)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = Array(input)
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { inp in
            stream.next_in = inp.baseAddress
            stream.avail_in = UInt32(inp.count)
            repeat {
                try chunk.withUnsafeMutableBufferPointer { c in
                    stream.next_out = c.baseAddress
                    stream.avail_out = UInt32(c.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    if status != Z_OK && status != Z_STREAM_END {
                        let consumed = inp.count - Int(stream.avail_in)
                        throw DicomError(.inflateFailed, "deflated data set is corrupt (zlib status \(status))", offset: offset + consumed)
                    }
                    out.append(contentsOf: c[0..<(c.count - Int(stream.avail_out))])
                }
                if out.count > limit { throw DicomError(.inflateFailed, "inflated data set exceeds \(limit) bytes", offset: offset) }
            } while status != Z_STREAM_END && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        return out
    }
}

/// Raw deflate compression for writing the deflated syntax.
enum Deflate {
    static func raw(_ input: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) throws -> [UInt8] {
        var stream = z_stream()
        guard dcmveil_deflate_init_raw(&stream, level) == Z_OK else {
            throw DicomError(.inflateFailed, "zlib could not start compressing")
        }
        defer { deflateEnd(&stream) }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = input
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inp in
            stream.next_in = inp.baseAddress
            stream.avail_in = UInt32(inp.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { c in
                    stream.next_out = c.baseAddress
                    stream.avail_out = UInt32(c.count)
                    status = deflate(&stream, Z_FINISH)
                    out.append(contentsOf: c[0..<(c.count - Int(stream.avail_out))])
                }
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else { throw DicomError(.inflateFailed, "zlib compression failed (status \(status))") }
        return out
    }
}
