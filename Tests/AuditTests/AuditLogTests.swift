import Crypto
import Foundation
import Testing

@testable import Audit

@Suite struct AuditLogTests {
    /// A log of `count` entries (a scan, decisions, then commits with real manifests) and its key.
    struct Fixture {
        let dir: TemporaryDirectory
        let key: SigningKey
        let log: AuditLog
        var url: URL { log.url }

        init(count: Int = 5) throws {
            dir = try TemporaryDirectory()
            key = SigningKey()
            log = AuditLog(url: dir.url("audit.jsonl"))
            let actions: [AuditAction] = [.keygen, .scan, .decisions, .commit, .export, .apply]
            for i in 0..<count {
                let action = actions[i % actions.count]
                var manifest: ManifestReference?
                if action.writesOutputs {
                    manifest = try Self.writeOutputs(in: dir, name: "manifest-\(i + 1).jsonl", seed: i)
                }
                try log.append(sampleEvent(action, manifest: manifest, note: "entry \(i + 1)"), signingKey: key)
            }
            var offsets: [Int] = []
            var offset = 0
            for line in [UInt8](try Data(contentsOf: log.url)).split(separator: 0x0A) {
                offsets.append(offset)
                offset += line.count + 1
            }
            starts = offsets
        }

        /// Writes two output files under out/ and their manifest beside the log.
        static func writeOutputs(in dir: TemporaryDirectory, name: String, seed: Int) throws -> ManifestReference {
            let out = dir.url("out")
            try FileManager.default.createDirectory(at: out.appendingPathComponent("s"), withIntermediateDirectories: true)
            var rows: [ManifestRow] = []
            for f in ["s/1.dcm", "s/2.dcm"] {
                let bytes = Data("output \(f) \(seed)".utf8)
                try bytes.write(to: out.appendingPathComponent(f))
                rows.append(
                    try ManifestRow(
                        path: f, inputSHA256: Hex.encode(SHA256.hash(data: Data("input \(f)".utf8))),
                        outputSHA256: Hex.encode(SHA256.hash(data: bytes)), masks: "0,0,64,16"))
            }
            rows.append(try ManifestRow(path: "s/3.dcm", inputSHA256: String(repeating: "c", count: 64), outputSHA256: nil, masks: ""))
            let manifest = try Manifest(rows: rows)
            try manifest.write(to: dir.url(name))
            return manifest.reference(file: name)
        }

        func bytes() throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }
        /// Byte offset where each line (1-based index - 1) of the untouched log starts.
        let starts: [Int]
        func write(_ bytes: [UInt8]) throws { try Data(bytes).write(to: url) }
        func lines() throws -> [[UInt8]] { try bytes().split(separator: 0x0A).map(Array.init) }
        func write(lines: [[UInt8]]) throws { try write(lines.flatMap { $0 + [0x0A] }) }
        /// Byte offset where line `n` (1-based) of the untouched log starts.
        func start(ofLine n: Int) -> Int { starts[n - 1] }

