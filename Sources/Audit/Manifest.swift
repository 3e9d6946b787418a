import Crypto
import Foundation

/// One output file of a commit, export or apply: where it is, what went in, what came out, what was masked.
public struct ManifestRow: Sendable, Equatable {
    /// Path relative to the output directory, `/`-separated, with no empty, `.` or `..` parts.
    public var path: String
    /// SHA-256 (hex) of the input file.
    public var inputSHA256: String
    /// SHA-256 (hex) of the output file; nil when no output was written (e.g. quarantined).
    public var outputSHA256: String?
    /// The masks applied to the pixels, in the engine's text form ("" for none).
    public var masks: String

    public init(path: String, inputSHA256: String, outputSHA256: String?, masks: String) throws {
        guard Self.isSafeRelativePath(path) else {
            throw AuditError(.badManifest, "\"\(path)\" is not a plain relative path")
        }
        guard Hex.isHex(inputSHA256, byteCount: 32), outputSHA256.map({ Hex.isHex($0, byteCount: 32) }) ?? true else {
            throw AuditError(.badManifest, "the hashes of \"\(path)\" are not 64 lowercase hex digits")
        }
        self.path = path
        self.inputSHA256 = inputSHA256
        self.outputSHA256 = outputSHA256
        self.masks = masks
    }

    /// The row as JSON: `{"input":…,"masks":…,"output":…|null,"path":…}`.
    public var json: JSONValue {
        ["path": .string(path), "input": .string(inputSHA256), "output": .string(orNull: outputSHA256), "masks": .string(masks)]
    }

    /// The canonical JSON bytes of the row: one manifest line, and the data of its Merkle leaf.
    public func canonicalBytes() -> [UInt8] {
        // Only strings and null: encoding cannot fail.
        (try? CanonicalJSON.encode(json)) ?? []
    }

    static func isSafeRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.utf8.contains(0) else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0 != "." && $0 != ".."
        }
    }
}

/// The sidecar list of every file a commit, export or apply wrote, whose hash and Merkle root go in the entry.
///
/// File form: JSON Lines, one canonical row per line (see `ManifestRow.json`), each ending in "\n",
/// sorted by the UTF-8 bytes of `path`, paths unique. No rows: an empty file.
/// `sha256` is SHA-256 of exactly those bytes; `merkleRoot` is `MerkleTree` over the rows in that order.
public struct Manifest: Sendable, Equatable {
    /// The rows, sorted by path.
    public let rows: [ManifestRow]

    /// The manifest of `rows` in any order; refuses two rows with one path.
    public init(rows: [ManifestRow]) throws {
        let sorted = rows.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for i in sorted.indices.dropFirst() where sorted[i].path.utf8.elementsEqual(sorted[i - 1].path.utf8) {
            throw AuditError(.badManifest, "the path \"\(sorted[i].path)\" appears twice")
        }
        self.rows = sorted
    }

    /// The bytes of the manifest file.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        for row in rows {
            out.append(contentsOf: row.canonicalBytes())
            out.append(0x0A)
        }
        return out
    }

    /// SHA-256 (hex) of the manifest file's bytes.
    public var sha256: String { Hex.encode(SHA256.hash(data: encoded())) }

    /// The Merkle root (hex) over the rows.
    public var merkleRoot: String { MerkleTree.rootHex(leaves: rows.map { $0.canonicalBytes() }) }

    /// The entry's reference to this manifest stored at `file` (relative to the log's directory).
    public func reference(file: String) -> ManifestReference {
        ManifestReference(file: file, sha256: sha256, merkleRoot: merkleRoot)
    }

    /// Writes the manifest file atomically (a temporary file, fsync, rename). Refuses to replace a file.
    public func write(to url: URL) throws {
        let path = url.path
        guard !FileManager.default.fileExists(atPath: path) else {
            throw AuditError(.io, "refusing to overwrite an existing manifest", file: path)
        }
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        let bytes = encoded()
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AuditError(.io, "cannot create: \(String(cString: strerror(errno)))", file: temp.path) }
        let written = POSIX.writeOnce(fd, bytes)
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced else {
            unlink(temp.path)
            throw AuditError(.io, "cannot write the manifest", file: temp.path)
        }
        guard link(temp.path, path) == 0 else {
            let code = errno
            unlink(temp.path)
            throw AuditError(.io, "cannot place the manifest: \(String(cString: strerror(code)))", file: path)
        }
        unlink(temp.path)
        POSIX.syncDirectory(of: path)
    }

    /// Reads a manifest file, refusing anything but the exact form `encoded()` writes.
    public static func load(from url: URL) throws -> Manifest {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw AuditError(.io, "cannot read the manifest: \(error.localizedDescription)", file: url.path)
        }
        do {
            return try parse(Array(data))
        } catch let e as AuditError {
            throw e.inFile(url.path)
        }
    }

    /// Parses manifest bytes, refusing anything but the exact form `encoded()` writes.
    public static func parse(_ bytes: [UInt8]) throws -> Manifest {
        guard bytes.isEmpty || bytes.last == 0x0A else {
            throw AuditError(.badManifest, "the last line has no newline")
        }
        var rows: [ManifestRow] = []
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            lineNumber += 1
            do {
                let value = try JSONParser.parse(Array(line))
                let f = try JSONFields(value, path: "row")
                guard f.members.count == 4 else { throw AuditError(.badManifest, "a row must have exactly path, input, output, masks") }
                let row = try ManifestRow(
                    path: try f.string("path"), inputSHA256: try f.string("input"),
                    outputSHA256: try f.optionalString("output"), masks: try f.string("masks"))
                guard row.canonicalBytes().elementsEqual(line) else {
                    throw AuditError(.badManifest, "the row is not in canonical form")
                }
                if let previous = rows.last, !previous.path.utf8.lexicographicallyPrecedes(row.path.utf8) {
                    throw AuditError(.badManifest, "rows are not sorted by path, or a path repeats")
                }
                rows.append(row)
            } catch var e as AuditError {
                e.line = lineNumber
                e.offset = nil
                if e.kind != .badManifest { e.message = "\(e.kind.rawValue): \(e.message)"; e.kind = .badManifest }
                throw e
            }
        }
        return try Manifest(rows: rows)
    }
}
