import DicomCore

/// What went wrong while detecting text, with the context needed to act on it.
public enum TextDetectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pixel buffer does not hold `width × height` bytes, or a side is not positive.
    case invalidImage(width: Int, height: Int, pixelCount: Int)
    /// Tesseract could not start: usually the language data (`eng.traineddata`) is missing.
    /// `dataPath` is nil when Tesseract's built-in search path was used.
    case tesseractInitFailed(language: String, dataPath: String?, code: Int32)
    /// Tesseract could not allocate a handle.
    case tesseractUnavailable
    /// libtesseract could not be loaded (the reason is the dynamic loader's).
    case libraryUnavailable(String)
    /// Recognition of one region failed.
    case recognitionFailed(frame: Int, region: PixelRect, code: Int32)

    public var description: String {
        switch self {
        case let .invalidImage(width, height, count):
            return "invalid text image: \(width)×\(height) needs \(max(0, width) * max(0, height)) bytes, got \(count)"
        case let .tesseractInitFailed(language, dataPath, code):
            return "Tesseract could not load language '\(language)' from \(dataPath ?? "its default data path") "
                + "(code \(code)); is \(language).traineddata installed (Debian: tesseract-ocr-\(language))?"
        case .tesseractUnavailable:
            return "Tesseract could not create a handle"
        case let .libraryUnavailable(why):
            return "libtesseract could not be loaded: \(why) (Debian: libtesseract5 and tesseract-ocr-eng)"
        case let .recognitionFailed(frame, region, code):
            return "Tesseract failed on frame \(frame), region \(region) (code \(code))"
        }
    }
}
