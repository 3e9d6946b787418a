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
    /// - `thorough`: also check each entry's signature on its own (one Ed25519 check per entry),
    ///   check `profileSHA256` against the profile, and re-canonicalize each line through `JSONParser` and `CanonicalJSON` and decode it as an
    ///   `AuditEntry`, on top of the one-pass `CanonicalScanner`. By default the signatures are
    ///   checked through the chain; see `firstBadSignature`.
    /// - `anchor`: a line hash (e.g. a head published earlier) that must occur in the log; this is
    ///   what catches a log cut back at a line boundary, which the chain alone cannot.
    ///
    /// A last line without "\n" is reported as torn, never accepted. Throws only when the log cannot be read.
    public static func verify(
        at url: URL, trustedKey: VerifyingKey?, filesDirectory: URL? = nil, anchor: String? = nil,
        thorough: Bool = false
    ) throws -> VerificationReport {
        try verify(at: url, trustedKeys: trustedKey.map { [$0] } ?? [], filesDirectory: filesDirectory, anchor: anchor, thorough: thorough)
    }

    /// `verify(at:trustedKey:…)` for a log signed by several keys (a batch log holds entries signed by
    /// the operator and by each reviewer; a project log by everyone who commits). Every entry's
    /// `signer` must be the fingerprint of one of `trustedKeys`, and its signature must verify with
    /// that key. An empty list checks no signatures.
    public static func verify(
        at url: URL, trustedKeys: [VerifyingKey], filesDirectory: URL? = nil, anchor: String? = nil,
        thorough: Bool = false
    ) throws -> VerificationReport {
        let trusted = TrustedKeys(trustedKeys)
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw AuditError(.io, "cannot read the log: \(error.localizedDescription)", file: url.path)
        }
        var report = VerificationReport(
            path: url.path, lineCount: 0, verifiedCount: 0, head: nil, signers: [],
            signaturesChecked: !trusted.isEmpty, filesChecked: 0, failure: nil)

        let results: [LineCheck]
        var torn = false
        (results, torn) = data.withUnsafeBytes { raw in
            let (ranges, isTorn) = lineRanges(raw)
            return (checkLines(raw, ranges: ranges, trusted: trusted, thorough: thorough), isTorn)
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
        if !trusted.isEmpty, let bad = firstBadSignature(results, last: report.verifiedCount, keys: trusted, everySignature: thorough) {
            // Everything before `bad` is vouched for; `bad` and after are not.
            report.failure = VerificationFailure(
                line: bad, reason: .badSignature,
                detail: "the signature does not verify with key \(results[bad - 1].signer)")
            report.verifiedCount = bad - 1
            report.head = bad > 1 ? results[bad - 2].lineHash : nil
            manifests.removeAll { $0.line >= bad }
            var signers: [String] = []
            for r in results.prefix(bad - 1) where !signers.contains(r.signer) { signers.append(r.signer) }
            report.signers = signers
            if let anchor, !results.prefix(bad - 1).contains(where: { $0.lineHash == anchor }) { anchorFound = false }
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

    /// Instance form of `verify(at:trustedKeys:filesDirectory:anchor:thorough:)`.
    public func verify(
        trustedKeys: [VerifyingKey], filesDirectory: URL? = nil, anchor: String? = nil, thorough: Bool = false
    ) throws -> VerificationReport {
        try Self.verify(at: url, trustedKeys: trustedKeys, filesDirectory: filesDirectory, anchor: anchor, thorough: thorough)
    }

    /// Instance form of `verify(at:trustedKey:filesDirectory:anchor:)`.
    public func verify(
        trustedKey: VerifyingKey?, filesDirectory: URL? = nil, anchor: String? = nil, thorough: Bool = false
    ) throws -> VerificationReport {
        try Self.verify(
            at: url, trustedKey: trustedKey, filesDirectory: filesDirectory, anchor: anchor, thorough: thorough)
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
    static func checkLines(
        _ raw: UnsafeRawBufferPointer, ranges: [Range<Int>], trusted: TrustedKeys, thorough: Bool
    ) -> [LineCheck] {
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
                results.set(
                    i, checkLine(UnsafeRawBufferPointer(rebasing: bytes.raw[ranges[i]]), trusted: trusted, thorough: thorough))
            }
        }
        return results.values()
    }

    /// Everything about one line that does not depend on its neighbours or on a signature check:
    /// canonical form, required members and entry hash (and, when thorough, the profile hash and a
    /// full decode). The signature bytes are kept
    /// for `checkSignatures`.
    static func checkLine(_ line: UnsafeRawBufferPointer, trusted: TrustedKeys, thorough: Bool = false) -> LineCheck {
        var r = LineCheck()
        r.lineHash = Hex.encode(SHA256.hash(data: line))
        func fail(_ reason: VerificationFailure.Reason, _ detail: String) -> LineCheck {
            r.failure = (reason, detail)
            return r
        }
        guard line.count > 0 else { return fail(.emptyLine, "an empty line") }
        let members: [CanonicalScanner.Member]
        do {
            members = try CanonicalScanner.scan(line)
        } catch let e as AuditError {
            // Tell text that is not JSON from JSON that is not canonical.
            do {
                _ = try JSONParser.parse(line)
            } catch let p as AuditError {
                return fail(.malformed, "not JSON: \(p.message)" + (p.offset.map { " at byte \($0 + 1)" } ?? ""))
            } catch {
                return fail(.malformed, "not JSON")
            }
            return fail(.notCanonical, "not canonical JSON: \(e.message)" + (e.offset.map { " at byte \($0 + 1)" } ?? ""))
        } catch {
            return fail(.malformed, "not JSON")
        }
        guard line[0] == UInt8(ascii: "{") else { return fail(.malformed, "the line is not a JSON object") }
        if thorough {
            // The same question answered the slow way: parse, re-encode, compare; then decode fully.
            do {
                let value = try JSONParser.parse(line)
                guard try CanonicalJSON.encode(value).elementsEqual(line) else {
                    return fail(.notCanonical, "the line differs from the canonical encoding of its value")
                }
                _ = try AuditEntry(fields: try JSONFields(value, path: "entry"), line: [])
            } catch let e as AuditError {
                return fail(.malformed, e.message)
            } catch {
                return fail(.malformed, "not an audit entry")
            }
        }

        // The members verify reads, found in one pass (a switch on short names beats hashing them).
        var byKey = EntryMembers()
        for m in members { byKey.note(m) }
        func raw(_ m: CanonicalScanner.Member) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: line[m.value]) }
        /// The text of a string member; nil when missing or not a string.
        func string(_ key: String) -> String? {
            guard let m = byKey[key], line[m.value.lowerBound] == UInt8(ascii: "\"") else { return nil }
            let content = UnsafeRawBufferPointer(rebasing: line[(m.value.lowerBound + 1)..<(m.value.upperBound - 1)])
            // The scanner has checked the UTF-8; without escapes the bytes are the text.
            if !content.contains(UInt8(ascii: "\\")) { return String(decoding: content, as: UTF8.self) }
            return (try? JSONParser.parse(raw(m)))?.stringValue
        }
        func isKind(_ key: String, _ opening: UInt8) -> Bool {
            guard let m = byKey[key] else { return false }
            return line[m.value.lowerBound] == opening
        }

        guard let seqMember = byKey["seq"], let seq = (try? JSONParser.parse(raw(seqMember)))?.intValue,
            let seqInt = Int(exactly: seq)
        else { return fail(.malformed, "entry.seq is missing or not an integer") }
        r.seq = seqInt
        for key in ["prev", "hash", "signature", "signer", "time", "operator", "host", "action", "profileSHA256"] {
            guard isKind(key, UInt8(ascii: "\"")) else { return fail(.malformed, "entry.\(key) is missing or not a string") }
        }
        for key in ["tool", "keyFingerprints", "derivations", "governance"] {
            guard isKind(key, UInt8(ascii: "{")) else { return fail(.malformed, "entry.\(key) is missing or not an object") }
        }
        guard byKey["profile"] != nil else { return fail(.malformed, "entry.profile is missing") }
        guard let prev = string("prev"), let hash = string("hash"), let signer = string("signer"),
            let signatureText = string("signature"), let actionText = string("action"),
            let profileSHA256 = string("profileSHA256")
        else { return fail(.malformed, "a string member does not read") }
        r.prev = prev
        r.signer = signer
        guard Hex.isHex(prev, byteCount: 32), Hex.isHex(hash, byteCount: 32), Hex.isHex(signer, byteCount: 8) else {
            return fail(.malformed, "prev and hash must be 64 and signer 16 lowercase hex digits")
        }
        guard let action = AuditAction(rawValue: actionText) else {
            return fail(.malformed, "entry.action \"\(actionText)\" is not an audited action")
        }
        if let file = string("manifestFile") {
            guard let sha = string("manifestSHA256"), let root = string("merkleRoot"),
                Hex.isHex(sha, byteCount: 32), Hex.isHex(root, byteCount: 32)
            else { return fail(.malformed, "manifestSHA256 and merkleRoot must be 64 lowercase hex digits") }
            r.manifest = ManifestReference(file: file, sha256: sha, merkleRoot: root)
        }
        if action.writesOutputs, r.manifest == nil || !isKind("counts", UInt8(ascii: "{")) {
            return fail(.malformed, "a \(action.rawValue) entry lacks file counts or a manifest")
        }
        // The body hash and signature already cover the profile and profileSHA256; whether the writer
        // computed profileSHA256 right is a question for the thorough pass (it costs a third more hashing).
        if thorough, let profile = byKey["profile"], Hex.encode(SHA256.hash(data: raw(profile))) != profileSHA256 {
            return fail(.profileHash, "profileSHA256 is not the SHA-256 of the recorded profile")
        }

        // The body: the line without its hash and signature members.
        var body: [UInt8] = [UInt8(ascii: "{")]
        body.reserveCapacity(line.count)
        var first = true
        for m in members where m.key != "hash" && m.key != "signature" {
            if !first { body.append(UInt8(ascii: ",")) }
            first = false
            body.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[m.range]))
        }
        body.append(UInt8(ascii: "}"))
        let digest = Array(SHA256.hash(data: body))
        let digestHex = Hex.encode(digest)
        guard digestHex == hash else {
            return fail(.hashMismatch, "the entry hashes to \(digestHex) but records \(hash)")
        }
        guard let signature = Base64.decode(signatureText), signature.count == 64 else {
            return fail(.badSignature, "the signature is not 64 bytes of base64")
        }
        if !trusted.isEmpty, trusted.byFingerprint[signer] == nil {
            return fail(
                .untrustedSigner,
                "signed by key \(signer), but the trusted key\(trusted.count == 1 ? " is" : "s are") \(trusted.fingerprints.joined(separator: ", "))")
        }
        r.digest = digest
        r.signature = signature
        return r
    }

    /// Checks signatures over the intact lines `1...last` (1-based) and returns the first failing line.
    ///
    /// Each entry's hash covers its `prev`, the SHA-256 of the whole previous line, signature
    /// included; so a valid signature on line k vouches for every byte of lines 1...k. Unless
    /// `everySignature` is set, the signature of `last` is checked; only when it fails, a binary
    /// search finds the line i whose signature fails while line i-1's holds (which vouches for all
    /// before it): that is the first broken line. So a forged or altered entry, and every entry
    /// after it, is found with O(log n) signature checks. What this shortcut does not flag is an
    /// entry whose own signature is bad but which a later entry, validly signed by the same key,
    /// vouches for: only the key holder can write that. `everySignature` checks all of them.
    static func firstBadSignature(_ results: [LineCheck], last: Int, keys: TrustedKeys, everySignature: Bool) -> Int? {
        @Sendable func valid(_ line: Int) -> Bool {
            let r = results[line - 1]
            guard let key = keys.byFingerprint[r.signer] else { return false }
            return key.isValidSignature(r.signature, for: r.digest)
        }
        guard last >= 1 else { return nil }
        if everySignature {
            let bad = LineCheckFlags(count: last)
            let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
            let chunks = min(last, workers * 8)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for i in (last * chunk / chunks)..<(last * (chunk + 1) / chunks) where !valid(i + 1) {
                    bad.set(i)
                }
            }
            return bad.first().map { $0 + 1 }
        }
        if valid(last) { return nil }
        // Invariant: lo == 0 or line lo's signature holds; line hi's signature fails.
        var lo = 0
        var hi = last
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if valid(mid) { lo = mid } else { hi = mid }
        }
        return hi
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

