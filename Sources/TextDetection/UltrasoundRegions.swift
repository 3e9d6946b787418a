import DicomCore

/// The image regions of an ultrasound frame (from SequenceOfUltrasoundRegions, as plain
/// rectangles). Text lying outside every region is annotation.
public struct UltrasoundRegions: Sendable, Hashable {
    public var regions: [PixelRect]

    public init(regions: [PixelRect]) {
        self.regions = regions
    }

    /// True when less than half of `box` lies inside the regions.
    public func isOutside(_ box: PixelRect) -> Bool {
        guard box.area > 0 else { return false }
        // Count covered pixels row by row so overlapping regions are not counted twice.
        var inside = 0
        for y in box.y..<box.maxY {
            var spans = regions.compactMap { region -> (Int, Int)? in
                guard y >= region.y, y < region.maxY else { return nil }
                let left = max(box.x, region.x), right = min(box.maxX, region.maxX)
                return right > left ? (left, right) : nil
            }
            spans.sort { $0.0 < $1.0 }
            var reached = box.x
            for (left, right) in spans where right > reached {
                inside += right - max(left, reached)
                reached = right
            }
        }
        return inside * 2 < box.area
    }

    /// `findings` with `isOutsideUltrasoundRegions` set for text outside the regions.
    /// With no regions, nothing is marked.
    public func mark(_ findings: [TextFinding]) -> [TextFinding] {
        guard !regions.isEmpty else { return findings }
        return findings.map { finding in
            var out = finding
            out.isOutsideUltrasoundRegions = isOutside(finding.box)
            return out
        }
    }
}
