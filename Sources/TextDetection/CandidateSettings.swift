/// Tuning of the candidate stage. The defaults suit rendered 8-bit frames with
/// burned-in text from about 7 to 60 pixels tall.
public struct CandidateSettings: Sendable, Hashable, Codable {
    /// How far (0–255) a pixel must differ from its neighbourhood mean to count as ink.
    public var contrastThreshold: Int = 48
    /// Radius of the square neighbourhood used for the local mean.
    public var windowRadius: Int = 20
    /// Smallest glyph (connected stroke) height considered.
    public var minGlyphHeight: Int = 6
    /// Largest glyph height considered.
    public var maxGlyphHeight: Int = 64
    /// Largest mean horizontal run of a glyph, as a fraction of its height: strokes are thin, blobs are not.
    public var maxStrokeRatio: Double = 0.5
    /// Smallest mean horizontal run of a glyph, as a fraction of its height: a font's strokes
    /// thicken with its size (DejaVu: about a tenth of the capital height), so a tall glyph of
    /// one-pixel lines is a grid cell or an outline. No effect below about 16 pixels.
    public var minStrokeRatio: Double = 0.09
    /// A glyph filling more than this fraction of its box is a solid bar (a ruler tick, a block).
    public var solidFill: Double = 0.88
    /// Largest horizontal gap between neighbouring glyphs of one line, as a fraction of their height.
    public var maxGapRatio: Double = 1.2
    /// Largest gap, as a fraction of a line's height, across which a glyph that formed no line of
    /// its own still joins a text line it is level with (see `TextCandidateFinder`).
    public var loneGapRatio: Double = 2.5
    /// How far on either side of a text line, as a fraction of its height, its ink is looked for
    /// again on the line's own scale (thin strokes of small text that the wide window lost).
    public var lineReachRatio: Double = 3
    /// Largest height ratio between neighbouring glyphs of one line.
    public var maxHeightRatio: Double = 2.0
    /// Smallest median edge sharpness of a line's glyphs (see `TextCandidateFinder`): rendered
    /// text has steep edges, blurred anatomy does not.
    public var minSharpness: Double = 0.62
    /// Smallest share of its box that a component must fill to be taken for a label whose holes
    /// are letters (see `TextLabels`).
    public var labelFill: Double = 0.6
    /// Padding added around a line box, as a fraction of its height (at least 2 pixels).
    public var paddingRatio: Double = 0.25

    /// Paint out thin straight lines drawn over the image (grids, graticules, ruler base lines)
    /// before looking for text (see `OverlayLines`).
    public var removesOverlayLines: Bool = true

    public init() {}
}
