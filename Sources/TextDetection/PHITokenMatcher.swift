/// Fuzzy matching of OCR text against PHI tokens harvested from the header (names, IDs, …).
///
/// Both sides are split into alphanumeric words and folded (`OCRNormalization.fold`). A word
/// matches a token exactly when the token is shorter than 5 characters, within edit distance 1
/// for 5–7 characters and 2 from 8. A whole token with separators ("DOE^JOHN") is also compared
/// with the text's letters and digits run together.
public struct PHITokenMatcher: Sendable {
    private struct Token: Sendable {
        let original: String
        let folded: String
    }
    private let tokens: [Token]

    /// `tokens`: the harvested values; parts shorter than `minimumLength` characters are ignored.
    public init(tokens: [String], minimumLength: Int = 2) {
        var seen = Set<String>()
        var list: [Token] = []
        for token in tokens {
            let parts = OCRNormalization.words(token)
            var candidates = parts
            if parts.count > 1 { candidates.append(parts.joined()) }
            for part in candidates where part.count >= minimumLength {
                let folded = OCRNormalization.fold(part)
                if seen.insert(folded).inserted { list.append(Token(original: part, folded: folded)) }
            }
        }
        self.tokens = list
    }

    /// True when there is no token to match.
    public var isEmpty: Bool { tokens.isEmpty }

    /// The token that `text` matches, if any (the closest one).
    public func match(_ text: String) -> String? {
        let parts = OCRNormalization.words(text)
        var candidates = parts.map(OCRNormalization.fold)
        if parts.count > 1 { candidates.append(OCRNormalization.fold(parts.joined())) }
        var best: (token: String, distance: Int)?
        for candidate in candidates {
            for token in tokens {
                let allowed = OCRNormalization.allowedDistance(forTokenLength: token.folded.count)
                let distance = OCRNormalization.editDistance(candidate, token.folded, limit: allowed)
                if distance <= allowed, distance < (best?.distance ?? Int.max) {
                    best = (token.original, distance)
                }
            }
        }
        return best?.token
    }
}
