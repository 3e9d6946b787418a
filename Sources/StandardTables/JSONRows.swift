import Foundation

/// Reads a JSON array of flat objects whose values are all strings, the shape of both standard-table files.
enum JSONRows {
    /// Decodes `data` as `[[String: String]]`, failing with the position of the first row that is not of that shape.
    static func decode(_ data: Data, file: String) throws -> [[String: String]] {
        let top: Any
        do {
            top = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw StandardTablesError(file: file, message: "not valid JSON (\(error.localizedDescription))")
        }
        guard let array = top as? [Any] else {
            throw StandardTablesError(file: file, message: "expected a JSON array of row objects at the top level")
        }
        var rows: [[String: String]] = []
        rows.reserveCapacity(array.count)
        for (i, item) in array.enumerated() {
            guard let object = item as? [String: Any] else {
                throw StandardTablesError(file: file, row: i + 1, message: "expected a JSON object")
            }
            let tagText = object["tag"] as? String
            var row: [String: String] = [:]
            for (key, value) in object {
                guard let text = value as? String else {
                    throw StandardTablesError(
                        file: file, row: i + 1, rowTag: tagText, field: key,
                        message: "expected a string value, got \(type(of: value))")
                }
                row[key] = text
            }
            rows.append(row)
        }
        return rows
    }

    /// The value of a required field.
    static func required(_ row: [String: String], _ key: String, file: String, index: Int) throws -> String {
        guard let v = row[key] else {
            throw StandardTablesError(file: file, row: index + 1, rowTag: row["tag"], field: key, message: "missing field")
        }
        return v
    }

    /// Collapses every run of whitespace (including newlines and tabs) to one space and trims the ends,
    /// so that every field fits on one tab-separated line.
    static func normalizedText(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
