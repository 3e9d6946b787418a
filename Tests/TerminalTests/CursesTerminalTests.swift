import Foundation
import Testing
import Terminal
import Workstation
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal: ncurses runs on the slave side, the test reads and writes the master side.
final class PseudoTerminal {
    let master: Int32
    let slave: Int32
    let stream: UnsafeMutablePointer<FILE>

    // Glibc's module map hides the X/Open pty functions; look them up in libc at run time.
    private typealias OpenPT = @convention(c) (Int32) -> Int32
    private typealias PTName = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
    private static func symbol<T>(_ name: String, _ type: T.Type) throws -> T {
        guard let pointer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { throw POSIXError(.ENOSYS) }
        return unsafeBitCast(pointer, to: type)
    }

    init() throws {
        let openpt = try Self.symbol("posix_openpt", OpenPT.self)
        let grantpt = try Self.symbol("grantpt", OpenPT.self)
        let unlockpt = try Self.symbol("unlockpt", OpenPT.self)
        let ptsname = try Self.symbol("ptsname", PTName.self)
        master = openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            throw POSIXError(.ENODEV)
        }
        slave = open(name, O_RDWR | O_NOCTTY)
        guard slave >= 0, let stream = fdopen(slave, "r+") else { throw POSIXError(.ENODEV) }
        self.stream = stream
    }

    /// Everything the program wrote so far.
    func readAvailable() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, 200) > 0 else { break }
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Types bytes as if from the keyboard.
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, bytes.count) }
    }

    deinit {
        fclose(stream)
        close(master)
    }
}

/// The real ncurses backend on a pseudo-terminal. Serialized: curses is process-wide state.
@Suite(.serialized) struct CursesTerminalTests {
    @Test func refusesTheDumbTerminal() throws {
        let pty = try PseudoTerminal()
        do {
            _ = try CursesTerminal.open(environment: ["TERM": "dumb"], input: pty.stream, output: pty.stream)
            Issue.record("dumb was accepted")
        } catch {
            #expect(error.kind == .cannotAddressCursor)
            #expect(error.message.contains("'dumb' cannot move the cursor"))
        }
    }

