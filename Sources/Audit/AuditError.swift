/// A failure in the audit module, with the context needed to find it: file, line and byte offset.
public struct AuditError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, as a category tests and callers can match.
    public enum Kind: String, Sendable, Equatable {
        case malformedJSON        // text that is not JSON, or JSON this module refuses (duplicate keys, bad numbers)
        case notCanonical         // a value that cannot be written canonically (a NaN, an infinity)
        case badKeyFile           // a key file that is not a key of the expected kind
        case keyFileExists        // refusing to overwrite a key file
        case badEntry             // an audit entry with a missing or mistyped field
        case tornLog              // the log's last line has no newline: a write was cut short
        case badManifest          // a manifest that does not parse or does not match its hash
        case io                   // the file system said no
        case crypto               // signing failed
    }

    public var kind: Kind
    /// What was expected, and what was found.
    public var message: String
    /// The file involved, when known.
    public var file: String?
    /// The 1-based line in `file`, when known.
    public var line: Int?
    /// The byte offset (within the line when `line` is set, else within the file), when known.
    public var offset: Int?

    public init(_ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.offset = offset
    }

    /// The same error, attributed to a file (when it has none yet).
    public func inFile(_ path: String) -> AuditError {
        var e = self
        if e.file == nil { e.file = path }
        return e
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let line { parts.append("line \(line)") }
        if let offset { parts.append("offset \(offset)") }
        parts.append("\(kind.rawValue): \(message)")
        return parts.joined(separator: ": ")
    }
}
