/// Finds burned-in text in one rendered frame.
///
/// The real implementation is `TesseractDetector`; callers' unit tests may use a stand-in.
public protocol TextDetector: Sendable {
    /// The words found in `image`, with boxes in full-image coordinates, each tagged with `frame`.
    /// Findings come back unclassified (`.text`); see `FindingClassifier`.
    func detect(in image: TextImage, frame: Int) throws -> [TextFinding]
}
