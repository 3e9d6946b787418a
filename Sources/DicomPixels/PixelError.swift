import DicomCore

/// Why pixel data could not be decoded, rendered, masked or encoded. Callers quarantine the instance
/// with `description` as the reason; nothing here traps on hostile input.
public struct PixelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a category callers and tests can match.
    public enum Kind: String, Sendable, Equatable {
        case missingAttribute     // a required image pixel attribute is absent
        case invalidAttribute     // an attribute has a value outside what the standard allows
        case inconsistent         // attributes contradict each other (e.g. RGB with one sample)
        case sizeOverflow         // rows x columns x samples x frames does not fit in memory arithmetic
        case insufficientData     // the pixel data is shorter than the description needs
        case unsupportedSyntax    // a transfer syntax this build cannot decode or encode
        case unsupportedLayout    // a description this build cannot handle (e.g. 24 bits allocated)
        case corruptStream        // a compressed stream is malformed
        case frameOutOfRange      // a frame index outside 0..<numberOfFrames
        case codecFailure         // a C codec refused the data
        case badMask              // a mask outside the image or empty
    }

    public var kind: Kind
    public var message: String
    /// The attribute involved, when one is.
    public var tag: Tag?
    /// The frame being decoded, when one is.
    public var frame: Int?
    /// The byte offset in the frame's compressed stream where the problem was found, when known.
    public var offset: Int?

    public init(_ kind: Kind, _ message: String, tag: Tag? = nil, frame: Int? = nil, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.tag = tag
        self.frame = frame
        self.offset = offset
    }

    /// The same error, located at byte `offset` of the compressed stream (kept if already located).
    func at(_ offset: Int) -> PixelError {
        var e = self
        if e.offset == nil { e.offset = offset }
        return e
    }

    /// The same error, attributed to a frame.
    func inFrame(_ index: Int) -> PixelError {
        var e = self
        if e.frame == nil { e.frame = index }
        return e
    }

    public var description: String {
        var parts: [String] = []
        if let frame { parts.append("frame \(frame)") }
        if let tag { parts.append("tag \(tag)") }
        if let offset { parts.append("stream offset \(offset)") }
        parts.append("\(kind.rawValue): \(message)")
        return parts.joined(separator: ": ")
    }
}
