/// A keymap or theme file that cannot be used: names the file and the line.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, as given to the loader.
    public var file: String
    /// The 1-based line, when it is known.
    public var line: Int?
    /// What is wrong, in words.
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Finds the line of a key in TOML text, since the parser does not report where values came from.
struct TOMLLineFinder {
    private let lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The 1-based line of `key` inside the table `table` (a dotted path; "" for the top level),
    /// or of the table header itself when `key` is nil.
    func line(table: String, key: String?) -> Int? {
        var current = ""
        var fallback: Int?
        for (number, raw) in lines.enumerated() {
            let line = raw.trimmingSpaces
            if line.hasPrefix("[") {
                let header = Self.normalise(line.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" }))
                current = header
                if key == nil && header == table { return number + 1 }
                continue
            }
            guard let key else { continue }
            guard let eq = line.firstIndex(of: "=") else { continue }
            let name = Self.normalise(line[..<eq])
            let full = current.isEmpty ? name : current + "." + name
            let wanted = table.isEmpty ? key : table + "." + key
            if full == wanted { return number + 1 }
            if name == key && fallback == nil { fallback = number + 1 }
        }
        return fallback
    }

    /// `"finding" . phi` → `finding.phi`: drops quotes and spaces around dots.
    static func normalise<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        var inQuote = false
        for c in text {
            if c == "\"" || c == "'" { inQuote.toggle(); continue }
            if !inQuote && (c == " " || c == "\t") { continue }
            out.append(c)
        }
        return out
    }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        let s = self[...]
        let start = s.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) ?? s.endIndex
        let end = s.lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }).map { s.index(after: $0) } ?? start
        return Substring(s[start..<Swift.max(start, end)])
    }
}
