import DicomCore
import DicomDictionary
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes Part 10 files: preamble, `DICM`, file meta with a recomputed group length, then the data set in the
/// file's own transfer syntax or a requested uncompressed one. Values are padded to even length;
/// undefined-length sequences and items stay undefined-length.
public enum DicomWriter {
    /// This writer's Implementation Class UID and version name, used for files it creates.
    public static let implementationClassUID = "2.25.119655426516848361508958040373049410931"
    public static let implementationVersionName = "DCMVEIL_1"

    /// Encodes `file` into bytes. `syntax` converts between uncompressed syntaxes; encapsulated data cannot change syntax here.
    public static func encode(_ file: DicomFile, as syntax: TransferSyntax? = nil) throws -> [UInt8] {
        let chunks = try encodeChunks(file, as: syntax)
        if chunks.count == 1 { return Array(chunks[0]) }
        var out = [UInt8]()
        out.reserveCapacity(chunks.reduce(0) { $0 + $1.count })
        for c in chunks { out += c }
        return out
    }

    /// Encodes `file` as a list of byte runs; large top-level values (pixel data) are not copied but
    /// referenced from the data set's own storage, so that writing a file costs one copy, in the kernel.
    public static func encodeChunks(_ file: DicomFile, as syntax: TransferSyntax? = nil) throws -> [ArraySlice<UInt8>] {
        let target = syntax ?? file.transferSyntax
        if target != file.transferSyntax {
            let pixelsEncapsulated: Bool = {
                if case .encapsulated = file.dataSet[.pixelData]?.value { return true }
                return false
            }()
            if pixelsEncapsulated || target.isEncapsulated && !file.transferSyntax.isEncapsulated && file.dataSet.contains(.pixelData) {
                throw DicomError(.unsupportedSyntax, "cannot convert pixel data from \(file.transferSyntax.name) to \(target.name) without a codec")
            }
        }
        var out = Encoder(explicitVR: target.isExplicitVR, bigEndian: target.isBigEndian)
        out.zeroCopy = !target.isDeflated
        out.buffer.reserveCapacity(min(estimatedSize(file.dataSet), 1 << 16) + 512)
        if let preamble = file.preamble {
            out.buffer += preamble.count == 128 ? preamble : [UInt8](repeating: 0, count: 128)
            out.buffer += [0x44, 0x49, 0x43, 0x4D]
            try writeMeta(file.meta, syntax: target, into: &out)
        } else if !file.meta.isEmpty {
            try writeMeta(file.meta, syntax: target, into: &out)
        }
        if target.isDeflated {
            var body = Encoder(explicitVR: true, bigEndian: false)
            try body.write(file.dataSet)
            out.buffer += try Deflate.raw(body.buffer)
        } else {
            try out.write(file.dataSet)
        }
        return out.finish()
    }

    /// Writes `file` to `path` atomically: a temporary file in the same folder, fsync, then rename.
    public static func write(_ file: DicomFile, to path: String, as syntax: TransferSyntax? = nil) throws {
        try AtomicFile.write(chunks: try encodeChunks(file, as: syntax), to: path)
    }

    static func writeMeta(_ meta: DataSet, syntax: TransferSyntax, into out: inout Encoder) throws {
        var m = meta
        m.remove(.fileMetaInformationGroupLength)
        if m.string(.transferSyntaxUID) != syntax.uid || m[.transferSyntaxUID] == nil {
            m.setString(.transferSyntaxUID, vr: .UI, syntax.uid)
        }
        var body = Encoder(explicitVR: true, bigEndian: false)
        try body.write(m)
        var group = Encoder(explicitVR: true, bigEndian: false)
        let length = UInt32(body.buffer.count)
        try group.writeElement(DataElement(tag: .fileMetaInformationGroupLength, vr: .UL,
            bytes: [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]))
        out.buffer += group.buffer
        out.buffer += body.buffer
    }