/// The members of an entry that verify reads, by name.
struct EntryMembers {
    var seq, prev, hash, signature, signer, time, `operator`, host, action, profileSHA256: CanonicalScanner.Member?
    var tool, keyFingerprints, derivations, governance, profile, counts: CanonicalScanner.Member?
    var manifestFile, manifestSHA256, merkleRoot: CanonicalScanner.Member?

    mutating func note(_ m: CanonicalScanner.Member) {
        switch m.key {
        case "seq": seq = m
        case "prev": prev = m
        case "hash": hash = m
        case "signature": signature = m
        case "signer": signer = m
        case "time": time = m
        case "operator": `operator` = m
        case "host": host = m
        case "action": action = m
        case "profileSHA256": profileSHA256 = m
        case "tool": tool = m
        case "keyFingerprints": keyFingerprints = m
        case "derivations": derivations = m
        case "governance": governance = m
        case "profile": profile = m
        case "counts": counts = m
        case "manifestFile": manifestFile = m
        case "manifestSHA256": manifestSHA256 = m
        case "merkleRoot": merkleRoot = m
        default: break
        }
    }

    subscript(key: String) -> CanonicalScanner.Member? {
        switch key {
        case "seq": return seq
        case "prev": return prev
        case "hash": return hash
        case "signature": return signature
        case "signer": return signer
        case "time": return time
        case "operator": return `operator`
        case "host": return host
        case "action": return action
        case "profileSHA256": return profileSHA256
        case "tool": return tool
        case "keyFingerprints": return keyFingerprints
        case "derivations": return derivations
        case "governance": return governance
        case "profile": return profile
        case "counts": return counts
        case "manifestFile": return manifestFile
        case "manifestSHA256": return manifestSHA256
        case "merkleRoot": return merkleRoot
        default: return nil
        }
    }
}

