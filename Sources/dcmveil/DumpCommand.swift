import ArgumentParser
import DicomCore
import DicomIO
import Dispatch
import Foundation

/// `dcmveil dump FILE…`: list a file's elements like dcmdump, or print the DICOM JSON model.
struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dump", abstract: "List the elements of DICOM files (dcmdump-like), or print PS3.18 JSON.")

    @Flag(name: .long, help: "Print the DICOM JSON model (PS3.18 F.2) of the data set.")
    var json = false

    @Flag(name: .long, help: "Stop before the pixel data (reads no pixel bytes).")
    var headerOnly = false

    @Option(name: .long, help: "Longest value shown in text mode.")
    var width = 64

    @Argument(help: "DICOM files.")
    var files: [String]

    func run() throws {
        var failed = 0
        for path in files {
            do {
                let file = try DicomReader.read(path: path, mode: headerOnly ? .headerOnly : .full)
                if json {
                    print(DicomJSON.encode(file.dataSet))
                } else {
                    if files.count > 1 { print("# \(path)") }
                    print(DicomDump.text(file, maxValueLength: width), terminator: "")
                }
            } catch let e as DicomError {
                failed += 1
                printError("dcmveil dump: \(e.inFile(path))")
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

/// `dcmveil rewrite IN OUT`: read files and write them back, unchanged or in another uncompressed syntax.
struct Rewrite: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rewrite", abstract: "Read DICOM files and write them back (byte-identical when unchanged), optionally in another uncompressed transfer syntax. IN may be a folder.")

    @Option(name: .long, help: "Target transfer syntax UID, or one of: implicit-le, explicit-le, explicit-be, deflated.")
    var syntax: String?

    @Option(help: "Parallel workers for a folder (default: the number of cores).") var jobs: Int?

    @Argument var input: String
    @Argument var output: String

    func run() throws {
        var target: TransferSyntax? = nil
        if let syntax {
            switch syntax {
            case "implicit-le": target = .implicitVRLittleEndian
            case "explicit-le": target = .explicitVRLittleEndian
            case "explicit-be": target = .explicitVRBigEndian
            case "deflated": target = .deflatedExplicitVRLittleEndian
            default: target = TransferSyntax.named(syntax)
            }
        }
        let files = try FileWalker.files(under: input)
        let single = files == [""]
        let failures = ResultSlots<String>(count: files.count)
        let workers = max(1, min(files.count, jobs ?? ProcessInfo.processInfo.activeProcessorCount))
        let out = output
        let tgt = target
        if !single {
            // Create every output folder once, before the workers start.
            let dirs = Set(files.map { (FileWalker.join(out, $0) as NSString).deletingLastPathComponent })
            for d in dirs.sorted() { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        }
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < files.count {
                let src = FileWalker.join(input, files[i])
                let dst = single ? out : FileWalker.join(out, files[i])
                do {
                    let file = try DicomReader.read(path: src)
                    try DicomWriter.write(file, to: dst, as: tgt)
                } catch {
                    failures.set(i, "dcmveil rewrite: \(error)")
                }
                i += workers
            }
        }
        let errors = failures.values.compactMap { $0 }
        for e in errors { printError(e) }
        if !errors.isEmpty { throw ExitCode(1) }
    }
}
