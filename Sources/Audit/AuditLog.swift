import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An append-only, hash-chained, signed JSON Lines audit log file (see `AuditEntry` for the line format).
///
/// Appending is crash- and concurrency-safe: under an exclusive `flock` on the file, the last line is
/// read to continue the chain, the new line and its "\n" go out in one write(2), and the file is
/// fsynced before the lock is released. A second writer, in this process or another, waits for the
/// lock. A log whose last line has no newline (a torn write) is refused, never continued.
public struct AuditLog: Sendable {
    /// The log file.
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    /// Seals `event` as the next entry, signed with `signingKey`, and appends it durably.
    /// Creates the log when it does not exist. Returns the entry as written.
    @discardableResult
    public func append(_ event: AuditEvent, signingKey: SigningKey, time: Date = Date()) throws -> AuditEntry {
        let path = url.path
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AuditError(.io, "cannot open the log: \(POSIX.errorText())", file: path) }
        // Closing the descriptor releases the lock.
        defer { close(fd) }
        guard POSIX.lockExclusive(fd) else {
            throw AuditError(.io, "cannot lock the log: \(POSIX.errorText())", file: path)
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw AuditError(.io, "cannot stat the log: \(POSIX.errorText())", file: path) }
        let size = Int(st.st_size)

        let (seq, prev) = try Self.chainPoint(fd: fd, size: size, path: path)
        guard let timeText = Timestamp.rfc3339(time) else {
            throw AuditError(.badEntry, "the time \(time) is outside the years 1970 to 9999", file: path)
        }
        let entry = try AuditEntry.seal(event, seq: seq, prev: prev, time: timeText, signingKey: signingKey)
        let bytes = entry.line + [0x0A]
        let written = POSIX.writeOnce(fd, bytes)
        guard written == bytes.count else {
            let text = POSIX.errorText()
            // Take back a partial line so the log is not left torn.
            if written > 0 { _ = ftruncate(fd, off_t(size)) }
            throw AuditError(.io, "cannot append to the log: \(written < 0 ? text : "short write")", file: path)
        }
        guard fsync(fd) == 0 else { throw AuditError(.io, "cannot fsync the log: \(POSIX.errorText())", file: path) }
        if size == 0 { POSIX.syncDirectory(of: path) }
        return entry
    }

    /// The seq and prev for a new entry after the log's last line.
    static func chainPoint(fd: Int32, size: Int, path: String) throws -> (seq: Int, prev: String) {
        guard size > 0 else { return (1, AuditEntry.genesisPrev) }
        guard let lastByte = POSIX.read(fd, count: 1, at: size - 1), lastByte == [0x0A] else {
            throw AuditError(
                .tornLog,
                "the last line has no newline (a write was cut short); run `dcmveil audit verify` and repair the log before appending",
                file: path)
        }
        let line = try lastLine(fd: fd, size: size, path: path)
        let entry: AuditEntry
        do {
            entry = try AuditEntry(line: line)
        } catch let e as AuditError {
            throw AuditError(.badEntry, "cannot continue the chain: the last line is not an entry: \(e.message)", file: path)
        }
        return (entry.seq + 1, entry.lineHash)
    }

    /// The bytes of the last line of a file of `size` bytes that ends in "\n", without the "\n".
    static func lastLine(fd: Int32, size: Int, path: String) throws -> [UInt8] {
        let end = size - 1  // the final newline
        var start = end
        var tail: [UInt8] = []
        let chunk = 16_384
        while start > 0 {
            let from = max(0, start - chunk)
            guard let block = POSIX.read(fd, count: start - from, at: from), block.count == start - from else {
                throw AuditError(.io, "cannot read the log: \(POSIX.errorText())", file: path)
            }
            if let nl = block.lastIndex(of: 0x0A) {
                tail = Array(block[(nl + 1)...]) + tail
                start = from + nl + 1
                break
            }
            tail = block + tail
            start = from
        }
        return tail
    }

    /// The RFC 3339 UTC text `append` writes for `date`, e.g. `2026-11-29T13:26:56.120Z`; nil outside
    /// the years 1970 to 9999.
    public static func timestamp(_ date: Date) -> String? { Timestamp.rfc3339(date) }

    /// Every entry of the log, in order, read for form only (no hash or signature checks; run
    /// `verify` for those). Throws on a torn last line or a line that is not an entry.
    public func entries() throws -> [AuditEntry] {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw AuditError(.io, "cannot read the log: \(error.localizedDescription)", file: url.path)
        }
        let bytes = [UInt8](data)
        guard bytes.isEmpty || bytes.last == 0x0A else {
            throw AuditError(.tornLog, "the last line has no newline (a write was cut short)", file: url.path)
        }
        var result: [AuditEntry] = []
        for (i, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().enumerated() {
            do {
                result.append(try AuditEntry(line: Array(line)))
            } catch var e as AuditError {
                e.file = url.path
                e.line = i + 1
                throw e
            }
        }
        return result
    }
}
