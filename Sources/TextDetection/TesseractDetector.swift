import CTesseract
import DicomCore
import Foundation

/// Tesseract's page segmentation for one candidate region.
public enum RegionSegmentation: String, Sendable, Hashable, Codable {
    /// Sparse text: find as much text as possible in no particular order (Tesseract PSM 11).
    case sparseText
    /// One uniform block of text (PSM 6).
    case singleBlock
    /// One line of text (PSM 7).
    case singleLine

    var mode: TessPageSegMode {
        switch self {
        case .sparseText: return PSM_SPARSE_TEXT
        case .singleBlock: return PSM_SINGLE_BLOCK
        case .singleLine: return PSM_SINGLE_LINE
        }
    }
}

/// Settings of `TesseractDetector`.
public struct TesseractSettings: Sendable, Hashable {
    /// Tesseract language, e.g. "eng" (Debian package tesseract-ocr-eng).
    public var language: String = "eng"
    /// Folder holding `<language>.traineddata`; nil uses Tesseract's default.
    public var dataPath: String? = nil
    /// Page segmentation used on each region.
    public var segmentation: RegionSegmentation = .sparseText
    /// Regions are scaled so their tallest glyph is about this many pixels (Tesseract reads
    /// small text poorly), by a factor between 1 and `maxScale`.
    public var targetGlyphHeight: Int = 30
    /// Largest scale factor applied to a region.
    public var maxScale: Int = 4
    /// White margin, in scaled pixels, added around each region.
    public var margin: Int = 12
    /// A region is taken for a false candidate (anatomy, a ruler, a phantom) and yields no
    /// word finding when its most confident word falls below this (0–100) and no word has four or
    /// more letters or digits: Tesseract reads such regions as short, low-confidence junk.
    public var minimumRegionConfidence: Double = 50
    /// Report ink of a candidate line that Tesseract read no word over as a finding with empty
    /// text and confidence 0 (class `.text`), so that text OCR cannot read is still masked. In a
    /// region whose reading is junk (see `minimumRegionConfidence`) that is all of its lines' ink:
    /// the same fail-safe the pipeline applies to candidate lines.
    public var reportsUnreadInk: Bool = true
    /// The candidate stage.
    public var candidates: CandidateSettings = CandidateSettings()

    public init() {}
}

/// The real text detector: the candidate stage, then Tesseract (C API) on each candidate region.
///
/// Engines are created once and reused, one per concurrent caller; OpenMP is limited to one
/// thread (`OMP_THREAD_LIMIT=1`). Each region is cut out, reduced to its ink (the candidate
/// stage's mask, so background texture, noise and grid lines are gone) as dark text on a
/// white ground, scaled up when its text is small, and read; word boxes are mapped back to
/// full-image coordinates.
public final class TesseractDetector: TextDetector, @unchecked Sendable {
    public let settings: TesseractSettings
    private let finder: TextCandidateFinder
    private let pool: TesseractPool
    private let lock = NSLock()
    private var regionCalls = 0

    /// Creates the detector and starts one engine, so a missing language file fails here
    /// with `TextDetectionError.tesseractInitFailed` rather than on the first image.
    public init(settings: TesseractSettings = TesseractSettings()) throws(TextDetectionError) {
        self.settings = settings
        self.finder = TextCandidateFinder(settings: settings.candidates)
        self.pool = TesseractPool(language: settings.language, dataPath: settings.dataPath)
        do {
            try pool.withHandle { _ in }
        } catch let error as TextDetectionError {
            throw error
        } catch {
            throw .tesseractUnavailable
        }
    }

    /// The Tesseract library version, for the audit record (e.g. "5.3.0").
    public static var tesseractVersion: String { TesseractHandle.version }

    /// How many regions have been sent to Tesseract by this detector so far.
    public var tesseractCallCount: Int { lock.withLock { regionCalls } }

    /// How many Tesseract engines this detector has created (one per concurrent caller).
    public var engineCount: Int { pool.handleCount }

    /// True when the OpenMP runtime inside Tesseract was found and limited to one thread.
    public var isOpenMPLimited: Bool { pool.openMPLimited }

    /// The candidate regions of `image` (the stage before Tesseract).
    public func candidates(in image: TextImage) -> [TextCandidate] {
        finder.candidates(in: image)
    }

    public func candidateLines(in image: TextImage) -> [PixelRect] {
        finder.candidates(in: image).flatMap(\.lines)
    }

    public func detect(in image: TextImage, frame: Int) throws -> [TextFinding] {
        try inspect(image, frame: frame).findings
    }