        func verify(key: VerifyingKey? = nil, files: Bool = false, anchor: String? = nil) throws -> VerificationReport {
            try log.verify(trustedKey: key ?? self.key.verifyingKey, filesDirectory: files ? dir.url("out") : nil, anchor: anchor)
        }
    }

    @Test func anUntouchedLogVerifies() throws {
        let f = try Fixture(count: 8)
        let report = try f.verify(files: true)
        #expect(report.isIntact, "\(report.summary)")
        #expect(report.lineCount == 8)
        #expect(report.verifiedCount == 8)
        #expect(report.signaturesChecked)
        #expect(report.signers == [f.key.fingerprint])
        #expect(report.filesChecked == 2)
        #expect(report.head == Hex.encode(SHA256.hash(data: try f.lines()[7])))
    }

    @Test func anEmptyLogVerifies() throws {
        let dir = try TemporaryDirectory()
        try Data().write(to: dir.url("audit.jsonl"))
        let report = try AuditLog.verify(at: dir.url("audit.jsonl"), trustedKey: nil)
        #expect(report.isIntact)
        #expect(report.lineCount == 0)
        #expect(report.head == nil)
    }

    @Test func appendsAreChained() throws {
        let f = try Fixture(count: 4)
        let entries = try f.log.entries()
        #expect(entries.map(\.seq) == [1, 2, 3, 4])
        #expect(entries[0].prev == AuditEntry.genesisPrev)
        for i in 1..<entries.count {
            #expect(entries[i].prev == entries[i - 1].lineHash)
        }
        let lines = try f.lines()
        for (entry, line) in zip(entries, lines) {
            #expect(entry.line == line)
            // The hash is over the canonical body: the line without hash and signature.
            let value = try JSONParser.parse(line)
            var body = try #require(value.objectValue)
            body["hash"] = nil
            body["signature"] = nil
            let digest = Array(SHA256.hash(data: try CanonicalJSON.encode(.object(body))))
            #expect(entry.hash == Hex.encode(digest))
            #expect(f.key.verifyingKey.isValidSignature(try #require(Base64.decode(entry.signature)), for: digest))
            #expect(entry.signer == f.key.fingerprint)
        }
        // Entries read back equal what was written.
        #expect(entries[3].event == sampleEvent(.commit, manifest: entries[3].event.manifest, note: "entry 4"))
    }

    @Test func entryHoldsTheIssueFields() throws {
        let f = try Fixture(count: 4)
        let line = try f.lines()[3]
        let v = try JSONParser.parse(line)
        for key in [
            "seq", "prev", "time", "operator", "host", "action", "tool", "profile", "profileSHA256", "keyFingerprints",
            "derivations", "ocr", "governance", "counts", "merkleRoot", "manifestSHA256", "manifestFile", "decisions", "hash",
            "signature", "signer",
        ] {
            #expect(v[key] != nil, "missing \(key)")
        }
        #expect(v["derivations"] == ["uid": "hmac-sha256-2.25/v1", "dateShift": "hmac-sha256-days/v1"])
        #expect(v["governance"]?["dsa"] == .null)
        let time = try #require(v["time"]?.stringValue)
        #expect(time.count == 24 && time.hasSuffix("Z") && time.contains("T"))
    }

    @Test func noKeyMaterialInTheLog() throws {
        let f = try Fixture(count: 3)
        let text = String(decoding: try f.bytes(), as: UTF8.self)
        #expect(!text.contains(Data(f.key.verifyingKey.rawRepresentation).base64EncodedString()))
        #expect(!text.contains(Hex.encode(f.key.verifyingKey.rawRepresentation)))
    }

    @Test func changingAnyByteOfAnyEntryBreaksThatLine() throws {
        let f = try Fixture(count: 5)
        let original = try f.bytes()
        let lines = try f.lines()
        var tried = 0
        for n in 1...lines.count {
            let start = f.start(ofLine: n)
            let text = String(decoding: lines[n - 1], as: UTF8.self)
            // A stride through the line, its newline, and the first bytes of each member's value.
            var offsets = Set(stride(from: 0, through: lines[n - 1].count, by: n == 3 ? 7 : 97))
            for key in ["seq", "prev", "hash", "signature", "signer", "time", "action", "profile", "profileSHA256", "tool", "governance"] {
                if let r = text.range(of: "\"\(key)\":") {
                    let at = text.utf8.distance(from: text.startIndex, to: r.upperBound)
                    offsets.formUnion([at, at + 1, at + 2])
                }
            }
            offsets.formUnion([0, lines[n - 1].count - 1, lines[n - 1].count - 3, lines[n - 1].count])
            for offset in offsets.sorted() {
                let replacements = n == 3 ? [original[start + offset] ^ 0x01, UInt8(ascii: "0")] : [original[start + offset] ^ 0x01]
                for replacement in replacements where replacement != original[start + offset] {
                    var tampered = original
                    tampered[start + offset] = replacement
                    try f.write(tampered)
                    let report = try f.verify()
                    #expect(report.failure?.line == n, "byte \(offset) of line \(n) -> \(replacement): \(report.summary)")
                    #expect(report.verifiedCount == n - 1)
                    if n == 3, offset % 3 == 0 {
                        let thorough = try f.log.verify(trustedKey: f.key.verifyingKey, thorough: true)
                        #expect(thorough.failure?.line == n, "thorough: byte \(offset) of line \(n): \(thorough.summary)")
                    }
                    tried += 1
                }
            }
        }
        #expect(tried > 250)
        try f.write(original)
        #expect(try f.verify().isIntact)
    }

    @Test func thoroughModeFindsTheSameLines() throws {
        let f = try Fixture(count: 5)
        let original = try f.bytes()
        let lines = try f.lines()
        for n in [1, 3, 5] {
            let text = String(decoding: lines[n - 1], as: UTF8.self)
            let r = try #require(text.range(of: "\"signature\":\""))
            let at = f.start(ofLine: n) + text.utf8.distance(from: text.startIndex, to: r.upperBound) + 3
            var tampered = original
            tampered[at] = tampered[at] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            try f.write(tampered)
            let fast = try f.verify()
            let thorough = try f.log.verify(trustedKey: f.key.verifyingKey, thorough: true)
            #expect(fast.failure?.line == n)
            #expect(thorough.failure?.line == n)
            #expect(thorough.failure?.reason == .badSignature || thorough.failure?.reason == .brokenLink)
        }
    }

    @Test func aForgeryRechainedToTheEndIsFoundAtTheForgedLine() throws {
        // Without the key, an attacker alters line 2 and recomputes every hash and link after it,
        // keeping the old signatures: the chain is whole, and the signatures name line 2.
        let f = try Fixture(count: 6)
        var lines = try f.lines()
        var prev = Hex.encode(SHA256.hash(data: lines[0]))
        for i in 1..<lines.count {
            var entry = try #require(try JSONParser.parse(lines[i]).objectValue)
            if i == 1 { entry["operator"] = "Mallory" }
            entry["prev"] = .string(prev)
            var body = entry
            body["hash"] = nil
            body["signature"] = nil
            entry["hash"] = .string(Hex.encode(SHA256.hash(data: try CanonicalJSON.encode(.object(body)))))
            lines[i] = try CanonicalJSON.encode(.object(entry))
            prev = Hex.encode(SHA256.hash(data: lines[i]))
        }
        try f.write(lines: lines)
        #expect(try f.log.verify(trustedKey: nil).isIntact)  // the chain alone cannot tell
        let report = try f.verify()
        #expect(report.failure?.line == 2)
        #expect(report.failure?.reason == .badSignature)
        #expect(report.verifiedCount == 1)
        #expect(try f.log.verify(trustedKey: f.key.verifyingKey, thorough: true).failure?.line == 2)
    }

    @Test func deletingAnEntryBreaksTheLineItLeaves() throws {
        let f = try Fixture(count: 5)
        let lines = try f.lines()
        for n in 1...4 {
            var cut = lines
            cut.remove(at: n - 1)
            try f.write(lines: cut)
            let report = try f.verify()
            #expect(report.failure?.line == n)
            #expect(report.failure?.reason == .sequence)
        }
    }

    @Test func swappingTwoEntriesBreaksTheFirstOfThem() throws {
        let f = try Fixture(count: 5)
        let lines = try f.lines()
        for (a, b) in [(1, 2), (2, 4), (4, 5)] {
            var swapped = lines
            swapped.swapAt(a - 1, b - 1)
            try f.write(lines: swapped)
            let report = try f.verify()
            #expect(report.failure?.line == a, "\(report.summary)")
        }
    }

    @Test func truncatingTheLogIsReported() throws {
        let f = try Fixture(count: 5)
        let original = try f.bytes()
        let lines = try f.lines()
        for n in [1, 3, 5] {
            let start = f.start(ofLine: n)
            for cut in [start + 1, start + 50, start + lines[n - 1].count] {
                try f.write(Array(original.prefix(cut)))
                let report = try f.verify()
                #expect(report.failure?.line == n)
                #expect(report.failure?.reason == .tornLine)
                #expect(report.verifiedCount == n - 1)
            }
        }
        // Cut back at a line boundary: only an anchor (a head published earlier) can tell.
        try f.write(original)
        let head = try f.verify().head
        try f.write(Array(original.prefix(f.start(ofLine: 4))))
        #expect(try f.verify().isIntact)
        let report = try f.verify(anchor: try f.verify(anchor: nil).head)
        #expect(report.isIntact)
        let anchored = try f.verify(anchor: head)
        #expect(anchored.failure?.reason == .missingAnchor)
        #expect(anchored.failure?.line == 4)
    }

    @Test func anotherPublicKeyFailsTheFirstEntry() throws {
        let f = try Fixture(count: 3)
        let report = try f.verify(key: SigningKey().verifyingKey)
        #expect(report.failure?.line == 1)
        #expect(report.failure?.reason == .untrustedSigner)
    }

    @Test func anEntrySignedByAnotherKeyIsNamed() throws {
        let f = try Fixture(count: 3)
        try f.log.append(sampleEvent(.scan), signingKey: SigningKey())
        try f.log.append(sampleEvent(.scan), signingKey: f.key)
        let report = try f.verify()
        #expect(report.failure?.line == 4)
        #expect(report.failure?.reason == .untrustedSigner)
        // Without a trusted key the chain holds, and the report says signatures went unchecked.
        let unchecked = try f.log.verify(trustedKey: nil)
        #expect(unchecked.isIntact)
        #expect(!unchecked.signaturesChecked)
        #expect(unchecked.signers.count == 2)
    }

    @Test func aForgedSignatureFromTheRightFingerprintFails() throws {
        // Re-sign line 2 with another key but keep the recorded signer: the signature must fail.
        let f = try Fixture(count: 3)
        var lines = try f.lines()
        var entry = try #require(try JSONParser.parse(lines[1]).objectValue)
        let hashText = try #require(entry["hash"]?.stringValue)
        let digest = try #require(Hex.decode(hashText))
        entry["signature"] = .string(Base64.encode(try SigningKey().signature(for: digest)))
        lines[1] = try CanonicalJSON.encode(.object(entry))
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.failure?.line == 2)
        #expect(report.failure?.reason == .badSignature)
    }

    @Test func aRewrittenButRehashedEntryFailsItsSignature() throws {
        // Change the operator and recompute the hash: the link to the next line and the signature both break,
        // and the first failure is the rewritten line itself.
        let f = try Fixture(count: 3)
        var lines = try f.lines()
        var entry = try #require(try JSONParser.parse(lines[1]).objectValue)
        entry["operator"] = "Mallory"
        var body = entry
        body["hash"] = nil
        body["signature"] = nil
        entry["hash"] = .string(Hex.encode(SHA256.hash(data: try CanonicalJSON.encode(.object(body)))))
        lines[1] = try CanonicalJSON.encode(.object(entry))
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.failure?.line == 2)
        #expect(report.failure?.reason == .badSignature)
    }

    @Test func aNonCanonicalButEquivalentLineIsRefused() throws {
        let f = try Fixture(count: 2)
        var lines = try f.lines()
        lines[0] = Array(String(decoding: lines[0], as: UTF8.self).replacingOccurrences(of: "\"host\":", with: "\"host\": ").utf8)
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.failure?.line == 1)
        #expect(report.failure?.reason == .notCanonical)
    }

    @Test func anEmptyLineIsRefused() throws {
        let f = try Fixture(count: 3)
        var lines = try f.lines()
        lines.insert([], at: 2)
        try f.write(lines: lines)
        let report = try f.verify()
        #expect(report.failure?.line == 3)
        #expect(report.failure?.reason == .emptyLine)
    }

    @Test func appendRefusesATornLog() throws {
        let f = try Fixture(count: 2)
        let original = try f.bytes()
        try f.write(Array(original.dropLast(10)))
        #expect(throws: AuditError.self) { try f.log.append(sampleEvent(), signingKey: f.key) }
        // Nothing was written.
        #expect(try f.bytes() == Array(original.dropLast(10)))
    }

    @Test func outputEntriesNeedCountsAndAManifest() throws {
        let dir = try TemporaryDirectory()
        let log = AuditLog(url: dir.url("audit.jsonl"))
        #expect(throws: AuditError.self) { try log.append(sampleEvent(.commit, manifest: nil), signingKey: SigningKey()) }
        let written = (try? Data(contentsOf: dir.url("audit.jsonl"))) ?? Data()
        #expect(written.isEmpty)
    }

    @Test func changedOutputFilesAreFound() throws {
        let f = try Fixture(count: 5)  // commit on line 4, export on line 5
        #expect(try f.verify(files: true).isIntact)
        // The latest manifest (line 5) vouches for the files now on disk.
        try Data("altered".utf8).write(to: f.dir.url("out/s/2.dcm"))
        let report = try f.verify(files: true)
        #expect(report.failure?.line == 5)
        #expect(report.failure?.reason == .outputFile)
        try FileManager.default.removeItem(at: f.dir.url("out/s/1.dcm"))
        #expect(try f.verify(files: true).failure?.reason == .outputFile)
    }

    @Test func changedManifestsAreFound() throws {
        let f = try Fixture(count: 5)
        var manifest = [UInt8](try Data(contentsOf: f.dir.url("manifest-4.jsonl")))
        manifest[10] ^= 0x01
        try Data(manifest).write(to: f.dir.url("manifest-4.jsonl"))
        let report = try f.verify(files: true)
        #expect(report.failure?.line == 4)
        #expect(report.failure?.reason == .manifest)
        // Without --files, manifests are not consulted.
        #expect(try f.verify().isIntact)
    }

    @Test func concurrentAppendsFromTwoThreadsStayChained() async throws {
        let dir = try TemporaryDirectory()
        let url = dir.url("audit.jsonl")
        let key = SigningKey()
        let perWriter = 40
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    let log = AuditLog(url: url)
                    for i in 0..<perWriter {
                        try log.append(sampleEvent(.scan, note: "writer \(writer) entry \(i)"), signingKey: key)
                    }
                }
            }
            try await group.waitForAll()
        }
        let report = try AuditLog.verify(at: url, trustedKey: key.verifyingKey)
        #expect(report.isIntact, "\(report.summary)")
        #expect(report.lineCount == 2 * perWriter)
    }

    @Test func concurrentAppendsFromTwoProcessesStayChained() throws {
        // flock(2) excludes other processes as it does other descriptors; hold the lock from a child
        // process and check an append waits for it.
        let dir = try TemporaryDirectory()
        let url = dir.url("audit.jsonl")
        let key = SigningKey()
        let log = AuditLog(url: url)
        try log.append(sampleEvent(), signingKey: key)
        let flockTool = "/usr/bin/flock"
        guard FileManager.default.isExecutableFile(atPath: flockTool) else { return }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: flockTool)
        let marker = dir.url("released")
        holder.arguments = ["-x", url.path, "-c", "printf 'held\\n'; sleep 1; touch '\(marker.path)'"]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        // Wait until the child holds the lock.
        _ = pipe.fileHandleForReading.availableData
        try log.append(sampleEvent(), signingKey: key)
        // Our append could only finish after the child released the lock, after it made the marker.
        #expect(FileManager.default.fileExists(atPath: marker.path))
        holder.waitUntilExit()
        #expect(try AuditLog.verify(at: url, trustedKey: key.verifyingKey).lineCount == 2)
    }
}

