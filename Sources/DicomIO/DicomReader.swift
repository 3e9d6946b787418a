import DicomCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads DICOM Part 10 files and bare data sets in every common transfer syntax.
public enum DicomReader {
    /// Reads the file at `path`. In header-only mode only the bytes before the pixel data are read from disk.
    public static func read(path: String, mode: ReadMode = .full) throws -> DicomFile {
        do {
            var file = try RawFile(path: path)
            defer { file.close() }
            if mode == .full || file.size <= 65536 {
                let bytes = try file.read(count: file.size)
                return try parse(bytes, mode: mode)
            }
            // Progressive read: start small and double until the parser reaches the pixel data.
            var want = 16384
            var bytes = try file.read(count: want)
            while true {
                do {
                    return try parse(bytes, mode: mode, fileSize: file.size)
                } catch is NeedMoreData {
                    want = min(file.size, want * 4)
                    bytes += try file.read(count: want - bytes.count)
                }
            }
        } catch let e as DicomError {
            throw e.inFile(path)
        }
    }

    /// The whole file's bytes, for callers that hash what they parse.
    public static func readBytes(path: String) throws -> [UInt8] {
        do {
            var file = try RawFile(path: path)
            defer { file.close() }
            return try file.read(count: file.size)
        } catch let e as DicomError {
            throw e.inFile(path)
        }
    }

    /// Parses a complete file image held in memory.
    public static func parse(_ bytes: [UInt8], mode: ReadMode = .full) throws -> DicomFile {
        do {
            return try parse(bytes, mode: mode, fileSize: bytes.count)
        } catch is NeedMoreData {
            throw DicomError(.truncated, "data ended early", offset: bytes.count)
        }
    }

    static func parse(_ bytes: [UInt8], mode: ReadMode, fileSize: Int) throws -> DicomFile {
        let stop = mode == .headerOnly
        var warnings: [String] = []
        var preamble: [UInt8]? = nil
        var pos = 0
        if bytes.count >= 132 && bytes[128] == 0x44 && bytes[129] == 0x49 && bytes[130] == 0x43 && bytes[131] == 0x4D {
            preamble = Array(bytes[0..<128])
            pos = 132
        } else if bytes.count >= 4 && bytes[0] == 0x44 && bytes[1] == 0x49 && bytes[2] == 0x43 && bytes[3] == 0x4D {
            warnings.append("file starts with DICM but has no preamble")
            pos = 4
        }

        // File meta information: explicit VR little endian, while the group is 0002.
        var meta = DataSet()
        let startsWithMeta = bytes.count >= pos + 6 && bytes[pos] == 0x02 && bytes[pos + 1] == 0x00
        if preamble != nil || startsWithMeta {
            var parser = DataSetParser(bytes: bytes, baseOffset: 0, declaredSize: fileSize, explicitVR: true, bigEndian: false, stopAtPixels: false)
            while pos + 6 <= bytes.count && bytes[pos] == 0x02 && bytes[pos + 1] == 0x00 {
                let tag = Tag(group: 2, element: parser.u16(pos + 2))
                let element: DataElement
                if VR(byte0: bytes[pos + 4], byte1: bytes[pos + 5]) == nil {
                    // Some writers put the meta group in implicit VR; read it leniently.
                    warnings.append("file meta information is not explicit VR")
                    parser.explicitVR = false
                    element = try parser.parseElement(tag: tag, pos: &pos, end: bytes.count, depth: 0)
                    parser.explicitVR = true
                } else {
                    element = try parser.parseElement(tag: tag, pos: &pos, end: bytes.count, depth: 0)
                }
                meta.append(element)
            }
            if preamble != nil && meta.isEmpty {
                throw DicomError(.badFileMeta, "no file meta information (group 0002) after DICM", offset: pos)
            }
        }

        var syntax: TransferSyntax
        if let uid = meta.string(.transferSyntaxUID) {
            syntax = TransferSyntax.named(uid)
            if !syntax.isKnown { warnings.append("unknown transfer syntax \(uid), read as explicit VR little endian") }
        } else {
            if preamble != nil || !meta.isEmpty {
                // A meta group without a syntax: implicit VR little endian unless the data says explicit.
                warnings.append("file meta information has no TransferSyntaxUID")
                syntax = .implicitVRLittleEndian
            } else {
                syntax = try guessSyntax(bytes, at: pos)
            }
        }

        var body = bytes
        var bodyStart = pos
        var declared = fileSize
        if syntax.isDeflated {
            guard fileSize == bytes.count else { throw NeedMoreData() }
            body = try Inflate.raw(bytes[pos...], offset: pos)
            bodyStart = 0
            declared = body.count
        }

        var explicit = syntax.isExplicitVR
        // Detect a data set whose VR encoding contradicts the declared syntax (seen in the wild).
        if body.count >= bodyStart + 6 && !syntax.isBigEndian {
            let looksExplicit = VR(byte0: body[bodyStart + 4], byte1: body[bodyStart + 5]) != nil
            if explicit && !looksExplicit {
                warnings.append("data set is implicit VR although \(syntax.name) is declared")
                explicit = false
            } else if !explicit && looksExplicit && body[bodyStart + 4] >= 0x41 && body[bodyStart + 5] >= 0x41 {
                warnings.append("data set is explicit VR although \(syntax.name) is declared")
                explicit = true
            }
        }

        var parser = DataSetParser(bytes: body, baseOffset: 0, declaredSize: declared,
                                   explicitVR: explicit, bigEndian: syntax.isBigEndian, stopAtPixels: stop)
        var p = bodyStart
        let dataSet = try parser.parseDataSet(pos: &p, end: declared, depth: 0, untilItemDelimiter: false)
        warnings += parser.warnings
        if let cs = dataSet.declaredCharacterSet, !cs.unknownTerms.isEmpty {
            warnings.append("unknown Specific Character Set \(cs.unknownTerms.joined(separator: "\\")): text kept as raw bytes")
        }
        return DicomFile(preamble: preamble, meta: meta, dataSet: dataSet, transferSyntax: syntax,
                         stoppedBeforePixels: parser.stoppedAtPixels, warnings: warnings)
    }

