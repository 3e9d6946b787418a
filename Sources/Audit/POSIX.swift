#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin wrappers over the POSIX calls the log needs, with errors that say what failed.
enum POSIX {
    /// The text of the current errno.
    static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// One write(2) of all of `bytes`; returns the byte count the kernel took, or -1.
    static func writeOnce(_ fd: Int32, _ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress, buf.count > 0 else { return 0 }
            var n: Int
            repeat { n = write(fd, base, buf.count) } while n < 0 && errno == EINTR
            return n
        }
    }

    /// pread(2) of up to `count` bytes at `offset`, retrying short reads; fewer bytes only at end of file.
    static func read(_ fd: Int32, count: Int, at offset: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        let ok = out.withUnsafeMutableBytes { buf -> Bool in
            guard let base = buf.baseAddress else { return true }
            while done < count {
                let n = pread(fd, base + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                if n == 0 { break }
                done += n
            }
            return true
        }
        guard ok else { return nil }
        out.removeLast(count - done)
        return out
    }

    /// Takes an exclusive flock(2) on `fd`, waiting for another holder.
    static func lockExclusive(_ fd: Int32) -> Bool {
        var r: Int32
        repeat { r = flock(fd, LOCK_EX) } while r != 0 && errno == EINTR
        return r == 0
    }

    /// fsync of the directory holding `path`, so a new directory entry survives a crash.
    static func syncDirectory(of path: String) {
        var dir = path
        if let slash = dir.lastIndex(of: "/") {
            dir = slash == dir.startIndex ? "/" : String(dir[..<slash])
        } else {
            dir = "."
        }
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
