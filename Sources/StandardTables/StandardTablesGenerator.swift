import Foundation

/// One generated Swift source file: its name within the output directory and its full text.
public struct GeneratedFile: Equatable, Sendable {
    public let name: String
    public let contents: String
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// Turns the standard-table JSON files into the Swift sources committed under
/// `Sources/DicomDictionary/Generated`, and checks that the committed sources are current.
public enum StandardTablesGenerator {
    /// The edition of the DICOM standard the JSON files were parsed from.
    public static let edition = "2024e"
    /// Input: the PS3.6 data dictionary.
    public static let attributesFile = "attributes.json"
    /// Input: PS3.15 Table E.1-1.
    public static let profileFile = "confidentiality_profile_attributes.json"
    /// Output: the data dictionary table.
    public static let dictionaryOutput = "DataDictionary+Generated.swift"
    /// Output: the Annex E table.
    public static let annexEOutput = "AnnexETable+Generated.swift"

    /// Generates both files from the contents of the two JSON inputs.
    public static func generate(attributes: Data, profile: Data) throws -> [GeneratedFile] {
        let attributeRows = try AttributeRow.parseAll(attributes, file: attributesFile)
        let profileRows = try ProfileRow.parseAll(profile, file: profileFile)
        return [
            GeneratedFile(name: dictionaryOutput, contents: SwiftEmitter.dictionarySource(attributeRows)),
            GeneratedFile(name: annexEOutput, contents: SwiftEmitter.annexESource(profileRows)),
        ]
    }

    /// Generates both files from the JSON inputs found in `inputDirectory`.
    public static func generate(inputDirectory: URL) throws -> [GeneratedFile] {
        func read(_ name: String) throws -> Data {
            let url = inputDirectory.appendingPathComponent(name)
            do {
                return try Data(contentsOf: url)
            } catch {
                throw StandardTablesError(file: url.path, message: "cannot read (\(error.localizedDescription))")
            }
        }
        return try generate(attributes: read(attributesFile), profile: read(profileFile))
    }

    /// Writes `files` into `outputDirectory`, creating it if needed; returns the names of files whose
    /// contents changed.
    @discardableResult
    public static func write(_ files: [GeneratedFile], to outputDirectory: URL) throws -> [String] {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw StandardTablesError(file: outputDirectory.path, message: "cannot create directory (\(error.localizedDescription))")
        }
        let stale = staleFiles(files, in: outputDirectory)
        for file in files where stale.contains(file.name) {
            let url = outputDirectory.appendingPathComponent(file.name)
            do {
                try Data(file.contents.utf8).write(to: url, options: .atomic)
            } catch {
                throw StandardTablesError(file: url.path, message: "cannot write (\(error.localizedDescription))")
            }
        }
        return stale
    }

    /// The names of `files` that are missing from `directory` or whose bytes differ there.
    public static func staleFiles(_ files: [GeneratedFile], in directory: URL) -> [String] {
        files.compactMap { file in
            let existing = try? Data(contentsOf: directory.appendingPathComponent(file.name))
            return existing == Data(file.contents.utf8) ? nil : file.name
        }
    }
}
