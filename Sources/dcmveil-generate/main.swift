// dcmveil-generate: regenerates (or with --check, verifies) the committed DICOM tables.
//
//   swift run dcmveil-generate [--check] <input-dir> <output-dir>
//   e.g. swift run dcmveil-generate Tools/standard Sources/DicomDictionary/Generated
//
// Exit status: 0 success (or up to date), 1 generated files differ (--check), 2 bad usage or bad input.
import Foundation
import StandardTables

let usage = "usage: dcmveil-generate [--check] <input-dir> <output-dir>"

var arguments = Array(CommandLine.arguments.dropFirst())
let check = arguments.contains("--check")
arguments.removeAll { $0 == "--check" }
if arguments.contains(where: { $0 == "-h" || $0 == "--help" }) {
    print(usage)
    print("Reads \(StandardTablesGenerator.attributesFile) and \(StandardTablesGenerator.profileFile) from <input-dir>,")
    print("writes \(StandardTablesGenerator.dictionaryOutput) and \(StandardTablesGenerator.annexEOutput) into <output-dir>.")
    print("--check writes nothing and exits 1 when the files in <output-dir> differ from what would be generated.")
    exit(0)
}
guard arguments.count == 2, !arguments.contains(where: { $0.hasPrefix("-") }) else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(2)
}
let input = URL(fileURLWithPath: arguments[0], isDirectory: true)
let output = URL(fileURLWithPath: arguments[1], isDirectory: true)

do {
    let files = try StandardTablesGenerator.generate(inputDirectory: input)
    if check {
        let stale = StandardTablesGenerator.staleFiles(files, in: output)
        if stale.isEmpty {
            print("up to date: \(files.map(\.name).joined(separator: ", "))")
            exit(0)
        }
        FileHandle.standardError.write(Data("out of date (regenerate with dcmveil-generate \(arguments[0]) \(arguments[1])): \(stale.joined(separator: ", "))\n".utf8))
        exit(1)
    }
    let changed = try StandardTablesGenerator.write(files, to: output)
    print(changed.isEmpty ? "unchanged: \(files.map(\.name).joined(separator: ", "))" : "wrote: \(changed.joined(separator: ", "))")
} catch {
    FileHandle.standardError.write(Data("dcmveil-generate: \(error)\n".utf8))
    exit(2)
}
