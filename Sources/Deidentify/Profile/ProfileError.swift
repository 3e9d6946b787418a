/// A profile (or its lookup table) that cannot be used: where (file, line, key) and what was expected.
public struct ProfileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    /// 1-based line number in the file, when known.
    public var line: Int?
    /// The dotted key, e.g. `options.clean_descriptors`.
    public var key: String?
    public var message: String

    public init(file: String?, line: Int?, key: String?, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var s = file ?? "profile"
        if let line { s += ":\(line)" }
        s += ": "
        if let key { s += "\(key): " }
        return s + message
    }
}
