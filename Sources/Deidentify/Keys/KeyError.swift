/// A key file that cannot be read, written or used.
public enum KeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file exists already; keys are never overwritten.
    case exists(file: String)
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file could not be written.
    case unwritable(file: String, reason: String)
    /// The key has the wrong number of bytes.
    case wrongSize(file: String?, expected: Int, found: Int)

    public var description: String {
        switch self {
        case .exists(let f): return "\(f): already exists; refusing to overwrite a key"
        case .unreadable(let f, let r): return "\(f): cannot read key: \(r)"
        case .unwritable(let f, let r): return "\(f): cannot write key: \(r)"
        case .wrongSize(let f, let e, let n):
            return "\(f.map { "\($0): " } ?? "")key must be \(e) bytes, found \(n)"
        }
    }
}
