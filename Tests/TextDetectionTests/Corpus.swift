import DicomCore
import Foundation
import TextDetection

/// A word drawn into a corpus image at a known box.
struct CorpusWord: Decodable, Sendable {
    let text: String
    let kind: String
    let box: [Int]

    var rect: PixelRect { PixelRect(x: box[0], y: box[1], width: box[2], height: box[3]) }
}

/// One image of the generated corpus.
struct CorpusImage: Sendable {
    let name: String
    let textFree: Bool
    let words: [CorpusWord]
    let image: TextImage
}

enum CorpusError: Error, CustomStringConvertible {
    case generatorFailed(status: Int32, output: String)
    case badPGM(String)

    var description: String {
        switch self {
        case let .generatorFailed(status, output): return "make_corpus.py exited \(status): \(output)"
        case let .badPGM(name): return "cannot read PGM \(name)"
        }
    }
}

/// The corpus, built once per test process by `Fixtures/make_corpus.py` (Pillow and DejaVu fonts),
/// from the seed in `DCMVEIL_CORPUS_SEED` (default 0).
let sharedCorpus: Result<[CorpusImage], Error> = Result { try Corpus.build(seed: Corpus.defaultSeed) }

enum Corpus {
    private struct Entry: Decodable {
        let name: String
        let file: String
        let width: Int
        let height: Int
        let textFree: Bool
        let words: [CorpusWord]
    }

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// A Python 3 that has Pillow: `DCMVEIL_PYTHON` when set (e.g. a venv's), then Debian's
    /// system interpreter (python3-pil), then whatever is on PATH.
    static var python: String {
        if let chosen = ProcessInfo.processInfo.environment["DCMVEIL_PYTHON"], !chosen.isEmpty { return chosen }
        for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return "python3"
    }

    /// The seed of `sharedCorpus`: `DCMVEIL_CORPUS_SEED`, or 0. Another seed draws another corpus
    /// of the same kind (other sizes, fonts, words, places and backgrounds).
    static var defaultSeed: Int {
        ProcessInfo.processInfo.environment["DCMVEIL_CORPUS_SEED"].flatMap { Int($0) } ?? 0
    }

    static func build(seed: Int) throws -> [CorpusImage] {
        let out = FileManager.default.temporaryDirectory
            .appendingPathComponent("dcmveil-text-corpus-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, fixtures.appendingPathComponent("make_corpus.py").path, out.path, String(seed)]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CorpusError.generatorFailed(
                status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
        }
        let manifest = try JSONDecoder().decode(
            [Entry].self, from: Data(contentsOf: out.appendingPathComponent("manifest.json")))
        return try manifest.map { entry in
            let data = try Data(contentsOf: out.appendingPathComponent(entry.file))
            return CorpusImage(
                name: entry.name, textFree: entry.textFree, words: entry.words,
                image: try readPGM(data, name: entry.name))
        }
    }

    /// Reads a binary 8-bit PGM (P5) as written by Pillow: header, one whitespace byte, pixels.
    static func readPGM(_ data: Data, name: String) throws -> TextImage {
        let bytes = [UInt8](data)
        var fields: [String] = []
        var index = 0
        while fields.count < 4, index < bytes.count {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
            var field = ""
            while index < bytes.count, !(bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09) {
                field.append(Character(UnicodeScalar(bytes[index])))
                index += 1
            }
            fields.append(field)
        }
        index += 1
        guard fields.count == 4, fields[0] == "P5", let width = Int(fields[1]), let height = Int(fields[2]),
              fields[3] == "255", bytes.count - index == width * height
        else { throw CorpusError.badPGM(name) }
        return try TextImage(width: width, height: height, pixels: Array(bytes[index...]))
    }
}
