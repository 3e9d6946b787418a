import DicomCore

/// Finds burned-in text in one rendered frame.
///
/// The real implementation is `TesseractDetector`; callers' unit tests may use a stand-in.
public protocol TextDetector: Sendable {
    /// The words found in `image`, with boxes in full-image coordinates, each tagged with `frame`.
    /// Findings come back unclassified (`.text`); see `FindingClassifier`.
    func detect(in image: TextImage, frame: Int) throws -> [TextFinding]
    /// Text-like lines found before any recognition (for a fail-safe: ink that was never read).
    func candidateLines(in image: TextImage) -> [PixelRect]
    /// Both at once: the words found, and the text-like lines of the candidate stage. A detector that
    /// can should look at the image once for both (the candidate stage is most of the cost of a
    /// text-free image).
    func inspect(_ image: TextImage, frame: Int) throws -> TextInspection
}

/// What a detector found on one frame: words (unclassified), and the candidate lines behind them.
public struct TextInspection: Sendable {
    public var findings: [TextFinding]
    public var candidateLines: [PixelRect]
    public init(findings: [TextFinding], candidateLines: [PixelRect]) {
        self.findings = findings
        self.candidateLines = candidateLines
    }
}

extension TextDetector {
    public func candidateLines(in image: TextImage) -> [PixelRect] { [] }
    public func inspect(_ image: TextImage, frame: Int) throws -> TextInspection {
        TextInspection(findings: try detect(in: image, frame: frame), candidateLines: candidateLines(in: image))
    }
}
