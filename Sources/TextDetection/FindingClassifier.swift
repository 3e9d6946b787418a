/// Gives each finding its class: `phi` when it fuzzily matches a harvested PHI token, else
/// `date` or `id` by pattern, else `text`; and marks allow-listed annotation.
public struct FindingClassifier: Sendable {
    public let matcher: PHITokenMatcher
    public let allowList: AnnotationAllowList

    /// `phiTokens`: the values harvested from the header (patient name parts, IDs, dates…).
    public init(phiTokens: [String], allowList: AnnotationAllowList = .standard) {
        self.matcher = PHITokenMatcher(tokens: phiTokens)
        self.allowList = allowList
    }

    /// The class of `text`, with the matched token for `.phi`.
    public func classify(text: String) -> (FindingClass, matchedToken: String?) {
        if let token = matcher.match(text) { return (.phi, token) }
        if TextPatterns.isDate(text) { return (.date, nil) }
        if TextPatterns.isIdentifier(text) { return (.id, nil) }
        return (.text, nil)
    }

    /// `finding` with its class, matched token and allow-list flag set. PHI is never allow-listed.
    public func classify(_ finding: TextFinding) -> TextFinding {
        var out = finding
        let (kind, token) = classify(text: finding.text)
        out.findingClass = kind
        out.matchedToken = token
        out.isAllowListed = kind != .phi && allowList.allows(finding.text)
        return out
    }

    /// Every finding classified.
    public func classify(_ findings: [TextFinding]) -> [TextFinding] {
        findings.map(classify)
    }
}
