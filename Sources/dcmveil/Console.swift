#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a line to standard error.
func printError(_ message: String) {
    let line = Array((message + "\n").utf8)
    line.withUnsafeBytes { p in _ = write(STDERR_FILENO, p.baseAddress, p.count) }
}

/// True when standard output is a terminal (progress bars then; plain lines otherwise).
var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
