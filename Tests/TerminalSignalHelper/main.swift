// Opens the curses terminal on its standard input and output, draws one screen, prints "ready" on
// standard error and waits for input; the terminal tests signal it and check that the terminal is restored.
import Foundation
import Terminal
import Workstation
#if canImport(Glibc)
import Glibc
#endif

// A test runner may start us with signals blocked (the spawning thread's mask is inherited).
var none = sigset_t()
sigemptyset(&none)
sigprocmask(SIG_SETMASK, &none, nil)

do {
    let terminal = try CursesTerminal.open()
    var buffer = CellBuffer(width: terminal.size.width, height: terminal.size.height)
    buffer.write("signal helper", x: 0, y: 0, style: CellStyle(foreground: .indexed(196)))
    try terminal.draw(buffer)
    FileHandle.standardError.write("ready\n".data(using: .utf8) ?? Data())
    while true {
        if case .key(.character("q"))? = try terminal.readEvent(timeoutMilliseconds: 100) { break }
    }
    terminal.close()
} catch {
    FileHandle.standardError.write("\(error)\n".data(using: .utf8) ?? Data())
    exit(2)
}
