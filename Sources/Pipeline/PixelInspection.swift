import DicomCore
import DicomPixels
import TextDetection

/// What the pixel check found in one instance: text findings per frame and the masks it proposes.
public struct PixelInspection: Sendable {
    /// How far the check went.
    public enum Status: String, Sendable {
        /// The instance has no pixel data.
        case noPixels = "no-pixels"
        /// Every frame was rendered and searched for text.
        case checked
    }
    public var status: Status
    public var frames: Int
    public var rows: Int
    public var columns: Int
    public var findings: [TextFinding]
    public var proposedMasks: [Mask]

    public static let none = PixelInspection(status: .noPixels, frames: 0, rows: 0, columns: 0, findings: [], proposedMasks: [])
}

/// Why an instance cannot leave: a reason a privacy officer can act on.
public struct QuarantineReason: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ text: String) { description = text }
}

/// Decodes, renders and searches every frame for burned-in text, then classifies and proposes masks.
public struct PixelInspector: Sendable {
    public let detector: any TextDetector
    public let maskPolicy: MaskPolicy
    public let allowList: AnnotationAllowList

    public init(detector: any TextDetector, maskPolicy: MaskPolicy = MaskPolicy(), allowList: AnnotationAllowList = .standard) {
        self.detector = detector
        self.maskPolicy = maskPolicy
        self.allowList = allowList
    }

    /// Inspects `dataSet` (original, before de-identification) encoded in `transferSyntax`.
    /// `phiTokens` are the identifiers harvested from the original header.
    public func inspect(_ dataSet: DataSet, transferSyntax: String, phiTokens: [String]) throws(QuarantineReason) -> PixelInspection {
        guard dataSet[.pixelData] != nil else { return .none }
        let pixels: PixelData
        let renderer: FrameRenderer
        do {
            pixels = try PixelData(dataSet: dataSet, transferSyntax: transferSyntax)
            renderer = try FrameRenderer(dataSet: dataSet)
        } catch {
            throw QuarantineReason("pixels cannot be checked: \(error)")
        }
        let d = pixels.description
        let classifier = FindingClassifier(phiTokens: phiTokens, allowList: allowList)
        let regions = Self.ultrasoundRegions(dataSet)
        var findings: [TextFinding] = []
        var masks: [Mask] = []
        for f in 0..<d.numberOfFrames {
            let image: GrayImage
            do {
                image = try renderer.renderGray(try pixels.frame(f))
            } catch {
                throw QuarantineReason("frame \(f) cannot be decoded: \(error)")
            }
            let text: TextImage
            do { text = try TextImage(width: image.width, height: image.height, pixels: image.pixels) } catch {
                throw QuarantineReason("frame \(f) has an impossible size: \(error)")
            }
            let inspection: TextInspection
            do { inspection = try detector.inspect(text, frame: f) } catch {
                throw QuarantineReason("text detection failed on frame \(f): \(error)")
            }
            var found = classifier.classify(inspection.findings)
            // Fail-safe: a text-like line that recognition left uncovered is still proposed for a mask, because
            // what OCR cannot read may still identify someone (small or unusual fonts, low contrast).
            for line in inspection.candidateLines {
                let covered = found.reduce(0) { $0 + $1.box.intersection(line).area }
                if covered * 2 < line.area {
                    found.append(TextFinding(frame: f, box: line, text: "", confidence: 0, findingClass: .text))
                }
            }
            if let regions { found = regions.mark(found) }
            findings += found
            masks += maskPolicy.masks(for: found, width: image.width, height: image.height)
                .map { Mask(frame: $0.frame, x: $0.x, y: $0.y, width: $0.width, height: $0.height) }
        }
        return PixelInspection(status: .checked, frames: d.numberOfFrames, rows: d.rows, columns: d.columns,
                               findings: findings, proposedMasks: masks)
    }

    /// The regions of SequenceOfUltrasoundRegions (0018,6011), when present: text outside them is annotation.
    static func ultrasoundRegions(_ ds: DataSet) -> UltrasoundRegions? {
        guard let items = ds[Tag(0x0018_6011)]?.items, !items.isEmpty else { return nil }
        var rects: [PixelRect] = []
        for item in items {
            let v = item.dataSet
            guard let x0 = v.uint32(Tag(0x0018_6018)), let y0 = v.uint32(Tag(0x0018_601A)),
                  let x1 = v.uint32(Tag(0x0018_601C)), let y1 = v.uint32(Tag(0x0018_601E)), x1 >= x0, y1 >= y0 else { continue }
            rects.append(PixelRect(x: Int(x0), y: Int(y0), width: Int(x1 - x0) + 1, height: Int(y1 - y0) + 1))
        }
        return rects.isEmpty ? nil : UltrasoundRegions(regions: rects)
    }
}
