/// A tag as written in the standard, `(GGGG,EEEE)`, where a hex digit may be `X` (any digit) in
/// repeating-group attributes such as `(60XX,3000)` or `(0028,04X0)`.
public struct TagPattern: Hashable, Sendable, CustomStringConvertible {
    /// Eight uppercase characters `GGGGEEEE`, each a hex digit or `X`.
    public let text: String

    /// Parses `(GGGG,EEEE)` (parentheses and spaces optional, any case); nil when it is not that shape.
    public init?(parsing raw: String) {
        let s = raw.filter { $0 != "(" && $0 != ")" && $0 != " " }
        let parts = s.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 4 else { return nil }
        let joined = (parts[0] + parts[1]).uppercased()
        guard joined.allSatisfy({ $0.isHexDigit && $0.isASCII || $0 == "X" }) else { return nil }
        self.text = joined
    }

    /// True when some digit is `X`.
    public var isRepeating: Bool { text.contains("X") }

    /// `(GGGG,EEEE)`.
    public var description: String { "(\(text.prefix(4)),\(text.suffix(4)))" }
}