    static func estimatedSize(_ ds: DataSet) -> Int {
        var n = 0
        for e in ds.elements {
            switch e.value {
            case .bytes(let b): n += b.count + 12
            case .sequence(let s): n += 16 + s.items.reduce(0) { $0 + estimatedSize($1.dataSet) + 16 }
            case .encapsulated(let p): n += 24 + p.offsetTable.count + p.fragments.reduce(0) { $0 + $1.count + 8 }
            }
        }
        return n
    }
}

/// Encodes elements into a growing byte buffer.
struct Encoder {
    var buffer: [UInt8] = []
    /// Finished runs before `buffer` (only when `zeroCopy`).
    var chunks: [ArraySlice<UInt8>] = []
    /// Reference large top-level values instead of copying them.
    var zeroCopy = false
    /// Lengths still to be patched into `buffer`; large values are copied while any is open.
    var openLengths = 0
    var explicitVR: Bool
    var bigEndian: Bool

    init(explicitVR: Bool, bigEndian: Bool) {
        self.explicitVR = explicitVR
        self.bigEndian = bigEndian
    }

    @inline(__always)
    mutating func u16(_ v: UInt16) {
        if bigEndian { buffer.append(UInt8(v >> 8)); buffer.append(UInt8(v & 0xFF)) }
        else { buffer.append(UInt8(v & 0xFF)); buffer.append(UInt8(v >> 8)) }
    }

    @inline(__always)
    mutating func u32(_ v: UInt32) {
        if bigEndian { u16(UInt16(v >> 16)); u16(UInt16(v & 0xFFFF)) }
        else { u16(UInt16(v & 0xFFFF)); u16(UInt16(v >> 16)) }
    }

    mutating func tag(_ t: Tag) { u16(t.group); u16(t.element) }

    /// Appends value bytes, by reference when they are large and no length patch is pending.
    @inline(__always)
    mutating func value(_ raw: ArraySlice<UInt8>) {
        if zeroCopy && openLengths == 0 && raw.count >= 16384 {
            if !buffer.isEmpty { chunks.append(ArraySlice(buffer)); buffer = []; buffer.reserveCapacity(1024) }
            chunks.append(raw)
        } else {
            buffer += raw
        }
    }

    /// The encoded runs, in order.
    mutating func finish() -> [ArraySlice<UInt8>] {
        if !buffer.isEmpty || chunks.isEmpty { chunks.append(ArraySlice(buffer)) }
        buffer = []
        return chunks
    }

