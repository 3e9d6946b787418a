import Crypto
import Dispatch
import Foundation

extension AuditLog {
    /// Checks the log at `url`: every line canonical, every hash, every link, the sequence, and with
    /// `trustedKey` every signature and signer. Reports the first broken entry by line number.
    ///
    /// - `trustedKey`: the public key every entry must be signed with. Without it, signatures are
    ///   not checked (`signaturesChecked` is false): the chain alone cannot tell a rewrite by someone
    ///   who recomputed all hashes.
    /// - `filesDirectory`: also check each entry's sidecar manifest (its SHA-256 and Merkle root) and
    ///   re-hash the output files under this directory; for a path in several manifests the latest wins.
    /// - `anchor`: a line hash (e.g. a head published earlier) that must occur in the log; this is
    ///   what catches a log cut back at a line boundary, which the chain alone cannot.
    ///
    /// A last line without "\n" is reported as torn, never accepted. Throws only when the log cannot be read.
    public static func verify(
        at url: URL, trustedKey: VerifyingKey?, filesDirectory: URL? = nil, anchor: String? = nil
    ) throws -> VerificationReport {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw AuditError(.io, "cannot read the log: \(error.localizedDescription)", file: url.path)
        }
        var report = VerificationReport(
            path: url.path, lineCount: 0, verifiedCount: 0, head: nil, signers: [],
            signaturesChecked: trustedKey != nil, filesChecked: 0, failure: nil)

        let results: [LineCheck]
        var torn = false
        (results, torn) = data.withUnsafeBytes { raw in
            let (ranges, isTorn) = lineRanges(raw)
            return (checkLines(raw, ranges: ranges, trustedKey: trustedKey), isTorn)
        }
        report.lineCount = results.count

