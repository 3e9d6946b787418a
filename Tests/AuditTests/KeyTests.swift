import Foundation
import Testing

@testable import Audit

@Suite struct KeyTests {
    @Test func fingerprintIsLabelledSHA256Prefix() {
        // SHA-256("dcmveil-signing-v1" || 0x00 || 00 01 … 1f), first 16 hex digits (computed independently).
        #expect(fingerprint(label: "dcmveil-signing-v1", keyBytes: Array(0..<32)) == "b101de57c014d5a0")
        #expect(fingerprint(label: "other-v1", keyBytes: Array(0..<32)) != "b101de57c014d5a0")
    }

    @Test func savesAndLoadsBothHalves() throws {
        let dir = try TemporaryDirectory()
        let key = SigningKey()
        try key.save(to: dir.url("signing.key"))
        try key.verifyingKey.save(to: dir.url("signing.pub"))
        let loaded = try SigningKey.load(from: dir.url("signing.key"))
        #expect(loaded.verifyingKey == key.verifyingKey)
        #expect(try VerifyingKey.load(from: dir.url("signing.pub")) == key.verifyingKey)
        let message: [UInt8] = Array("hash".utf8)
        #expect(key.verifyingKey.isValidSignature(try loaded.signature(for: message), for: message))
        let text = try String(contentsOf: dir.url("signing.key"), encoding: .utf8)
        #expect(text.hasPrefix("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI"))
        let pub = try String(contentsOf: dir.url("signing.pub"), encoding: .utf8)
        #expect(pub.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"))
    }

    @Test func secretFileIsPrivateAndNeverOverwritten() throws {
        let dir = try TemporaryDirectory()
        let url = dir.url("signing.key")
        try SigningKey().save(to: url)
        let mode = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let before = try Data(contentsOf: url)
        #expect(throws: AuditError.self) { try SigningKey().save(to: url) }
        #expect(try Data(contentsOf: url) == before)
    }

    @Test func refusesASecretFileOthersCanRead() throws {
        let dir = try TemporaryDirectory()
        let url = dir.url("signing.key")
        try SigningKey().save(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        #expect(throws: AuditError.self) { try SigningKey.load(from: url) }
    }

    @Test func readsRawBase64Keys() throws {
        let dir = try TemporaryDirectory()
        let raw = [UInt8](repeating: 7, count: 32)
        let key = try SigningKey(rawRepresentation: raw)
        try (Data(raw).base64EncodedString() + "\n").write(to: dir.url("k"), atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dir.url("k").path)
        #expect(try SigningKey.load(from: dir.url("k")).verifyingKey == key.verifyingKey)
        try Data(key.verifyingKey.rawRepresentation).base64EncodedString().write(
            to: dir.url("p"), atomically: false, encoding: .utf8)
        #expect(try VerifyingKey.load(from: dir.url("p")) == key.verifyingKey)
    }

    @Test func refusesWrongKeyFiles() throws {
        let dir = try TemporaryDirectory()
        let key = SigningKey()
        try key.verifyingKey.save(to: dir.url("signing.pub"))
        // A public key file is not a private key, and vice versa.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dir.url("signing.pub").path)
        #expect(throws: AuditError.self) { try SigningKey.load(from: dir.url("signing.pub")) }
        try key.save(to: dir.url("signing.key"))
        #expect(throws: AuditError.self) { try VerifyingKey.load(from: dir.url("signing.key")) }
        try "not a key".write(to: dir.url("junk"), atomically: false, encoding: .utf8)
        #expect(throws: AuditError.self) { try VerifyingKey.load(from: dir.url("junk")) }
    }

    @Test func printingAKeyShowsOnlyItsFingerprint() throws {
        let raw = [UInt8](repeating: 0xAB, count: 32)
        let key = try SigningKey(rawRepresentation: raw)
        var dumped = ""
        dump(key, to: &dumped)
        for text in [String(describing: key), "\(key)", dumped, String(reflecting: key)] {
            #expect(text.contains(key.fingerprint))
            #expect(!text.contains("171"))  // 0xAB as a decimal byte
            #expect(!text.lowercased().contains("abab"))
            #expect(!text.contains(Data(raw).base64EncodedString().prefix(8)))
        }
    }
}

@Suite struct OpenSSLInteropTests {
    /// Runs openssl with `arguments`; nil when openssl is not installed.
    func openssl(_ arguments: [String]) throws -> (status: Int32, output: String)? {
        let tool = "/usr/bin/openssl"
        guard FileManager.default.isExecutableFile(atPath: tool) else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = Pipe()
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func opensslReadsTheKeysAndChecksAnEntrySignature() throws {
        let dir = try TemporaryDirectory()
        let key = SigningKey()
        try key.save(to: dir.url("signing.key"))
        try key.verifyingKey.save(to: dir.url("signing.pub"))
        guard let pub = try openssl(["pkey", "-in", dir.url("signing.key").path, "-pubout"]) else { return }
        #expect(pub.status == 0)
        #expect(pub.output == (try String(contentsOf: dir.url("signing.pub"), encoding: .utf8)))

        // An entry's signature is plain Ed25519 over the 32 hash bytes: openssl agrees.
        let log = AuditLog(url: dir.url("audit.jsonl"))
        let entry = try log.append(sampleEvent(), signingKey: key)
        try Data(try #require(Hex.decode(entry.hash))).write(to: dir.url("hash.bin"))
        try Data(try #require(Base64.decode(entry.signature))).write(to: dir.url("sig.bin"))
        let args = ["pkeyutl", "-verify", "-pubin", "-inkey", dir.url("signing.pub").path, "-rawin", "-in", dir.url("hash.bin").path, "-sigfile", dir.url("sig.bin").path]
        #expect(try openssl(args)?.status == 0)
        // And refuses it for other bytes.
        try Data(repeating: 0, count: 32).write(to: dir.url("hash.bin"))
        #expect(try openssl(args)?.status != 0)
    }
}
