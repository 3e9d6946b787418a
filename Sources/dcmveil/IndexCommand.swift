import ArgumentParser
import DicomCore
import DicomIO
import Dispatch
import Foundation

/// `dcmveil index INPUT`: a header-only pass over a folder that says what it holds.
struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "index", 
        abstract: "Read the headers of every DICOM file under a folder (no pixel bytes) and summarize patients, studies, series and syntaxes.")

    @Option(help: "Parallel workers (default: the number of cores).") var jobs: Int?
    @Flag(help: "Print one JSON object per file instead of the summary.") var json = false
    @Argument(help: "A folder or a file.") var input: String

    func run() throws {
        let files = try FileWalker.files(under: input)
        let n = files.count
        let results = ResultSlots<IndexedFile>(count: n)
        let workers = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < n {
                let path = FileWalker.join(input, files[i])
                do {
                    let f = try DicomReader.read(path: path, mode: .headerOnly)
                    let ds = f.dataSet
                    results.set(i, IndexedFile(path: files[i], patient: ds.string(Tag(0x0010_0020)) ?? "",
                                               study: ds.string(Tag(0x0020_000D)) ?? "", series: ds.string(Tag(0x0020_000E)) ?? "",
                                               modality: ds.string(Tag(0x0008_0060)) ?? "", syntax: f.transferSyntax.uid, error: nil))
                } catch {
                    results.set(i, IndexedFile(path: files[i], patient: "", study: "", series: "", modality: "", syntax: "", error: "\(error)"))
                }
                i += workers
            }
        }
        let all = results.values.compactMap { $0 }
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys]
            for r in all { print(String(decoding: try enc.encode(r), as: UTF8.self)) }
            return
        }
        let ok = all.filter { $0.error == nil }
        let bad = all.filter { $0.error != nil }
        print("files: \(n), DICOM: \(ok.count), unreadable: \(bad.count)")
        print("patients: \(Set(ok.map(\.patient)).count), studies: \(Set(ok.map(\.study)).count), series: \(Set(ok.map(\.series)).count)")
        let modalities = Dictionary(grouping: ok, by: \.modality).map { "\($0.key.isEmpty ? "?" : $0.key) \($0.value.count)" }.sorted()
        print("modalities: \(modalities.joined(separator: ", "))")
        let syntaxes = Dictionary(grouping: ok, by: \.syntax).map { "\(TransferSyntax.named($0.key).name) \($0.value.count)" }.sorted()
        print("syntaxes: \(syntaxes.joined(separator: ", "))")
        for r in bad.prefix(20) { print("unreadable: \(r.error ?? "")") }
    }
}

struct IndexedFile: Codable, Sendable {
    var path, patient, study, series, modality, syntax: String
    var error: String?
}

/// Fixed slots written by concurrent workers, each slot by exactly one worker.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var storage: [T?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: T) { lock.lock(); storage[i] = v; lock.unlock() }
    var values: [T?] { lock.lock(); defer { lock.unlock() }; return storage }
}
