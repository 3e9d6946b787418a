/// Photometric Interpretation (0028,0004): how samples become colour.
public enum Photometric: String, Sendable, Equatable, CaseIterable {
    case monochrome1 = "MONOCHROME1"
    case monochrome2 = "MONOCHROME2"
    case rgb = "RGB"
    case ybrFull = "YBR_FULL"
    case ybrFull422 = "YBR_FULL_422"
    case paletteColor = "PALETTE COLOR"
    /// JPEG 2000 colour transforms; the codec undoes them, so decoded frames are RGB.
    case ybrICT = "YBR_ICT"
    case ybrRCT = "YBR_RCT"
    /// JPEG lossy colour space as written by some encoders; decoded by the codec.
    case ybrPartial420 = "YBR_PARTIAL_420"

    /// Samples per pixel this interpretation requires.
    public var samplesPerPixel: Int {
        switch self {
        case .monochrome1, .monochrome2, .paletteColor: return 1
        default: return 3
        }
    }

    public var isMonochrome: Bool { self == .monochrome1 || self == .monochrome2 }
}
