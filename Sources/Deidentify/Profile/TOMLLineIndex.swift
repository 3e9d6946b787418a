/// The line on which each key of a TOML document is written, found by scanning the text, because the
/// TOML parser reports positions only for syntax errors. Keys are recorded as dotted paths (`options.retain_uids`);
/// keys inside an inline table or array take the line of their enclosing key.
struct TOMLLineIndex {
    private(set) var lines: [String: Int] = [:]

    init(text: String) {
        var table: [String] = []
        var inMultiline: String? = nil  // the closing delimiter of a multi-line string
        var lineNo = 0
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNo += 1
            let line = Substring(raw)
            if let close = inMultiline {
                if line.contains(close) { inMultiline = nil }
                continue
            }
            let s = line.drop { $0 == " " || $0 == "\t" }
            if s.first == "[" {
                let isArray = s.hasPrefix("[[")
                var body = s.dropFirst(isArray ? 2 : 1)
                if let end = body.firstIndex(of: "]") { body = body[body.startIndex..<end] }
                table = Self.keyPath(body)
                let path = table.joined(separator: ".")
                if lines[path] == nil { lines[path] = lineNo }
                continue
            }
            guard let (keyText, rest) = Self.splitKey(s) else { continue }
            let path = (table + Self.keyPath(keyText)).joined(separator: ".")
            if lines[path] == nil { lines[path] = lineNo }
            for delim in ["\"\"\"", "'''"] {
                if let r = rest.range(of: delim), !rest[r.upperBound...].contains(delim) { inMultiline = delim }
            }
        }
    }

    /// The line of `path`, or of its nearest enclosing key.
    func line(of path: [String]) -> Int? {
        var p = path
        while !p.isEmpty {
            if let l = lines[p.joined(separator: ".")] { return l }
            p.removeLast()
        }
        return nil
    }

    /// Splits `key = value` into the key text and the value text; nil when the line is not a key line.
    static func splitKey(_ s: Substring) -> (Substring, Substring)? {
        var i = s.startIndex
        var quote: Character? = nil
        while i < s.endIndex {
            let c = s[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "=" {
                let key = s[s.startIndex..<i]
                if key.allSatisfy({ $0 == " " || $0 == "\t" }) { return nil }
                return (key, s[s.index(after: i)...])
            } else if !(c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || c == " " || c == "\t") {
                return nil
            }
            i = s.index(after: i)
        }
        return nil
    }

    /// The components of a (possibly dotted, possibly quoted) key.
    static func keyPath(_ text: Substring) -> [String] {
        var parts: [String] = []
        var cur = ""
        var quote: Character? = nil
        for c in text {
            if let q = quote {
                if c == q { quote = nil } else { cur.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "." {
                parts.append(cur)
                cur = ""
            } else if c != " " && c != "\t" {
                cur.append(c)
            }
        }
        parts.append(cur)
        return parts
    }
}