    @Test func refusesAnUnknownOrMissingTerminal() throws {
        let pty = try PseudoTerminal()
        #expect(throws: TerminalError(kind: .unknownTerminal, term: "no-such-terminal-x",
                                      message: "unknown terminal type 'no-such-terminal-x': the terminfo database has no entry for it; set TERM to your terminal (for example xterm-256color)")) {
            _ = try CursesTerminal.open(environment: ["TERM": "no-such-terminal-x"], input: pty.stream, output: pty.stream)
        }
        do {
            _ = try CursesTerminal.open(environment: [:], input: pty.stream, output: pty.stream)
            Issue.record("no TERM was accepted")
        } catch {
            #expect(error.kind == .unknownTerminal)
            #expect(error.message.hasPrefix("TERM is not set"))
        }
    }

    @Test func drawsOnlyChangedCellsWithColoursAndWideCharacters() throws {
        let pty = try PseudoTerminal()
        let terminal = try CursesTerminal.open(environment: ["TERM": "xterm-256color"], input: pty.stream, output: pty.stream)
        defer { terminal.close() }
        #expect(terminal.capabilities.colorDepth == .palette256)
        #expect(terminal.capabilities.mouse)
        _ = pty.readAvailable()
        var buffer = CellBuffer(width: terminal.size.width, height: terminal.size.height)
        buffer.write("Hello 日本 ▀", x: 2, y: 3, style: CellStyle(foreground: .indexed(196), background: .indexed(16)))
        try terminal.draw(buffer)
        let first = pty.readAvailable()
        #expect(first.contains("Hello"))
        #expect(first.contains("日本"))
        #expect(first.contains("▀"))
        #expect(first.contains("38;5;196"))
        // A second frame that changes one cell writes that cell, not the screen.
        buffer.put("J", x: 2, y: 3, style: CellStyle(foreground: .indexed(196), background: .indexed(16)))
        try terminal.draw(buffer)
        let second = pty.readAvailable()
        #expect(second.contains("J"))
        #expect(!second.contains("ello"))
        #expect(second.utf8.count < 80)
    }

    @Test func readsKeysAndTheMouse() throws {
        let pty = try PseudoTerminal()
        let terminal = try CursesTerminal.open(environment: ["TERM": "xterm-256color"], input: pty.stream, output: pty.stream)
        defer { terminal.close() }
        pty.type("q\u{1B}OA\u{01}\r")
        let q = try terminal.readEvent(timeoutMilliseconds: 500)
        #expect(q == .key(.character("q")))
        #expect(try terminal.readEvent(timeoutMilliseconds: 500) == .key(.up))
        #expect(try terminal.readEvent(timeoutMilliseconds: 500) == .key(.control("a")))
        #expect(try terminal.readEvent(timeoutMilliseconds: 500) == .key(.enter))
        pty.type("\u{1B}[1;2A")
        #expect(try terminal.readEvent(timeoutMilliseconds: 500) == .key(.shiftUp))
        pty.type("é")
        #expect(try terminal.readEvent(timeoutMilliseconds: 500) == .key(.character("é")))
        #expect(try terminal.readEvent(timeoutMilliseconds: 50) == nil)
        // Mouse: press, drag, release in xterm's SGR encoding (what xterm-256color's terminfo asks for).
        func mouse(_ button: Int, _ x: Int, _ y: Int, release: Bool = false) -> String {
            "\u{1B}[<\(button);\(x + 1);\(y + 1)" + (release ? "m" : "M")
        }
        pty.type(mouse(0, 10, 5))
        #expect(try terminal.readEvent(timeoutMilliseconds: 500) == .mouse(MouseEvent(.press, x: 10, y: 5)))
        pty.type(mouse(32, 12, 6))
        #expect(try terminal.readEvent(timeoutMilliseconds: 500) == .mouse(MouseEvent(.drag, x: 12, y: 6)))
        pty.type(mouse(0, 14, 7, release: true))
        #expect(try terminal.readEvent(timeoutMilliseconds: 500) == .mouse(MouseEvent(.release, x: 14, y: 7)))
    }

    @Test func colortermTrueColorUsesTheDirectEntryWhenInstalled() throws {
        // The -direct terminfo entries come with Debian's ncurses-term; without it the palette is used.
        let pty = try PseudoTerminal()
        let terminal = try CursesTerminal.open(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"],
                                               input: pty.stream, output: pty.stream)
        defer { terminal.close() }
        _ = pty.readAvailable()
        var buffer = CellBuffer(width: terminal.size.width, height: terminal.size.height)
        buffer.write("▀", x: 0, y: 0, style: CellStyle(foreground: .rgb(10, 20, 30), background: .rgb(200, 100, 50)))
        try terminal.draw(buffer)
        let out = pty.readAvailable()
        if terminal.terminfoName == "xterm-direct" {
            #expect(terminal.capabilities.colorDepth == .trueColor)
            #expect(out.contains("38:2::10:20:30") || out.contains("38;2;10;20;30"))
        } else {
            #expect(terminal.capabilities.colorDepth == .palette256)
            #expect(out.contains("38;5;\(TerminalColor.nearestIndex(r: 10, g: 20, b: 30))"))
        }
    }

    @Test func kittyTerminalsGetThePNGOnceAndItIsDeletedOnClose() throws {
        let pty = try PseudoTerminal()
        let terminal = try CursesTerminal.open(environment: ["TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"],
                                               input: pty.stream, output: pty.stream)
        #expect(terminal.capabilities.kittyGraphics)
        _ = pty.readAvailable()
        var buffer = CellBuffer(width: terminal.size.width, height: terminal.size.height)
        buffer.images = [ImagePlacement(area: Rect(x: 2, y: 3, width: 10, height: 5), png: [0x89, 0x50, 0x4E, 0x47], contentID: 1)]
        try terminal.draw(buffer)
        let out = pty.readAvailable()
        #expect(out.contains("\u{1B}7\u{1B}[4;3H\u{1B}_Ga=T,f=100,t=d,i=\(KittyGraphics.imageID),q=2,C=1,z=-1,c=10,r=5,m=0;iVBORw==\u{1B}\\\u{1B}8"))
        // The same placement is not sent again.
        try terminal.draw(buffer)
        #expect(!pty.readAvailable().contains("_Ga=T"))
        terminal.close()
        #expect(pty.readAvailable().contains(KittyGraphics.deleteSequence()))
    }

    @Test func noColorGivesMonochrome() throws {
        let pty = try PseudoTerminal()
        let terminal = try CursesTerminal.open(environment: ["TERM": "xterm-256color", "NO_COLOR": "1"], input: pty.stream, output: pty.stream)
        defer { terminal.close() }
        #expect(terminal.capabilities.colorDepth == .monochrome)
    }

    @Test func closeRestoresTheTerminal() throws {
        let pty = try PseudoTerminal()
        let terminal = try CursesTerminal.open(environment: ["TERM": "xterm-256color"], input: pty.stream, output: pty.stream)
        try terminal.draw(CellBuffer(width: terminal.size.width, height: terminal.size.height))
        _ = pty.readAvailable()
        terminal.close()
        let out = pty.readAvailable()
        #expect(out.contains("\u{1B}[?1049l"))  // leaves the alternate screen
        #expect(out.contains("\u{1B}[?1002l"))  // mouse tracking off
        #expect(terminal.isClosed)
        terminal.close()
    }
}
