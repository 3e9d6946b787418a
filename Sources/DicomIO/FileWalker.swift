import DicomCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lists the regular files under a folder, recursively, in a stable sorted order (so batch runs are deterministic).
public enum FileWalker {
    /// Paths relative to `root`, sorted bytewise. Symbolic links are not followed. A single file yields itself.
    /// With `excludingDirectory`, that folder (found by device and inode, however its path is spelled)
    /// is left out, e.g. an output folder inside the input.
    public static func files(under root: String, excludingDirectory excluded: String? = nil) throws -> [String] {
        var st = stat()
        guard lstat(root, &st) == 0 else {
            throw DicomError(.io, "cannot read: \(String(cString: strerror(errno)))", file: root)
        }
        if (st.st_mode & S_IFMT) == S_IFREG { return [""] }
        var skip: (dev_t, ino_t)? = nil
        var ex = stat()
        if let excluded, stat(excluded, &ex) == 0 { skip = (ex.st_dev, ex.st_ino) }
        var out: [String] = []
        try walk(root, prefix: "", skip: skip, into: &out)
        out.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return out
    }

    /// Joins `root` and a relative path from `files(under:)`.
    public static func join(_ root: String, _ relative: String) -> String {
        relative.isEmpty ? root : (root.hasSuffix("/") ? root + relative : root + "/" + relative)
    }

    private static func walk(_ dir: String, prefix: String, skip: (dev_t, ino_t)?, into out: inout [String]) throws {
        guard let d = opendir(dir) else {
            throw DicomError(.io, "cannot open folder: \(String(cString: strerror(errno)))", file: dir)
        }
        defer { closedir(d) }
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let full = dir + "/" + name
            let rel = prefix.isEmpty ? name : prefix + "/" + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var st = stat()
                if lstat(full, &st) == 0 {
                    type = (st.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : ((st.st_mode & S_IFMT) == S_IFREG ? UInt8(DT_REG) : 0)
                }
            }
            if type == UInt8(DT_DIR) {
                if let skip {
                    var d = stat()
                    if lstat(full, &d) == 0 && d.st_dev == skip.0 && d.st_ino == skip.1 { continue }
                }
                try walk(full, prefix: rel, skip: skip, into: &out)
            }
            else if type == UInt8(DT_REG) { out.append(rel) }
        }
    }
}
