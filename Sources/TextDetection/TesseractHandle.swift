import CTesseract

/// One initialised Tesseract engine. Not thread-safe: one caller at a time (the pool sees to it).
final class TesseractHandle: @unchecked Sendable {
    private let api: OpaquePointer

    /// Creates and initialises an engine for `language`, from `dataPath` or Tesseract's default data path.
    init(language: String, dataPath: String?) throws(TextDetectionError) {
        guard let api = TessBaseAPICreate() else { throw .tesseractUnavailable }
        let code: Int32
        if let dataPath {
            code = TessBaseAPIInit2(api, dataPath, language, OEM_LSTM_ONLY)
        } else {
            code = TessBaseAPIInit2(api, nil, language, OEM_LSTM_ONLY)
        }
        guard code == 0 else {
            TessBaseAPIDelete(api)
            throw .tesseractInitFailed(language: language, dataPath: dataPath, code: code)
        }
        self.api = api
        // Regions are normalised to dark text on a light ground, so skip the inverted retry.
        _ = TessBaseAPISetVariable(api, "tessedit_do_invert", "0")
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
    }

    deinit {
        TessBaseAPIEnd(api)
        TessBaseAPIDelete(api)
    }

    /// A word read by Tesseract, with its box in the coordinates of the image given to `read`.
    struct Word {
        var text: String
        var confidence: Double
        var box: PixelRect
    }

    /// Reads the words of an 8-bit grey image with the given page segmentation mode.
    func read(
        pixels: [UInt8], width: Int, height: Int, mode: TessPageSegMode, resolution: Int32
    ) -> (code: Int32, words: [Word]) {
        pixels.withUnsafeBufferPointer { buffer in
            TessBaseAPISetImage(api, buffer.baseAddress, Int32(width), Int32(height), 1, Int32(width))
        }
        TessBaseAPISetSourceResolution(api, resolution)
        TessBaseAPISetPageSegMode(api, mode)
        let code = TessBaseAPIRecognize(api, nil)
        defer { TessBaseAPIClear(api) }
        guard code == 0 else { return (code, []) }
        guard let iterator = TessBaseAPIGetIterator(api) else { return (0, []) }
        defer { TessResultIteratorDelete(iterator) }
        var words: [Word] = []
        let page = TessResultIteratorGetPageIterator(iterator)
        repeat {
            guard let raw = TessResultIteratorGetUTF8Text(iterator, RIL_WORD) else { continue }
            let text = String(cString: raw)
            TessDeleteText(raw)
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            guard TessPageIteratorBoundingBox(page, RIL_WORD, &left, &top, &right, &bottom) != 0 else { continue }
            let confidence = Double(TessResultIteratorConfidence(iterator, RIL_WORD))
            words.append(Word(
                text: text, confidence: confidence,
                box: PixelRect(x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top))))
        } while TessResultIteratorNext(iterator, RIL_WORD) != 0
        return (0, words)
    }

    /// The version of the Tesseract library in use, e.g. "5.3.0".
    static var version: String {
        guard let raw = TessVersion() else { return "unknown" }
        return String(cString: raw)
    }
}
