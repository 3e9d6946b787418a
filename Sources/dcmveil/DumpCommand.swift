import ArgumentParser
import DicomCore
import DicomIO

/// `dcmveil dump FILE…`: list a file's elements like dcmdump, or print the DICOM JSON model.
struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the elements of DICOM files (dcmdump-like), or print PS3.18 JSON.")

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

/// `dcmveil rewrite IN OUT`: read a file and write it back, unchanged or in another uncompressed syntax.
struct Rewrite: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read a DICOM file and write it back (byte-identical when unchanged), optionally in another uncompressed transfer syntax.")

    @Option(name: .long, help: "Target transfer syntax UID, or one of: implicit-le, explicit-le, explicit-be, deflated.")
    var syntax: String?

    @Argument var input: String
    @Argument var output: String

    func run() throws {
        do {
            let file = try DicomReader.read(path: input)
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
            try DicomWriter.write(file, to: output, as: target)
        } catch let e as DicomError {
            printError("dcmveil rewrite: \(e)")
            throw ExitCode(1)
        }
    }
}