/// The public keys a log's entries may be signed with, by fingerprint.
struct TrustedKeys: Sendable {
    let byFingerprint: [String: VerifyingKey]
    /// The fingerprints in the order given, without repeats.
    let fingerprints: [String]

    init(_ keys: [VerifyingKey]) {
        var map: [String: VerifyingKey] = [:]
        var order: [String] = []
        for k in keys where map[k.fingerprint] == nil {
            map[k.fingerprint] = k
            order.append(k.fingerprint)
        }
        byFingerprint = map
        fingerprints = order
    }

    var isEmpty: Bool { fingerprints.isEmpty }
    var count: Int { fingerprints.count }
}

/// The result of checking one line on its own.
struct LineCheck: Sendable {
    var failure: (reason: VerificationFailure.Reason, detail: String)?
    /// SHA-256 of the body (what was signed) and the signature, for `firstBadSignature`.
    var digest: [UInt8] = []
    var signature: [UInt8] = []
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

/// One flag per line, set by the workers of `concurrentPerform`, read after they finish.
private final class LineCheckFlags: @unchecked Sendable {
    private let flags: UnsafeMutableBufferPointer<Bool>

    init(count: Int) {
        flags = .allocate(capacity: count)
        flags.initialize(repeating: false)
    }

    deinit { flags.deallocate() }

    func set(_ i: Int) { flags[i] = true }

    func first() -> Int? { flags.firstIndex(of: true) }
}

/// The mapped log, read (never written) by the workers while the mapping is alive.
private struct SharedBytes: @unchecked Sendable {
    let raw: UnsafeRawBufferPointer
}
