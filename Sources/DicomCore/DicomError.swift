/// A failure to read, parse or write DICOM, with the context needed to find it: file, byte offset and tag.
public struct DicomError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, as a category tests and callers can match.
    public enum Kind: String, Sendable, Equatable {
        case truncated            // the data ended before a header or value did
        case lengthExceedsData    // a length field points past the end of its container
        case badLength            // an odd, undefined or otherwise impossible length
        case badVR                // an explicit VR that is not a VR
        case badItem              // a sequence or fragment item tag where none belongs
        case nestingTooDeep       // sequences nested past the reader's limit
        case notDicom             // no DICM prefix and no plausible data set
        case badFileMeta          // missing or malformed group 0002
        case unsupportedSyntax    // a transfer syntax this build cannot handle
        case inflateFailed        // zlib refused the deflated data set
        case valueTooLong         // a value too long for its VR's length field on write
        case io                   // the file system said no
        case invalidValue         // a value that does not fit its VR
    }

    public var kind: Kind
    /// The file being read or written, when known.
    public var file: String?
    /// Byte offset in the file (after inflation for deflated syntaxes) where the problem starts.
    public var offset: Int?
    /// The tag of the element being read, when known.
    public var tag: Tag?
    /// What was expected, and what was found.
    public var message: String

    public init(_ kind: Kind, _ message: String, offset: Int? = nil, tag: Tag? = nil, file: String? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.tag = tag
        self.file = file
    }

    /// The same error, attributed to a file.
    public func inFile(_ path: String) -> DicomError {
        var e = self
        if e.file == nil { e.file = path }
        return e
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let offset { parts.append("offset \(offset) (0x\(String(offset, radix: 16, uppercase: true)))") }
        if let tag { parts.append("tag \(tag)") }
        parts.append("\(kind.rawValue): \(message)")
        return parts.joined(separator: ": ")
    }
}
