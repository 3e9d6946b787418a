import DicomCore

/// A rectangle proposed for masking in one frame, clipped to the image.
public struct MaskRect: Sendable, Hashable, Codable {
    public var frame: Int
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(frame: Int, x: Int, y: Int, width: Int, height: Int) {
        self.frame = frame
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The rectangle without its frame number.
    public var rect: PixelRect { PixelRect(x: x, y: y, width: width, height: height) }
}

/// Which findings get a proposed mask, and how much padding goes around them.
public struct MaskPolicy: Sendable, Hashable, Codable {
    /// Classes that get a mask. Default: all of them.
    public var maskedClasses: Set<FindingClass> = Set(FindingClass.allCases)
    /// Pixels added on every side of a finding's box.
    public var padding: Int = 3
    /// Mask allow-listed annotation too (default: no).
    public var masksAllowListed: Bool = false
    /// Findings read with a lower Tesseract confidence (0–100) get no mask. Default 0: all do,
    /// since a poorly read word can still be legible to a person.
    public var minimumConfidence: Double = 0

    public init() {}

    /// True when `finding` should be masked. Text outside the ultrasound regions is annotation
    /// and is always masked.
    public func proposes(_ finding: TextFinding) -> Bool {
        if finding.isOutsideUltrasoundRegions { return true }
        if finding.findingClass != .phi {
            if finding.isAllowListed && !masksAllowListed { return false }
            if finding.confidence < minimumConfidence { return false }
        }
        return maskedClasses.contains(finding.findingClass)
    }

    /// The masks for `findings` in an image of `width × height`: each proposed finding's box,
    /// padded and clipped. Empty results are dropped. An allow-listed finding keeps its exemption
    /// only when it stands apart (see `isFragment`): OCR splits a word it reads poorly, and the
    /// "C" of "Contrast" is not an annotation marker.
    public func masks(for findings: [TextFinding], width: Int, height: Int) -> [MaskRect] {
        let bounds = PixelRect(x: 0, y: 0, width: width, height: height)
        let chosen = findings.filter { finding in
            if proposes(finding) { return true }
            guard finding.isAllowListed, !masksAllowListed else { return false }
            var exempt = finding
            exempt.isAllowListed = false
            return proposes(exempt) && Self.isFragment(finding, of: findings)
        }
        return chosen.compactMap { finding in
            let box = finding.box.padded(by: padding).intersection(bounds)
            guard !box.isEmpty else { return nil }
            return MaskRect(frame: finding.frame, x: box.x, y: box.y, width: box.width, height: box.height)
        }
    }

    /// True when a finding that is not allow-listed (a word, or unread ink) lies on the same line
    /// as `finding` within one line height of it: `finding` is then part of a longer word or phrase.
    static func isFragment(_ finding: TextFinding, of findings: [TextFinding]) -> Bool {
        let box = finding.box
        return findings.contains { other in
            guard other.frame == finding.frame, !other.isAllowListed, other.box != box else { return false }
            let o = other.box
            let lineHeight = max(box.height, o.height)
            let overlap = min(box.maxY, o.maxY) - max(box.y, o.y)
            guard overlap * 2 >= min(box.height, o.height) else { return false }
            let gap = max(box.x, o.x) - min(box.maxX, o.maxX)
            return gap <= lineHeight
        }
    }
}
