import DicomCore
import DicomIO
import Foundation
import Testing
@testable import Deidentify

/// dciodvfy (dicom3tools) must report no error on an output that it did not report on the input.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dciodvfy"), "needs dicom3tools' dciodvfy"))
struct ConformanceTests {
    func errors(_ file: DicomFile, in dir: String, name: String) throws -> Set<String> {
        let path = "\(dir)/\(name).dcm"
        try DicomWriter.write(file, to: path)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/dciodvfy")
        p.arguments = [path]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Set(String(decoding: out, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("Error") }.map(String.init))
    }

    @Test(arguments: [Profile.default, {
        var p = Profile.default
        p.options = []
        return p
    }(), {
        var p = Profile.default
        p.options = [.retainPatientCharacteristics, .retainDeviceIdentity, .retainInstitutionIdentity, .cleanStructuredContent, .retainLongitudinalFullDates]
        return p
    }()])
    func dciodvfyAddsNoError(profile: Profile) throws {
        let dir = NSTemporaryDirectory() + "dcmveil-dciodvfy-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = try Deidentifier(profile: profile, key: TestKeys.a)
        for inst in AnswerKeyCorpus().instances.prefix(3) {
            let r = try engine.deidentify(meta: inst.meta, dataSet: inst.dataSet)
            let before = try errors(DicomFile(meta: inst.meta, dataSet: inst.dataSet, transferSyntax: .explicitVRLittleEndian), in: dir, name: "in")
            let after = try errors(DicomFile(meta: r.meta, dataSet: r.dataSet, transferSyntax: .explicitVRLittleEndian), in: dir, name: "out")
            #expect(after.subtracting(before).isEmpty, "new errors: \(after.subtracting(before).sorted())")
        }
    }
}
