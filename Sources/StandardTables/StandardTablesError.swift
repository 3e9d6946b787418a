/// A problem found while reading one of the standard-table JSON files: which file, which row (1-based,
/// in array order), which field, and what was expected.
public struct StandardTablesError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file name (e.g. `attributes.json`) or another label for the input.
    public let file: String
    /// The 1-based row number within the JSON array, when the problem is in one row.
    public let row: Int?
    /// The tag text of that row, when it has one, to help find it.
    public let rowTag: String?
    /// The field (JSON key) at fault, when there is one.
    public let field: String?
    /// What is wrong and what was expected.
    public let message: String

    public init(file: String, row: Int? = nil, rowTag: String? = nil, field: String? = nil, message: String) {
        self.file = file
        self.row = row
        self.rowTag = rowTag
        self.field = field
        self.message = message
    }

    public var description: String {
        var s = file
        if let row { s += ": row \(row)" }
        if let rowTag { s += " (tag \(rowTag))" }
        if let field { s += ", field \"\(field)\"" }
        return s + ": " + message
    }
}
