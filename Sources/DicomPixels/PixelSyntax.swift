/// A transfer syntax as far as pixel data is concerned: which codec its frames need.
public struct PixelSyntax: Sendable, Equatable, CustomStringConvertible {
    /// The codec family of a transfer syntax.
    public enum Codec: String, Sendable, Equatable {
        case native            // implicit/explicit little endian, explicit big endian, deflated
        case rle               // RLE Lossless
        case jpegBaseline      // JPEG Baseline (Process 1)
        case jpegExtended      // JPEG Extended (Process 2 & 4)
        case jpegLossless      // JPEG Lossless Process 14 and SV1
        case jpegLS            // JPEG-LS lossless and near-lossless
        case jpeg2000          // JPEG 2000 lossless and lossy
        case unknown           // anything else (HTJ2K, MPEG, video, private)
    }

    public let uid: String
    public let codec: Codec
    /// True when the syntax itself guarantees lossless coding.
    public let isLossless: Bool

    public static let implicitVRLittleEndian = "1.2.840.10008.1.2"
    public static let explicitVRLittleEndian = "1.2.840.10008.1.2.1"
    public static let deflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99"
    public static let explicitVRBigEndian = "1.2.840.10008.1.2.2"
    public static let rleLossless = "1.2.840.10008.1.2.5"
    public static let jpegBaselineUID = "1.2.840.10008.1.2.4.50"
    public static let jpegExtendedUID = "1.2.840.10008.1.2.4.51"
    public static let jpegLosslessUID = "1.2.840.10008.1.2.4.57"
    public static let jpegLosslessSV1UID = "1.2.840.10008.1.2.4.70"
    public static let jpegLSLosslessUID = "1.2.840.10008.1.2.4.80"
    public static let jpegLSNearLosslessUID = "1.2.840.10008.1.2.4.81"
    public static let jpeg2000LosslessUID = "1.2.840.10008.1.2.4.90"
    public static let jpeg2000UID = "1.2.840.10008.1.2.4.91"

    /// Classifies a transfer syntax UID (trailing NUL/space padding is ignored). Unknown UIDs give `.unknown`.
    public init(uid raw: String) {
        var u = Substring(raw)
        while let l = u.last, l == "\0" || l == " " { u.removeLast() }
        uid = String(u)
        switch uid {
        case Self.implicitVRLittleEndian, Self.explicitVRLittleEndian, Self.deflatedExplicitVRLittleEndian,
             Self.explicitVRBigEndian:
            (codec, isLossless) = (.native, true)
        case Self.rleLossless: (codec, isLossless) = (.rle, true)
        case Self.jpegBaselineUID: (codec, isLossless) = (.jpegBaseline, false)
        case Self.jpegExtendedUID: (codec, isLossless) = (.jpegExtended, false)
        case Self.jpegLosslessUID, Self.jpegLosslessSV1UID: (codec, isLossless) = (.jpegLossless, true)
        case Self.jpegLSLosslessUID: (codec, isLossless) = (.jpegLS, true)
        case Self.jpegLSNearLosslessUID: (codec, isLossless) = (.jpegLS, false)
        case Self.jpeg2000LosslessUID: (codec, isLossless) = (.jpeg2000, true)
        case Self.jpeg2000UID: (codec, isLossless) = (.jpeg2000, false)
        default: (codec, isLossless) = (.unknown, false)
        }
    }

    /// True when pixel data is encapsulated (fragments) rather than native bytes.
    public var isEncapsulated: Bool { codec != .native }

    public var description: String { "\(uid) (\(codec.rawValue))" }
}
