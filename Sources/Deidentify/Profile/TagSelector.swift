import DicomCore
import DicomDictionary

/// How a profile names an attribute: by keyword or tag (one public tag), or by private creator, group
/// and element offset (a private attribute wherever its block landed).
public enum TagSelector: Hashable, Sendable, CustomStringConvertible {
    case tag(Tag)
    case privateTag(PrivateTag)

    /// Parses `Keyword`, `(gggg,eeee)` / `gggg,eeee`, or `"CREATOR" gggg,oo` (also `gggg,xxoo`):
    /// the error text says what was expected.
    public init(parsing text: String) throws(TagSelectorError) {
        let s = text.trimmed(" \t")
        if s.first == "\"" {
            let rest = s.dropFirst()
            guard let close = rest.firstIndex(of: "\"") else { throw TagSelectorError(text: text, expected: "a closing quote after the private creator") }
            let creator = String(rest[rest.startIndex..<close])
            let address = String(rest[rest.index(after: close)...]).trimmed(" \t")
            let parts = address.split(separator: ",", omittingEmptySubsequences: false)
            guard !creator.isEmpty, parts.count == 2, parts[0].count == 4, let g = UInt16(parts[0], radix: 16), g & 1 == 1 else {
                throw TagSelectorError(text: text, expected: "\"CREATOR\" gggg,oo with an odd hexadecimal group gggg and element offset oo")
            }
            var el = Substring(parts[1].uppercased())
            if el.count == 4 && el.hasPrefix("XX") { el = el.dropFirst(2) } else if el.count == 4 { el = el.dropFirst(2) }
            guard el.count == 2, let o = UInt8(el, radix: 16) else {
                throw TagSelectorError(text: text, expected: "\"CREATOR\" gggg,oo with a two-digit hexadecimal element offset oo")
            }
            self = .privateTag(PrivateTag(creator: creator, group: g, offset: o))
            return
        }
        if s.first == "(" || s.contains(",") {
            guard let t = Tag(parsing: s) else { throw TagSelectorError(text: text, expected: "a tag (gggg,eeee) of 8 hexadecimal digits") }
            self = .tag(t)
            return
        }
        guard !s.isEmpty, let t = DataDictionary.tag(forKeyword: s) else {
            throw TagSelectorError(text: text, expected: "a DICOM keyword such as StudyDescription, a tag (gggg,eeee), or \"CREATOR\" gggg,oo")
        }
        self = .tag(t)
    }

    /// The text form that ``init(parsing:)`` reads back: keyword when known, else `(GGGG,EEEE)`.
    public var description: String {
        switch self {
        case .tag(let t):
            if let k = DataDictionary.keyword(for: t), DataDictionary.tag(forKeyword: k) == t { return k }
            return t.description
        case .privateTag(let p):
            let g = String(p.group, radix: 16, uppercase: true)
            let o = String(p.offset, radix: 16, uppercase: true)
            return "\"\(p.creator)\" \(String(repeating: "0", count: 4 - g.count) + g),\(o.count < 2 ? "0" + o : o)"
        }
    }
}

/// A tag selector that could not be read, with what was expected.
public struct TagSelectorError: Error, Sendable, Equatable {
    public var text: String
    public var expected: String
}

extension String {
    func trimmed(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
