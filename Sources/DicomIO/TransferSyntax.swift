/// A transfer syntax: how a data set is encoded (VR explicitness, byte order, deflate, encapsulation).
/// The registry knows a syntax whether or not a pixel codec exists for it.
public struct TransferSyntax: Sendable, Hashable, CustomStringConvertible {
    public let uid: String
    public let name: String
    public let isExplicitVR: Bool
    public let isBigEndian: Bool
    public let isDeflated: Bool
    /// Pixel data is encapsulated (compressed fragments) rather than native.
    public let isEncapsulated: Bool
    /// False for UIDs this build does not know; such files are read as explicit VR little endian.
    public let isKnown: Bool

    public init(uid: String, name: String, explicitVR: Bool = true, bigEndian: Bool = false,
                deflated: Bool = false, encapsulated: Bool = false, known: Bool = true) {
        self.uid = uid
        self.name = name
        self.isExplicitVR = explicitVR
        self.isBigEndian = bigEndian
        self.isDeflated = deflated
        self.isEncapsulated = encapsulated
        self.isKnown = known
    }

    public var description: String { "\(name) (\(uid))" }

    public static let implicitVRLittleEndian = TransferSyntax(uid: "1.2.840.10008.1.2", name: "Implicit VR Little Endian", explicitVR: false)
    public static let explicitVRLittleEndian = TransferSyntax(uid: "1.2.840.10008.1.2.1", name: "Explicit VR Little Endian")
    public static let deflatedExplicitVRLittleEndian = TransferSyntax(uid: "1.2.840.10008.1.2.1.99", name: "Deflated Explicit VR Little Endian", deflated: true)
    public static let explicitVRBigEndian = TransferSyntax(uid: "1.2.840.10008.1.2.2", name: "Explicit VR Big Endian", bigEndian: true)

    /// Every syntax this build knows by UID.
    public static let registry: [String: TransferSyntax] = {
        var all: [TransferSyntax] = [.implicitVRLittleEndian, .explicitVRLittleEndian, .deflatedExplicitVRLittleEndian, .explicitVRBigEndian]
        let encapsulated: [(String, String)] = [
            ("1.2.840.10008.1.2.5", "RLE Lossless"),
            ("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
            ("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
            ("1.2.840.10008.1.2.4.52", "JPEG Extended (Process 3 & 5) (Retired)"),
            ("1.2.840.10008.1.2.4.53", "JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (Retired)"),
            ("1.2.840.10008.1.2.4.54", "JPEG Spectral Selection, Non-Hierarchical (Process 7 & 9) (Retired)"),
            ("1.2.840.10008.1.2.4.55", "JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (Retired)"),
            ("1.2.840.10008.1.2.4.56", "JPEG Full Progression, Non-Hierarchical (Process 11 & 13) (Retired)"),
            ("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
            ("1.2.840.10008.1.2.4.58", "JPEG Lossless, Non-Hierarchical (Process 15) (Retired)"),
            ("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])"),
            ("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression"),
            ("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression"),
            ("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)"),
            ("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression"),
            ("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"),
            ("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression"),
            ("1.2.840.10008.1.2.4.94", "JPIP Referenced"),
            ("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate"),
            ("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
            ("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"),
            ("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
            ("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1"),
            ("1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video"),
            ("1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video"),
            ("1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2"),
            ("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1"),
            ("1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1"),
            ("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
            ("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)"),
            ("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"),
        ]
        all += encapsulated.map { TransferSyntax(uid: $0.0, name: $0.1, encapsulated: true) }
        return Dictionary(uniqueKeysWithValues: all.map { ($0.uid, $0) })
    }()

    /// The registered syntax for `uid`, or an unknown syntax read as explicit VR little endian.
    public static func named(_ uid: String) -> TransferSyntax {
        let clean = uid.trimmingTrailingPadding()
        return registry[clean] ?? TransferSyntax(uid: clean, name: "Unknown", encapsulated: true, known: false)
    }
}

extension String {
    /// Removes trailing NUL and space padding.
    func trimmingTrailingPadding() -> String {
        var s = Substring(self)
        while let l = s.last, l == "\0" || l == " " { s.removeLast() }
        while s.first == " " { s.removeFirst() }
        return String(s)
    }
}
