import DicomCore
import DicomIO
import Foundation
import Testing
@testable import Deidentify

/// The `dcmveil` executable that SwiftPM builds next to the test bundle.
enum DcmveilExecutable {
    static let path: String? = {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let p = candidate.appendingPathComponent("dcmveil").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }()
}

/// The real `dcmveil` executable: keygen, profile show, apply.
@Suite(.enabled(if: DcmveilExecutable.path != nil, "needs the dcmveil executable next to the tests"))
struct CommandLineTests {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ args: [String]) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: DcmveilExecutable.path ?? "/bin/false")
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func tempDir() throws -> String {
        let d = NSTemporaryDirectory() + "dcmveil-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test func keygenPrintsFingerprintsOnlyAndRefusesToOverwrite() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try run(["keygen", dir + "/keys"])
        #expect(r.status == 0)
        let key = try PseudonymKey.read(path: dir + "/keys/pseudonym.key")
        #expect(r.stdout.contains(key.fingerprint))
        let secret = key.secretBytes.map { String(format: "%02x", $0) }.joined()
        #expect(!r.stdout.lowercased().contains(secret))
        for f in ["pseudonym.key", "signing.key"] {
            let attrs = try FileManager.default.attributesOfItem(atPath: dir + "/keys/" + f)
            #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
        let again = try run(["keygen", dir + "/keys"])
        #expect(again.status != 0)
        #expect(again.stderr.contains("refusing to overwrite"))
        #expect(try PseudonymKey.read(path: dir + "/keys/pseudonym.key").fingerprint == key.fingerprint)
    }

    @Test func profileShowPrintsTheEffectiveProfileAndRejectsBadOnes() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let shown = try run(["profile", "show"])
        #expect(shown.status == 0)
        #expect(try ProfileParser.parse(shown.stdout) == .default)
        try "[options]\nretain_uids = true\n\n[dates]\nshift_min_dayz = 3\n".write(toFile: dir + "/bad.toml", atomically: true, encoding: .utf8)
        let bad = try run(["profile", "show", "--profile", dir + "/bad.toml"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.toml:5: dates.shift_min_dayz: unknown key"))
    }

    @Test func applyExportsQuarantinesSkipsAndIsDeterministic() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let corpus = AnswerKeyCorpus()
        try FileManager.default.createDirectory(atPath: dir + "/in/a", withIntermediateDirectories: true)
        for (i, inst) in corpus.instances.prefix(8).enumerated() {
            try DicomWriter.write(DicomFile(meta: inst.meta, dataSet: inst.dataSet, transferSyntax: .explicitVRLittleEndian), to: "\(dir)/in/a/\(i).dcm")
        }
        // An instance without pixel data, a non-DICOM file and a broken DICOM file.
        var report = corpus.instances[8].dataSet
        report.remove(.pixelData)
        try DicomWriter.write(DicomFile(meta: corpus.instances[8].meta, dataSet: report, transferSyntax: .explicitVRLittleEndian), to: "\(dir)/in/report.dcm")
        try "hello".write(toFile: dir + "/in/readme.txt", atomically: true, encoding: .utf8)
        try Data([UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + [2, 0]).write(to: URL(fileURLWithPath: dir + "/in/broken.dcm"))
        let key = TestKeys.a
        try key.write(path: dir + "/pseudonym.key")

        let checked = try run(["apply", dir + "/in", dir + "/out1", "--key-file", dir + "/pseudonym.key"])
        #expect(checked.status == 0, "\(checked.stderr)")
        let manifest = try String(contentsOfFile: dir + "/out1/manifest.json", encoding: .utf8)
        // With the pixel check on, images whose pixel description is incomplete cannot be checked: quarantined, never passed on.
        #expect(manifest.components(separatedBy: "pixels cannot be checked").count - 1 == 8)
        #expect(checked.stdout.contains("11 files: 1 exported, 9 quarantined, 1 skipped"))
        #expect(manifest.contains("{\"input\": \"readme.txt\", \"output\": null, \"status\": \"skipped\""))
        #expect(manifest.contains("{\"input\": \"broken.dcm\", \"output\": null, \"status\": \"quarantined\""))
        #expect(manifest.contains("{\"input\": \"report.dcm\", \"output\": \"P"))
        #expect(!manifest.contains(String(key.secretBytes.map { String(format: "%02x", $0) }.joined())))

        let a = try run(["apply", dir + "/in", dir + "/out2", "--key-file", dir + "/pseudonym.key", "--no-pixel-check", "--jobs", "1"])
        let b = try run(["apply", dir + "/in", dir + "/out3", "--key-file", dir + "/pseudonym.key", "--no-pixel-check", "--jobs", "2"])
        #expect(a.status == 0 && b.status == 0)
        #expect(a.stdout.contains("11 files: 9 exported, 1 quarantined, 1 skipped"))
        let files2 = try FileManager.default.subpathsOfDirectory(atPath: dir + "/out2").sorted()
        let files3 = try FileManager.default.subpathsOfDirectory(atPath: dir + "/out3").sorted()
        #expect(files2 == files3)
        #expect(files2.filter { $0.hasSuffix(".dcm") }.count == 9)
        for f in files2 where f.hasSuffix(".dcm") || f.hasSuffix(".json") {
            #expect(FileManager.default.contents(atPath: dir + "/out2/" + f) == FileManager.default.contents(atPath: dir + "/out3/" + f), "\(f) differs")
            if f.hasSuffix(".dcm") {
                let file = try DicomReader.read(path: dir + "/out2/" + f)
                #expect(file.dataSet.string(Tag(0x0012_0062)) == "YES")
                #expect(file.meta.string(.mediaStorageSOPInstanceUID) == file.dataSet.string(.sopInstanceUID))
                #expect(file.preamble == [UInt8](repeating: 0, count: 128))
                let codes = (file.dataSet[Tag(0x0012_0064)]?.items ?? []).compactMap { $0.dataSet.string(Tag(0x0008_0100)) }
                #expect(!codes.contains("113101"))
            }
        }
        #expect(!files2.contains { $0.contains("tmp") })
    }

    @Test func applyWithAnOperatorAppendsASignedEntryThatVerifiesAgainstTheOutputs() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try run(["keygen", dir + "/keys"]).status == 0)
        let corpus = AnswerKeyCorpus()
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        for (i, inst) in corpus.instances.prefix(3).enumerated() {
            var ds = inst.dataSet
            ds.remove(.pixelData)
            try DicomWriter.write(DicomFile(meta: inst.meta, dataSet: ds, transferSyntax: .explicitVRLittleEndian), to: "\(dir)/in/\(i).dcm")
        }
        let r = try run(["apply", dir + "/in", dir + "/out", "--key-file", dir + "/keys/pseudonym.key", "--operator", "alice"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("audit entry #1"))
        let ok = try run(["audit", "verify", dir + "/out/audit.jsonl", "--pubkey", dir + "/keys/signing.pub", "--files", dir + "/out"])
        #expect(ok.status == 0, "\(ok.stdout) \(ok.stderr)")
        // The key holder replays the run bit for bit.
        let replay = try run(["audit", "replay", dir + "/out/audit.jsonl", "--input", dir + "/in", "--key-file", dir + "/keys/pseudonym.key"])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("3 of 3 outputs hash the same"))
        // The report's risk summary reads the three released headers beside the log.
        let report = try run(["audit", "report", dir + "/out/audit.jsonl", "--pubkey", dir + "/keys/signing.pub", "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
        let risk = try #require(json?["risk"] as? [String: Any])
        #expect(risk["filesRead"] as? Int == 3)
        #expect(((risk["kAnonymity"] as? [String: Any])?["k"] as? Int ?? 0) >= 1)
        // A changed output file is found.
        let outputs = try FileManager.default.subpathsOfDirectory(atPath: dir + "/out").filter { $0.hasSuffix(".dcm") }
        let victim = try #require(outputs.first)
        var bytes = try #require(FileManager.default.contents(atPath: dir + "/out/" + victim))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: dir + "/out/" + victim))
        let bad = try run(["audit", "verify", dir + "/out/audit.jsonl", "--pubkey", dir + "/keys/signing.pub", "--files", dir + "/out"])
        #expect(bad.status == 1)
        // ... and left out of the risk summary, by name.
        let after = try run(["audit", "report", dir + "/out/audit.jsonl", "--pubkey", dir + "/keys/signing.pub"])
        #expect(after.stdout.contains("could not be read or no longer match their hash"))
        #expect(after.stdout.contains(victim))
    }

    /// A file that takes longer than `--file-time-limit` is quarantined with the reason, leaves no
    /// output, and the batch still finishes. A large image with burned-in text keeps OCR busy far
    /// longer than the 10 ms allowed here.
    @Test func applyGivesUpOnAFileThatRunsPastTheTimeLimit() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try run(["keygen", dir + "/keys"]).status == 0)
        #expect(try run(["synth", "--kind", "mixed", "--count", "2", "--size", "1024", dir + "/in"]).status == 0)
        try FileManager.default.removeItem(atPath: dir + "/in/truth.json")
        let r = try run(["apply", dir + "/in", dir + "/out", "--key-file", dir + "/keys/pseudonym.key", "--file-time-limit", "0.01"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 files: 0 exported, 2 quarantined"), "\(r.stdout)")
        let manifest = try String(contentsOfFile: dir + "/out/manifest.json", encoding: .utf8)
        #expect(manifest.contains("gave up after the time limit of 0.01 s"))
        let outputs = try FileManager.default.subpathsOfDirectory(atPath: dir + "/out").filter { $0.hasSuffix(".dcm") }
        #expect(outputs.isEmpty, "no output from a given-up file: \(outputs)")
    }
}