    /// For a bare data set: guess byte order and VR explicitness from the first element, or refuse.
    static func guessSyntax(_ bytes: [UInt8], at pos: Int) throws -> TransferSyntax {
        guard bytes.count >= pos + 8 else {
            throw DicomError(.notDicom, "too short to hold a data set (\(bytes.count) bytes)", offset: pos)
        }
        let groupLE = UInt16(bytes[pos]) | UInt16(bytes[pos + 1]) << 8
        let groupBE = UInt16(bytes[pos]) << 8 | UInt16(bytes[pos + 1])
        let explicit = VR(byte0: bytes[pos + 4], byte1: bytes[pos + 5]) != nil
        if groupLE >= 0x0002 && groupLE <= 0x0020 {
            return explicit ? .explicitVRLittleEndian : .implicitVRLittleEndian
        }
        if groupBE >= 0x0002 && groupBE <= 0x0020 && explicit {
            return .explicitVRBigEndian
        }
        throw DicomError(.notDicom, "no DICM prefix and the first bytes are not a plausible data element", offset: pos)
    }
}

/// A file opened for reading with POSIX calls: no Foundation, one allocation per read.
struct RawFile {
    let fd: Int32
    let size: Int
    private var consumed = 0

    init(path: String) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw DicomError(.io, "cannot open: \(String(cString: strerror(errno)))", file: path) }
        var st = stat()
        if fstat(fd, &st) != 0 {
            let msg = String(cString: strerror(errno))
            Glibc.close(fd)
            throw DicomError(.io, "cannot stat: \(msg)", file: path)
        }
        if (st.st_mode & S_IFMT) != S_IFREG {
            Glibc.close(fd)
            throw DicomError(.io, "not a regular file", file: path)
        }
        size = Int(st.st_size)
    }

    /// Reads the next `count` bytes (fewer at the end of the file).
    mutating func read(count: Int) throws -> [UInt8] {
        let n = max(0, min(count, size - consumed))
        if n == 0 { return [] }
        var got = 0
        let buf = try [UInt8](unsafeUninitializedCapacity: n) { p, initialized in
            while got < n {
                let r = Glibc.read(fd, p.baseAddress! + got, n - got)
                if r < 0 {
                    if errno == EINTR { continue }
                    initialized = got
                    throw DicomError(.io, "read failed: \(String(cString: strerror(errno)))", offset: consumed + got)
                }
                if r == 0 { break }
                got += r
            }
            initialized = got
        }
        consumed += got
        return buf
    }

    func close() { Glibc.close(fd) }
}
