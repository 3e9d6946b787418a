import Foundation

/// One row of the PS3.6 data dictionary as read from `attributes.json`, validated and normalized.
public struct AttributeRow: Equatable, Sendable {
    public let tag: TagPattern
    /// The attribute keyword; empty for a few retired rows that have none.
    public let keyword: String
    /// The attribute name, whitespace collapsed; may be empty.
    public let name: String
    /// The VRs in the order written (`US or SS` gives `["US", "SS"]`); empty when the standard gives
    /// none or only a note (the item and delimitation tags).
    public let vrs: [String]
    /// The value multiplicity as written, e.g. `1`, `1-n`, `2-2n`; may be empty.
    public let vm: String
    public let isRetired: Bool

    public init(tag: TagPattern, keyword: String, name: String, vrs: [String], vm: String, isRetired: Bool) {
        self.tag = tag
        self.keyword = keyword
        self.name = name
        self.vrs = vrs
        self.vm = vm
        self.isRetired = isRetired
    }

    /// The VR codes of PS3.5 §6.2, which a VR column may name.
    public static let knownVRs: Set<String> = [
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
        "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    ]

    /// The keys a row of `attributes.json` may have.
    static let columns: Set<String> = ["tag", "name", "keyword", "valueRepresentation", "valueMultiplicity", "retired", "id"]

    /// Parses the whole of `attributes.json`: every row must have a tag pattern, a known VR list, Y/N for
    /// retired, and a keyword that is empty or alphanumeric; tags and non-empty keywords must be unique.
    public static func parseAll(_ data: Data, file: String = "attributes.json") throws -> [AttributeRow] {
        let rows = try JSONRows.decode(data, file: file)
        var out: [AttributeRow] = []
        out.reserveCapacity(rows.count)
        var seenTags: [String: Int] = [:]
        var seenKeywords: [String: Int] = [:]
        for (i, row) in rows.enumerated() {
            let parsed = try parse(row, index: i, file: file)
            if let first = seenTags[parsed.tag.text] {
                throw StandardTablesError(
                    file: file, row: i + 1, rowTag: row["tag"], field: "tag", message: "duplicate tag (first in row \(first + 1))")
            }
            seenTags[parsed.tag.text] = i
            if !parsed.keyword.isEmpty {
                if let first = seenKeywords[parsed.keyword] {
                    throw StandardTablesError(
                        file: file, row: i + 1, rowTag: row["tag"], field: "keyword",
                        message: "duplicate keyword \(parsed.keyword) (first in row \(first + 1))")
                }
                seenKeywords[parsed.keyword] = i
            }
            out.append(parsed)
        }
        return out
    }

    /// Parses one row object (`index` is 0-based, for messages).
    static func parse(_ row: [String: String], index i: Int, file: String) throws -> AttributeRow {
        func fail(_ field: String?, _ message: String) -> StandardTablesError {
            StandardTablesError(file: file, row: i + 1, rowTag: row["tag"], field: field, message: message)
        }
        for key in row.keys.sorted() where !columns.contains(key) {
            throw fail(key, "unknown column (expected one of \(columns.sorted().joined(separator: ", ")))")
        }
        let tagText = try JSONRows.required(row, "tag", file: file, index: i)
        guard let tag = TagPattern(parsing: tagText) else {
            throw fail("tag", "expected (GGGG,EEEE) with hex digits or X, got \"\(tagText)\"")
        }
        let keyword = try JSONRows.required(row, "keyword", file: file, index: i)
        guard keyword.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw fail("keyword", "expected letters and digits only, got \"\(keyword)\"")
        }
        let name = JSONRows.normalizedText(try JSONRows.required(row, "name", file: file, index: i))
        let vrText = JSONRows.normalizedText(try JSONRows.required(row, "valueRepresentation", file: file, index: i))
        let vrs = try parseVRs(vrText, fail: { fail("valueRepresentation", $0) })
        let vm = JSONRows.normalizedText(try JSONRows.required(row, "valueMultiplicity", file: file, index: i))
        let retired: Bool
        switch try JSONRows.required(row, "retired", file: file, index: i) {
        case "Y": retired = true
        case "N": retired = false
        case let other: throw fail("retired", "expected Y or N, got \"\(other)\"")
        }
        return AttributeRow(tag: tag, keyword: keyword, name: name, vrs: vrs, vm: vm, isRetired: retired)
    }

    /// `""` and `See Note …` give no VR; otherwise VR codes joined by ` or `.
    static func parseVRs(_ text: String, fail: (String) -> StandardTablesError) throws -> [String] {
        if text.isEmpty || text.hasPrefix("See Note") { return [] }
        let parts = text.components(separatedBy: " or ")
        for p in parts where !knownVRs.contains(p) {
            throw fail("expected VR codes joined by \" or \" (e.g. \"US or SS\"), got \"\(text)\"")
        }
        return parts
    }
}