@Suite struct ThoroughVerifyTests {
    @Test func aWrongProfileHashSignedByTheKeyHolderIsFoundByTheThoroughPass() throws {
        let dir = try TemporaryDirectory()
        let key = SigningKey()
        let log = AuditLog(url: dir.url("audit.jsonl"))
        try log.append(sampleEvent(), signingKey: key)
        // Write line 2 by hand with a wrong profileSHA256, correctly hashed, chained and signed.
        var members = try #require(try JSONParser.parse(try log.entries()[0].line).objectValue)
        members["seq"] = 2
        members["prev"] = .string(try log.entries()[0].lineHash)
        members["profileSHA256"] = .string(String(repeating: "0", count: 64))
        members["hash"] = nil
        members["signature"] = nil
        let digest = Array(SHA256.hash(data: try CanonicalJSON.encode(.object(members))))
        members["hash"] = .string(Hex.encode(digest))
        members["signature"] = .string(Base64.encode(try key.signature(for: digest)))
        let handle = try FileHandle(forWritingTo: log.url)
        try handle.seekToEnd()
        try handle.write(contentsOf: try CanonicalJSON.encode(.object(members)) + [0x0A])
        try handle.close()
        #expect(try log.verify(trustedKey: key.verifyingKey).isIntact)
        let thorough = try log.verify(trustedKey: key.verifyingKey, thorough: true)
        #expect(thorough.failure?.line == 2)
        #expect(thorough.failure?.reason == .profileHash)
    }
}

@Suite struct TimestampTests {
    @Test func writesRFC3339UTCWithMilliseconds() {
        #expect(AuditLog.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(AuditLog.timestamp(Date(timeIntervalSince1970: 1_795_958_816.1209)) == "2026-11-29T13:26:56.120Z")
        #expect(AuditLog.timestamp(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
    }

    @Test func refusesTimesItCannotWrite() throws {
        #expect(AuditLog.timestamp(Date(timeIntervalSince1970: -1)) == nil)
        #expect(AuditLog.timestamp(Date(timeIntervalSince1970: .infinity)) == nil)
        let dir = try TemporaryDirectory()
        #expect(throws: AuditError.self) {
            try AuditLog(url: dir.url("audit.jsonl")).append(sampleEvent(), signingKey: SigningKey(), time: Date(timeIntervalSince1970: 1e15))
        }
    }
}
