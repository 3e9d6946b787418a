import Foundation

/// One row of PS3.15 Table E.1-1 as read from `confidentiality_profile_attributes.json`, validated and normalized.
public struct ProfileRow: Equatable, Sendable {
    /// What the row applies to: one tag or repeating-group pattern, or every private attribute.
    public enum Target: Equatable, Sendable {
        case tag(TagPattern)
        /// The row `(GGGG,EEEE) WHERE GGGG IS ODD`, which is not a tag: all private attributes.
        case privateAttributes
    }

    public let target: Target
    /// The attribute name, whitespace collapsed (e.g. `Icon Image Sequence (see Note 11)`).
    public let name: String
    /// The "in standard composite IOD" column (`stdCompIOD`).
    public let inStandardIOD: Bool
    /// The Basic Profile action code, e.g. `X` or `X/Z/U*`.
    public let basic: String
    /// The action under each option that has one, as (JSON column, code) in `optionColumns` order.
    public let options: [(column: String, action: String)]

    public init(target: Target, name: String, inStandardIOD: Bool, basic: String, options: [(column: String, action: String)]) {
        self.target = target
        self.name = name
        self.inStandardIOD = inStandardIOD
        self.basic = basic
        self.options = options
    }

    public static func == (a: ProfileRow, b: ProfileRow) -> Bool {
        a.target == b.target && a.name == b.name && a.inStandardIOD == b.inStandardIOD && a.basic == b.basic
            && a.options.map(\.column) == b.options.map(\.column) && a.options.map(\.action) == b.options.map(\.action)
    }

    /// The option columns of Table E.1-1, in the order of the table.
    public static let optionColumns: [String] = [
        "cleanGraphOpt", "cleanStructContOpt", "cleanDescOpt", "rtnLongFullDatesOpt", "rtnLongModifDatesOpt",
        "rtnPatCharsOpt", "rtnDevIdOpt", "rtnUIDsOpt", "rtnSafePrivOpt", "rtnInstIdOpt",
    ]

    /// The action codes of Annex E that a cell may hold.
    public static let actionCodes: Set<String> = ["D", "Z", "X", "K", "C", "U", "Z/D", "X/Z", "X/D", "X/Z/D", "X/Z/U*"]

    /// The tag text of the private-attributes row (compared after collapsing whitespace, ignoring case).
    public static let privateAttributesTag = "(GGGG,EEEE) WHERE GGGG IS ODD"

    static let columns: Set<String> = Set(["tag", "name", "stdCompIOD", "basicProfile", "id"] + optionColumns)

    /// Parses the whole file: every row must name a tag pattern (or be the private-attributes row),
    /// hold known action codes and Y/N for `stdCompIOD`; tags must be unique and the
    /// private-attributes row must appear exactly once.
    public static func parseAll(_ data: Data, file: String = "confidentiality_profile_attributes.json") throws -> [ProfileRow] {
        let rows = try JSONRows.decode(data, file: file)
        var out: [ProfileRow] = []
        out.reserveCapacity(rows.count)
        var seen: [Target: Int] = [:]
        for (i, row) in rows.enumerated() {
            let parsed = try parse(row, index: i, file: file)
            if let first = seen[parsed.target] {
                throw StandardTablesError(
                    file: file, row: i + 1, rowTag: row["tag"], field: "tag", message: "duplicate tag (first in row \(first + 1))")
            }
            seen[parsed.target] = i
            out.append(parsed)
        }
        guard seen[.privateAttributes] != nil else {
            throw StandardTablesError(file: file, message: "no row for private attributes \"\(privateAttributesTag)\"")
        }
        return out
    }

    static func parse(_ row: [String: String], index i: Int, file: String) throws -> ProfileRow {
        func fail(_ field: String?, _ message: String) -> StandardTablesError {
            StandardTablesError(file: file, row: i + 1, rowTag: row["tag"], field: field, message: message)
        }
        for key in row.keys.sorted() where !columns.contains(key) {
            throw fail(key, "unknown column (expected one of \(columns.sorted().joined(separator: ", ")))")
        }
        let tagText = JSONRows.normalizedText(try JSONRows.required(row, "tag", file: file, index: i))
        let target: Target
        if let pattern = TagPattern(parsing: tagText) {
            target = .tag(pattern)
        } else if tagText.uppercased() == privateAttributesTag {
            target = .privateAttributes
        } else {
            throw fail("tag", "expected (GGGG,EEEE) with hex digits or X, or \"\(privateAttributesTag)\", got \"\(tagText)\"")
        }
        let name = JSONRows.normalizedText(try JSONRows.required(row, "name", file: file, index: i))
        let inIOD: Bool
        switch try JSONRows.required(row, "stdCompIOD", file: file, index: i) {
        case "Y": inIOD = true
        case "N": inIOD = false
        case let other: throw fail("stdCompIOD", "expected Y or N, got \"\(other)\"")
        }
        let basic = try JSONRows.required(row, "basicProfile", file: file, index: i)
        guard actionCodes.contains(basic) else {
            throw fail("basicProfile", "expected one of \(actionCodes.sorted().joined(separator: " ")), got \"\(basic)\"")
        }
        var options: [(column: String, action: String)] = []
        for column in optionColumns {
            // An absent or empty cell means the option does not change the basic action.
            guard let code = row[column], !code.isEmpty else { continue }
            guard actionCodes.contains(code) else {
                throw fail(column, "expected one of \(actionCodes.sorted().joined(separator: " ")), got \"\(code)\"")
            }
            options.append((column, code))
        }
        return ProfileRow(target: target, name: name, inStandardIOD: inIOD, basic: basic, options: options)
    }
}

extension ProfileRow.Target: Hashable {}