    /// Overwrites a 32-bit length written earlier at `at`.
    mutating func patch32(at: Int, _ v: UInt32) {
        let b: [UInt8] = bigEndian
            ? [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
            : [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
        for i in 0..<4 { buffer[at + i] = b[i] }
    }

    mutating func write(_ ds: DataSet) throws {
        for e in ds.elements { try writeElement(e) }
    }

    /// Writes the element header; returns the offset of a 32-bit length to patch, if any.
    mutating func header(_ tag: Tag, _ vr: VR, length: UInt32) throws -> Int? {
        self.tag(tag)
        if explicitVR {
            let (a, b) = vr.bytes
            buffer.append(a); buffer.append(b)
            if vr.hasLongLength {
                buffer.append(0); buffer.append(0)
                let at = buffer.count
                u32(length)
                return at
            }
            guard length <= 0xFFFF else {
                throw DicomError(.valueTooLong, "a \(vr.rawValue) value of \(length) bytes does not fit a 16-bit length", tag: tag)
            }
            u16(UInt16(length))
            return nil
        }
        let at = buffer.count
        u32(length)
        return at
    }

    mutating func writeElement(_ e: DataElement) throws {
        switch e.value {
        case .bytes(let raw):
            let padded = raw.count & 1 == 1
            let length = UInt32(raw.count + (padded ? 1 : 0))
            _ = try header(e.tag, e.vr, length: length)
            if bigEndian, let unit = e.vr.binaryUnitSize, raw.count % unit == 0 {
                buffer += ByteSwap.swapped(raw, unit: unit)
            } else {
                value(raw)
            }
            if padded { buffer.append(e.vr.paddingByte) }

        case .sequence(let seq):
            // UN of undefined length (CP-246) holds implicit little-endian content.
            let insideUN = e.vr == .UN
            let lengthAt = try header(e.tag, e.vr, length: seq.undefinedLength ? 0xFFFF_FFFF : 0)
            openLengths += 1
            defer { openLengths -= 1 }
            let start = buffer.count
            let saved = (explicitVR, bigEndian)
            if insideUN || !explicitVR { explicitVR = false }
            if insideUN { bigEndian = false }
            for item in seq.items {
                tag(.item)
                let itemLengthAt = buffer.count
                u32(item.undefinedLength ? 0xFFFF_FFFF : 0)
                let itemStart = buffer.count
                try write(item.dataSet)
                if item.undefinedLength {
                    tag(.itemDelimitation); u32(0)
                } else {
                    patch32(at: itemLengthAt, UInt32(buffer.count - itemStart))
                }
            }
            if seq.undefinedLength {
                tag(.sequenceDelimitation); u32(0)
            }
            (explicitVR, bigEndian) = saved
            if !seq.undefinedLength, let lengthAt {
                patch32(at: lengthAt, UInt32(buffer.count - start))
            }

        case .encapsulated(let px):
            _ = try header(e.tag, e.vr, length: 0xFFFF_FFFF)
            tag(.item); u32(UInt32(px.offsetTable.count)); buffer += px.offsetTable
            for f in px.fragments {
                tag(.item)
                let odd = f.count & 1 == 1
                u32(UInt32(f.count + (odd ? 1 : 0)))
                value(f)
                if odd { buffer.append(0) }
            }
            tag(.sequenceDelimitation); u32(0)
        }
    }
}

/// Writes a file so that readers never see a partial one: a temporary file in the same folder, then rename.
/// With `durable`, the data is fsynced before the rename, so that a power cut leaves the old or the new file.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, durable: Bool = false) throws {
        try write(chunks: [bytes[...]], to: path, mode: mode, durable: durable)
    }

    /// This process's id, for temporary names (asked once: glibc no longer caches getpid).
    private static let processID = getpid()

    /// Writes byte runs in order, as one file.
    public static func write(chunks: [ArraySlice<UInt8>], to path: String, mode: mode_t = 0o644, durable: Bool = false) throws {
        let (folder, base) = PathText.split(path)
        let tmp = "\(folder)/.\(base).tmp-\(processID)-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw DicomError(.io, "cannot create temporary file: \(String(cString: strerror(errno)))", file: path) }
        var ok = false
        defer { if !ok { unlink(tmp) } }
        var total = 0
        for chunk in chunks {
            try chunk.withUnsafeBytes { p in
                var written = 0
                while written < p.count {
                    let r = Glibc.write(fd, p.baseAddress! + written, p.count - written)
                    if r < 0 {
                        if errno == EINTR { continue }
                        let msg = String(cString: strerror(errno))
                        Glibc.close(fd)
                        throw DicomError(.io, "write failed: \(msg)", offset: total + written, file: path)
                    }
                    written += r
                }
                total += written
            }
        }
        if durable && fsync(fd) != 0 {
            Glibc.close(fd)
            throw DicomError(.io, "fsync failed: \(String(cString: strerror(errno)))", file: path)
        }
        if Glibc.close(fd) != 0 { throw DicomError(.io, "close failed: \(String(cString: strerror(errno)))", file: path) }
        if rename(tmp, path) != 0 { throw DicomError(.io, "rename failed: \(String(cString: strerror(errno)))", file: path) }
        ok = true
    }

    /// Flushes `path` to stable storage.
    public static func sync(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); Glibc.close(fd) }
    }
}
