import CTesseract
import DicomCore

/// One initialised Tesseract engine. Not thread-safe: one caller at a time (the pool sees to it).
final class TesseractHandle: @unchecked Sendable {
    private let api: OpaquePointer
    private let lib: UnsafePointer<dcmveil_tess_api>

    /// Creates and initialises an engine for `language`, from `dataPath` or Tesseract's default data path.
    init(language: String, dataPath: String?) throws(TextDetectionError) {
        let lib = try TesseractLibrary.load().api
        self.lib = lib
        guard let api = dcmveil_TessBaseAPICreate(lib) else { throw .tesseractUnavailable }
        let code: Int32
        if let dataPath {
            code = dcmveil_TessBaseAPIInit2(lib, api, dataPath, language, OEM_LSTM_ONLY)
        } else {
            code = dcmveil_TessBaseAPIInit2(lib, api, nil, language, OEM_LSTM_ONLY)
        }
        guard code == 0 else {
            dcmveil_TessBaseAPIDelete(lib, api)
            throw .tesseractInitFailed(language: language, dataPath: dataPath, code: code)
        }
        self.api = api
        // Regions are normalised to dark text on a light ground, so skip the inverted retry.
        _ = dcmveil_TessBaseAPISetVariable(lib, api, "tessedit_do_invert", "0")
        _ = dcmveil_TessBaseAPISetVariable(lib, api, "debug_file", "/dev/null")
    }

    deinit {
        dcmveil_TessBaseAPIEnd(lib, api)
        dcmveil_TessBaseAPIDelete(lib, api)
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
            dcmveil_TessBaseAPISetImage(lib, api, buffer.baseAddress, Int32(width), Int32(height), 1, Int32(width))
        }
        dcmveil_TessBaseAPISetSourceResolution(lib, api, resolution)
        dcmveil_TessBaseAPISetPageSegMode(lib, api, mode)
        let code = dcmveil_TessBaseAPIRecognize(lib, api)
        defer { dcmveil_TessBaseAPIClear(lib, api) }
        guard code == 0 else { return (code, []) }
        guard let iterator = dcmveil_TessBaseAPIGetIterator(lib, api) else { return (0, []) }
        defer { dcmveil_TessResultIteratorDelete(lib, iterator) }
        var words: [Word] = []
        let page = dcmveil_TessResultIteratorGetPageIterator(lib, iterator)
        repeat {
            guard let raw = dcmveil_TessResultIteratorGetUTF8Text(lib, iterator, RIL_WORD) else { continue }
            let text = String(cString: raw)
            dcmveil_TessDeleteText(lib, raw)
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            guard dcmveil_TessPageIteratorBoundingBox(lib, page, RIL_WORD, &left, &top, &right, &bottom) != 0 else { continue }
            let confidence = Double(dcmveil_TessResultIteratorConfidence(lib, iterator, RIL_WORD))
            words.append(Word(
                text: text, confidence: confidence,
                box: PixelRect(x: Int(left), y: Int(top), width: Int(right - left), height: Int(bottom - top))))
        } while dcmveil_TessResultIteratorNext(lib, iterator, RIL_WORD) != 0
        return (0, words)
    }

    /// The version of the Tesseract library in use, e.g. "5.3.0".
    static var version: String {
        guard let lib = try? TesseractLibrary.load().api, let raw = dcmveil_TessVersion(lib) else { return "unknown" }
        return String(cString: raw)
    }
}