        // The chain, in order.
        var expectedPrev = AuditEntry.genesisPrev
        var anchorFound = anchor == nil
        var manifests: [(line: Int, ref: ManifestReference)] = []
        for (i, r) in results.enumerated() {
            let line = i + 1
            if let f = r.failure {
                report.failure = VerificationFailure(line: line, reason: f.reason, detail: f.detail)
                break
            }
            if r.seq != line {
                report.failure = VerificationFailure(
                    line: line, reason: .sequence,
                    detail: "seq is \(r.seq) but the entry is on line \(line) (an entry was removed, added or moved)")
                break
            }
            if r.prev != expectedPrev {
                report.failure = VerificationFailure(
                    line: line, reason: .brokenLink,
                    detail: "prev is \(r.prev) but the previous line hashes to \(expectedPrev)")
                break
            }
            expectedPrev = r.lineHash
            report.verifiedCount = line
            report.head = r.lineHash
            if !report.signers.contains(r.signer) { report.signers.append(r.signer) }
            if r.lineHash == anchor { anchorFound = true }
            if let m = r.manifest { manifests.append((line, m)) }
        }
        if report.failure == nil, torn {
            report.failure = VerificationFailure(
                line: results.count + 1, reason: .tornLine,
                detail: "the last line has no newline: a write was cut short (or the log was truncated)")
        }
        if report.failure == nil, !anchorFound, let anchor {
            report.failure = VerificationFailure(
                line: results.count + 1, reason: .missingAnchor,
                detail: "no line hashes to the expected head \(anchor): entries are missing from the end, or the log was rewritten")
        }
        if let filesDirectory {
            let logDirectory = url.deletingLastPathComponent()
            let (fileFailure, checked) = checkManifests(manifests, logDirectory: logDirectory, filesDirectory: filesDirectory)
            report.filesChecked = checked
            // Manifest lines all precede any chain failure, so a file failure comes first.
            if let fileFailure { report.failure = fileFailure }
        }
        return report
    }

    /// Instance form of `verify(at:trustedKey:filesDirectory:anchor:)`.
    public func verify(
        trustedKey: VerifyingKey?, filesDirectory: URL? = nil, anchor: String? = nil
    ) throws -> VerificationReport {
        try Self.verify(at: url, trustedKey: trustedKey, filesDirectory: filesDirectory, anchor: anchor)
    }

    // MARK: - Lines

    /// The ranges of the complete lines (without "\n"), and whether bytes follow the last "\n".
    static func lineRanges(_ raw: UnsafeRawBufferPointer) -> ([Range<Int>], Bool) {
        var ranges: [Range<Int>] = []
        guard let base = raw.baseAddress, raw.count > 0 else { return ([], false) }
        var start = 0
        while start < raw.count {
            guard let hit = memchr(base + start, 0x0A, raw.count - start) else { break }
            let end = base.distance(to: UnsafeRawPointer(hit))
            ranges.append(start..<end)
            start = end + 1
        }
        return (ranges, start < raw.count)
    }

    /// Checks every line on its own, in parallel; the chain is checked afterwards, in order.
    static func checkLines(_ raw: UnsafeRawBufferPointer, ranges: [Range<Int>], trustedKey: VerifyingKey?) -> [LineCheck] {
        let count = ranges.count
        guard count > 0 else { return [] }
        let results = LineCheckSlots(count: count)
        let bytes = SharedBytes(raw: raw)
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunks = min(count, workers * 8)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lo = count * chunk / chunks
            let hi = count * (chunk + 1) / chunks
            for i in lo..<hi {
                results.set(i, checkLine(UnsafeRawBufferPointer(rebasing: bytes.raw[ranges[i]]), trustedKey: trustedKey))
            }
        }
        return results.values()
    }

    /// Everything about one line that does not depend on its neighbours.
    static func checkLine(_ line: UnsafeRawBufferPointer, trustedKey: VerifyingKey?) -> LineCheck {
        var r = LineCheck()
        r.lineHash = Hex.encode(SHA256.hash(data: line))
        func fail(_ reason: VerificationFailure.Reason, _ detail: String) -> LineCheck {
            r.failure = (reason, detail)
            return r
        }
        guard line.count > 0 else { return fail(.emptyLine, "an empty line") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch let e as AuditError {
            return fail(.malformed, "not JSON: \(e.message)" + (e.offset.map { " at byte \($0 + 1)" } ?? ""))
        } catch {
            return fail(.malformed, "not JSON")
        }
        guard case .object(let members) = value else { return fail(.malformed, "the line is not a JSON object") }
        let full: [UInt8]
        let body: [UInt8]
        do {
            (full, body) = try CanonicalJSON.encodeObject(members, excluding: ["hash", "signature"])
        } catch {
            return fail(.notCanonical, "the entry holds a value with no canonical form")
        }
        guard full.elementsEqual(line) else {
            let at = zip(full, line).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(full.count, line.count)
            return fail(.notCanonical, "not canonical JSON from byte \(at + 1) on")
        }
        let entry: AuditEntry
        do {
            entry = try AuditEntry(fields: try JSONFields(value, path: "entry"), line: [])
        } catch let e as AuditError {
            return fail(.malformed, e.message)
        } catch {
            return fail(.malformed, "not an audit entry")
        }
        r.seq = entry.seq
        r.prev = entry.prev
        r.signer = entry.signer
        r.manifest = entry.event.manifest
        guard Hex.isHex(entry.prev, byteCount: 32), Hex.isHex(entry.hash, byteCount: 32) else {
            return fail(.malformed, "prev and hash must be 64 lowercase hex digits")
        }
        guard let profileHash = try? AuditEvent.profileSHA256(entry.event.profile),
            members["profileSHA256"]?.stringValue == profileHash
        else {
            return fail(.profileHash, "profileSHA256 is not the SHA-256 of the recorded profile")
        }
        let digest = Array(SHA256.hash(data: body))
        let digestHex = Hex.encode(digest)
        guard digestHex == entry.hash else {
            return fail(.hashMismatch, "the entry hashes to \(digestHex) but records \(entry.hash)")
        }
        guard let signature = Base64.decode(entry.signature), signature.count == 64 else {
            return fail(.badSignature, "the signature is not 64 bytes of base64")
        }
        if let trustedKey {
            guard entry.signer == trustedKey.fingerprint else {
                return fail(
                    .untrustedSigner, "signed by key \(entry.signer), but the trusted key is \(trustedKey.fingerprint)")
            }
            guard trustedKey.isValidSignature(signature, for: digest) else {
                return fail(.badSignature, "the signature does not verify with key \(trustedKey.fingerprint)")
            }
        }
        return r
    }

    // MARK: - Manifests and files

    static func checkManifests(
        _ manifests: [(line: Int, ref: ManifestReference)], logDirectory: URL, filesDirectory: URL
    ) -> (VerificationFailure?, Int) {
        // Path -> (expected output hash, entry line); later entries win.
        var latest: [String: (sha: String?, line: Int)] = [:]
        for (line, ref) in manifests {
            guard ManifestRow.isSafeRelativePath(ref.file) else {
                return (VerificationFailure(line: line, reason: .manifest, detail: "manifest path \"\(ref.file)\" is not a plain relative path"), 0)
            }
            let url = logDirectory.appendingPathComponent(ref.file)
            guard let data = try? Data(contentsOf: url) else {
                return (VerificationFailure(line: line, reason: .manifest, detail: "cannot read the manifest \(ref.file)"), 0)
            }
            let sha = Hex.encode(SHA256.hash(data: data))
            guard sha == ref.sha256 else {
                return (VerificationFailure(line: line, reason: .manifest, detail: "the manifest \(ref.file) hashes to \(sha), the entry records \(ref.sha256)"), 0)
            }
            let manifest: Manifest
            do {
                manifest = try Manifest.parse(Array(data))
            } catch {
                return (VerificationFailure(line: line, reason: .manifest, detail: "the manifest \(ref.file) does not parse: \(error)"), 0)
            }
            guard manifest.merkleRoot == ref.merkleRoot else {
                return (VerificationFailure(line: line, reason: .manifest, detail: "the manifest \(ref.file) has Merkle root \(manifest.merkleRoot), the entry records \(ref.merkleRoot)"), 0)
            }
            for row in manifest.rows { latest[row.path] = (row.outputSHA256, line) }
        }
        var checked = 0
        let paths = latest.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var firstFailure: VerificationFailure?
        for path in paths {
            guard let (expected, line) = latest[path], let expected else { continue }
            let found = fileSHA256(filesDirectory.appendingPathComponent(path))
            checked += 1
            if found != expected {
                let f = VerificationFailure(
                    line: line, reason: .outputFile,
                    detail: found == nil ? "the output file \(path) is missing or unreadable" : "the output file \(path) hashes to \(found ?? ""), the manifest records \(expected)")
                if firstFailure == nil || line < (firstFailure?.line ?? .max) { firstFailure = f }
            }
        }
        return (firstFailure, checked)
    }

    /// SHA-256 (hex) of a file, read in blocks; nil when it cannot be read.
    static func fileSHA256(_ url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let block: Data?
            do {
                block = try handle.read(upToCount: 1 << 20)
            } catch {
                return nil
            }
            // nil or empty: end of file.
            guard let block, !block.isEmpty else { break }
            hasher.update(data: block)
        }
        return Hex.encode(hasher.finalize())
    }
}

/// The result of checking one line on its own.
struct LineCheck: Sendable {
    var failure: (reason: VerificationFailure.Reason, detail: String)?
    var seq = 0
    var prev = ""
    var lineHash = ""
    var signer = ""
    var manifest: ManifestReference?
}

/// One slot per line, each written by exactly one worker of `concurrentPerform` and read after all
/// workers have finished.
private final class LineCheckSlots: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<LineCheck>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: LineCheck())
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ i: Int, _ value: LineCheck) { slots[i] = value }

    func values() -> [LineCheck] { Array(slots) }
}

/// The mapped log, read (never written) by the workers while the mapping is alive.
private struct SharedBytes: @unchecked Sendable {
    let raw: UnsafeRawBufferPointer
}
