import DicomCore

/// The kind of a piece of burned-in text, which decides whether a mask is proposed.
public enum FindingClass: String, Sendable, Hashable, Codable, CaseIterable {
    /// Matches a PHI token harvested from the header.
    case phi
    /// Looks like a date.
    case date
    /// Looks like an identifier: digit-heavy, five or more characters.
    case id
    /// Any other text.
    case text
}

/// One word (or word group) of burned-in text read from a frame.
public struct TextFinding: Sendable, Hashable, Codable {
    /// Zero-based frame number.
    public var frame: Int
    /// The word's box in full-image pixel coordinates.
    public var box: PixelRect
    /// The text as read.
    public var text: String
    /// Tesseract's confidence, 0–100.
    public var confidence: Double
    /// The class; `.text` until classified.
    public var findingClass: FindingClass
    /// The PHI token the text matched, for `.phi` findings.
    public var matchedToken: String?
    /// True when the text is on the allow-list of harmless annotation (L, R, cm, …).
    public var isAllowListed: Bool
    /// True when the text lies outside every ultrasound region, so it is annotation.
    public var isOutsideUltrasoundRegions: Bool

    public init(
        frame: Int, box: PixelRect, text: String, confidence: Double,
        findingClass: FindingClass = .text, matchedToken: String? = nil,
        isAllowListed: Bool = false, isOutsideUltrasoundRegions: Bool = false
    ) {
        self.frame = frame
        self.box = box
        self.text = text
        self.confidence = confidence
        self.findingClass = findingClass
        self.matchedToken = matchedToken
        self.isAllowListed = isAllowListed
        self.isOutsideUltrasoundRegions = isOutsideUltrasoundRegions
    }
}