    /// One candidate analysis for both the findings and the candidate lines.
    public func inspect(_ image: TextImage, frame: Int) throws -> TextInspection {
        // OCR reads the image the candidates were found on (overlay lines painted out).
        let (regions, ink, cleaned) = finder.analyze(image)
        guard !regions.isEmpty else { return TextInspection(findings: [], candidateLines: []) }
        let lines = regions.flatMap(\.lines)
        return TextInspection(findings: try recognize(regions, in: cleaned, ink: ink, frame: frame), candidateLines: lines)
    }

    private func recognize(_ regions: [TextCandidate], in image: TextImage, ink: InkRuns, frame: Int) throws -> [TextFinding] {
        return try pool.withHandle { handle in
            var findings: [TextFinding] = []
            for region in regions {
                findings += try read(region, of: image, ink: ink, frame: frame, with: handle)
            }
            return findings
        }
    }

    /// True when the words of a region look like text that was read (see `minimumRegionConfidence`).
    static func looksRead(_ words: [TextFinding], minimumConfidence: Double) -> Bool {
        if words.contains(where: { $0.confidence >= minimumConfidence }) { return true }
        return words.contains { $0.text.filter { $0.isLetter || $0.isNumber }.count >= 4 }
    }

    /// A box shrunk to the ink it holds (Tesseract's boxes, mapped back from the scaled region,
    /// run a pixel or two wide). A box with no ink is kept as it is.
    static func snap(_ box: PixelRect, toInk mask: [UInt8], imageWidth: Int) -> PixelRect {
        guard !box.isEmpty else { return box }
        var left = Int.max, right = Int.min, top = Int.max, bottom = Int.min
        for y in box.y..<box.maxY {
            let row = y * imageWidth
            for x in box.x..<box.maxX where mask[row + x] != 0 {
                left = min(left, x)
                right = max(right, x)
                top = min(top, y)
                bottom = max(bottom, y)
            }
        }
        guard left <= right else { return box }
        return PixelRect(x: left, y: top, width: right - left + 1, height: bottom - top + 1)
    }

    /// A word box cut to the candidate lines it meets (each grown by one pixel), one piece per
    /// line, and pieces that touch joined: Tesseract's boxes for poorly read words can span
    /// several lines, and the ground between those lines is no part of the word. A box meeting
    /// no line is kept as it is.
    static func pieces(of box: PixelRect, on lines: [PixelRect]) -> [PixelRect] {
        var parts = lines.map { box.intersection($0.padded(by: 1)) }.filter { !$0.isEmpty }.sorted { $0.y < $1.y }
        guard !parts.isEmpty else { return [box] }
        var joined: [PixelRect] = []
        while !parts.isEmpty {
            var piece = parts.removeFirst()
            var grew = true
            while grew {
                grew = false
                for k in parts.indices.reversed() where !piece.padded(by: 1).intersection(parts[k]).isEmpty {
                    piece = piece.union(parts.remove(at: k))
                    grew = true
                }
            }
            joined.append(piece)
        }
        return joined
    }

    /// Reads one region: crop, normalise, scale, recognise, map boxes back.
    private func read(
        _ region: TextCandidate, of image: TextImage, ink: InkRuns, frame: Int, with handle: TesseractHandle
    ) throws(TextDetectionError) -> [TextFinding] {
        let scale = max(1, min(settings.maxScale, Int((Double(settings.targetGlyphHeight) / Double(max(1, region.glyphHeight))).rounded())))
        let prepared = RegionImage(
            image: image, region: region.box, inkMask: region.isBrightInk ? ink.brightMask : ink.darkMask,
            invert: region.isBrightInk, scale: scale, margin: settings.margin)
        lock.withLock { regionCalls += 1 }
        let result = handle.read(
            pixels: prepared.pixels, width: prepared.width, height: prepared.height,
            mode: settings.segmentation.mode, resolution: 300)
        guard result.code == 0 else { throw .recognitionFailed(frame: frame, region: region.box, code: result.code) }
        let words: [TextFinding] = result.words.flatMap { word -> [TextFinding] in
            let text = word.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { return [] }
            let pieces = Self.pieces(of: prepared.imageRect(of: word.box).intersection(region.box), on: region.lines)
            return pieces.compactMap { piece in
                let box = Self.snap(piece, toInk: region.isBrightInk ? ink.brightMask : ink.darkMask, imageWidth: image.width)
                return box.isEmpty ? nil : TextFinding(frame: frame, box: box, text: text, confidence: word.confidence)
            }
        }
        let read = Self.looksRead(words, minimumConfidence: settings.minimumRegionConfidence) ? words : []
        guard settings.reportsUnreadInk else { return read }
        let mask = region.isBrightInk ? ink.brightMask : ink.darkMask
        let unread = region.lines.flatMap { line in
            UnreadInk.spans(of: line, outside: read.map(\.box), mask: mask, imageWidth: image.width)
        }
        return read + unread.map { TextFinding(frame: frame, box: $0, text: "", confidence: 0) }
    }
}
