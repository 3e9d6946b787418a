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
    /// padded and clipped. Empty results are dropped.
    public func masks(for findings: [TextFinding], width: Int, height: Int) -> [MaskRect] {
        let bounds = PixelRect(x: 0, y: 0, width: width, height: height)
        return findings.filter(proposes).compactMap { finding in
            let box = finding.box.padded(by: padding).intersection(bounds)
            guard !box.isEmpty else { return nil }
            return MaskRect(frame: finding.frame, x: box.x, y: box.y, width: box.width, height: box.height)
        }
    }
}
