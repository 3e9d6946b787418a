/// Path arithmetic on plain strings, for the per-file hot paths of batch commands (Foundation's
/// `NSString` path methods cost tens of microseconds per call). Paths are POSIX: `/` separates.
public enum PathText {
    /// The folder and the last component of `path`: `a/b/c.dcm` → (`a/b`, `c.dcm`), `c.dcm` → (`.`, `c.dcm`),
    /// `/c.dcm` → (`/`, `c.dcm`).
    public static func split(_ path: String) -> (folder: String, base: String) {
        let u = path.utf8
        guard let slash = u.lastIndex(of: UInt8(ascii: "/")) else { return (".", path) }
        let base = String(path[u.index(after: slash)...])
        if slash == u.startIndex { return ("/", base) }
        return (String(path[..<slash]), base)
    }

    /// The folder of `path` (see ``split(_:)``).
    public static func folder(_ path: String) -> String { split(path).folder }

    /// `component` under `folder`, with exactly one `/` between them; `folder` alone when `component` is empty.
    public static func join(_ folder: String, _ component: String) -> String {
        if component.isEmpty { return folder }
        if folder.isEmpty { return component }
        return folder.utf8.last == UInt8(ascii: "/") ? folder + component : folder + "/" + component
    }
}
