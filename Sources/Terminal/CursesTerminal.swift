import CNcurses
import Foundation
import Workstation
#if canImport(Glibc)
import Glibc
#endif

/// The ncurses terminal: draws cell buffers (only the cells that changed), reads keys, the mouse and
/// resizes, and restores the terminal on close, on exit and on SIGINT, SIGTERM, SIGHUP and SIGQUIT.
public final class CursesTerminal: TerminalBackend {
    public private(set) var size: TerminalSize
    public let capabilities: TerminalCapabilities
    /// The terminfo entry in use (may be the `-direct` variant of TERM for 24-bit colour).
    public let terminfoName: String
    private var screen: OpaquePointer?
    private let output: UnsafeMutablePointer<FILE>
    private let colors: Int
    private let maxPairs: Int
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private var previous: CellBuffer?
    private var placedImage: ImagePlacement?
    private var mouseButtonDown = false
    private var pendingEvents: [Event] = []
    private let attributeBits: [(TextAttributes, attr_t)]

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// Opens the terminal on standard input and output (or on the given streams).
    ///
    /// Sets a UTF-8 locale (the environment's, else C.UTF-8) and `NCURSES_NO_UTF8_ACS=1`. With
    /// `COLORTERM=truecolor` or `24bit`, tries the `-direct` terminfo entry first for 24-bit colour.
    /// Refuses an unknown TERM and one that cannot address the cursor (`dumb`) with a clear message.
    public static func open(environment: [String: String] = ProcessInfo.processInfo.environment,
                            input: UnsafeMutablePointer<FILE>? = nil,
                            output: UnsafeMutablePointer<FILE>? = nil) throws(TerminalError) -> CursesTerminal {
        let inStream = input ?? dcmveil_stdin()
        let outStream = output ?? dcmveil_stdout()
        guard let inStream, let outStream else {
            throw TerminalError(kind: .notATerminal, term: nil, message: "no standard input or output")
        }
        if input == nil && output == nil && (isatty(0) == 0 || isatty(1) == 0) {
            throw TerminalError(kind: .notATerminal, term: environment["TERM"],
                                message: "dcmveil review needs an interactive terminal: standard input and output must be a terminal")
        }
        guard let term = environment["TERM"], !term.isEmpty else {
            throw TerminalError(kind: .unknownTerminal, term: nil,
                                message: "TERM is not set, so the terminal cannot be driven; set TERM (for example TERM=xterm-256color)")
        }
        setenv("NCURSES_NO_UTF8_ACS", "1", 1)
        if setlocale(LC_ALL, "") == nil || dcmveil_locale_is_utf8() == 0 {
            setlocale(LC_ALL, "C.UTF-8")
        }
        var candidates: [String] = []
        if TerminalProbe.wantsTrueColor(environment), let direct = TerminalProbe.directVariant(of: term) {
            candidates.append(direct)
        }
        candidates.append(term)
        var opened: (OpaquePointer, String)?
        for name in candidates {
            if let s = newterm(name, outStream, inStream) {
                opened = (s, name)
                break
            }
        }
        guard let (screen, name) = opened else {
            throw TerminalError(kind: .unknownTerminal, term: term,
                                message: "unknown terminal type '\(term)': the terminfo database has no entry for it; set TERM to your terminal (for example xterm-256color)")
        }
        set_term(screen)
        guard dcmveil_has_string_capability("cup") != 0 else {
            endwin()
            delscreen(screen)
            throw TerminalError(kind: .cannotAddressCursor, term: term,
                                message: "terminal type '\(term)' cannot move the cursor, so the review screens cannot be drawn; use a full-screen terminal (TERM=xterm-256color, tmux-256color, …)")
        }
        dcmveil_install_restore_handlers()
        cbreak()
        noecho()
        nonl()
        keypad(dcmveil_stdscr(), true)
        curs_set(0)
        set_escdelay(25)
        let noColor = TerminalProbe.noColor(environment)
        var colors = 0
        if has_colors() && !noColor {
            start_color()
            use_default_colors()
            colors = Int(dcmveil_colors())
        }
        let depth = TerminalProbe.colorDepth(hasColors: has_colors(), colors: colors, noColor: noColor)
        let mouse = mousemask(dcmveil_mouse_all(), nil) != 0
        if mouse {
            mouseinterval(0)
            // Button-motion tracking, so a drag reports positions while the button is down.
            fputs("\u{1B}[?1002h", outStream)
            fflush(outStream)
        }
        let capabilities = TerminalCapabilities(colorDepth: depth, mouse: mouse,
                                                kittyGraphics: TerminalProbe.kittyGraphics(environment))
        return CursesTerminal(screen: screen, output: outStream, terminfoName: name, capabilities: capabilities, colors: colors)
    }

    private init(screen: OpaquePointer, output: UnsafeMutablePointer<FILE>, terminfoName: String,
                 capabilities: TerminalCapabilities, colors: Int) {
        self.screen = screen
        self.output = output
        self.terminfoName = terminfoName
        self.capabilities = capabilities
        self.colors = colors
        maxPairs = capabilities.colorDepth == .monochrome ? 0 : Int(dcmveil_color_pairs())
        attributeBits = [(.bold, dcmveil_a_bold()), (.reverse, dcmveil_a_reverse()),
                         (.underline, dcmveil_a_underline()), (.dim, dcmveil_a_dim())]
        var rows: Int32 = 0, cols: Int32 = 0
        dcmveil_getmaxyx(dcmveil_stdscr(), &rows, &cols)
        size = TerminalSize(width: Int(cols), height: Int(rows))
    }

    /// Opens the terminal, runs `body`, and restores the terminal whatever happens.
    public static func withTerminal<T>(environment: [String: String] = ProcessInfo.processInfo.environment,
                                       _ body: (CursesTerminal) throws -> T) throws -> T {
        let terminal = try open(environment: environment)
        defer { terminal.close() }
        return try body(terminal)
    }

    /// Restores the terminal: mouse tracking off, image removed, curses ended. Safe to call twice.
    public func close() {
        guard let screen else { return }
        if capabilities.mouse { fputs("\u{1B}[?1002l", output) }
        if placedImage != nil { fputs(KittyGraphics.deleteSequence(), output) }
        fflush(output)
        endwin()
        delscreen(screen)
        self.screen = nil
        dcmveil_remove_restore_handlers()
    }

    deinit { close() }

    public var isClosed: Bool { screen == nil }

    // MARK: Drawing

    public func draw(_ buffer: CellBuffer) throws {
        guard screen != nil else { return }
        let window = dcmveil_stdscr()
        var base = previous
        if buffer.width != size.width || buffer.height != size.height || base?.width != buffer.width || base?.height != buffer.height {
            base = nil
        }
        if base == nil {
            werase(window)
        }
        var exhausted = false
        withUnsafeTemporaryAllocation(of: wchar_t.self, capacity: 8) { text in
            var cell = cchar_t()
            buffer.forEachChange(from: base) { x, y, c in
                var n = 0
                for scalar in c.grapheme.unicodeScalars where n < 5 {
                    text[n] = wchar_t(bitPattern: scalar.value)
                    n += 1
                }
                if n == 0 { text[0] = 32; n = 1 }
                text[n] = 0
                var attrs = dcmveil_a_normal()
                for (flag, bit) in attributeBits where c.style.attributes.contains(flag) { attrs |= bit }
                let pair = pairNumber(c.style, exhausted: &exhausted)
                _ = dcmveil_setcchar(&cell, text.baseAddress, attrs, pair)
                _ = mvwadd_wch(window, Int32(y), Int32(x), &cell)
            }
        }
        wnoutrefresh(window)
        doupdate()
        placeImages(buffer.images)
        // When colour pairs ran out, they were recycled: redraw everything next time.
        previous = exhausted ? nil : buffer
    }

    private func pairNumber(_ style: CellStyle, exhausted: inout Bool) -> Int32 {
        guard maxPairs > 1 else { return 0 }
        let depth = capabilities.colorDepth
        let key = PairKey(foreground: TerminalProbe.cursesColor(style.foreground, depth: depth, colors: colors),
                          background: TerminalProbe.cursesColor(style.background, depth: depth, colors: colors))
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let pair = pairs[key] { return pair }
        if Int(nextPair) >= maxPairs {
            pairs.removeAll(keepingCapacity: true)
            nextPair = 1
            exhausted = true
        }
        let pair = nextPair
        nextPair += 1
        if init_extended_pair(pair, key.foreground, key.background) == ERR {
            return 0
        }
        pairs[key] = pair
        return pair
    }

    private func placeImages(_ images: [ImagePlacement]) {
        let wanted = images.first
        guard wanted != placedImage else { return }
        var out = ""
        if placedImage != nil { out += KittyGraphics.deleteSequence() }
        if let image = wanted, capabilities.kittyGraphics {
            out += KittyGraphics.saveAndMove(column: image.area.x, row: image.area.y)
            out += KittyGraphics.placeSequence(png: image.png, columns: image.area.width, rows: image.area.height)
            out += KittyGraphics.restoreCursor
        }
        placedImage = capabilities.kittyGraphics ? wanted : nil
        if !out.isEmpty {
            fputs(out, output)
            fflush(output)
        }
    }

    // MARK: Input

    public func readEvent(timeoutMilliseconds: Int) throws -> Event? {
        guard screen != nil else { return nil }
        if !pendingEvents.isEmpty { return pendingEvents.removeFirst() }
        let window = dcmveil_stdscr()
        wtimeout(window, Int32(max(0, timeoutMilliseconds)))
        var ch: wint_t = 0
        let result = wget_wch(window, &ch)
        if result == ERR { return nil }
        let code = Int32(bitPattern: ch)
        if result == dcmveil_key_code_yes() {
            return functionKey(code)
        }
        return characterKey(code)
    }

    private func characterKey(_ code: Int32) -> Event? {
        switch code {
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(code) + 96))))
        default:
            guard code >= 32, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    private func functionKey(_ code: Int32) -> Event? {
        switch code {
        case dcmveil_key_up(): return .key(.up)
        case dcmveil_key_down(): return .key(.down)
        case dcmveil_key_left(): return .key(.left)
        case dcmveil_key_right(): return .key(.right)
        case dcmveil_key_sup(): return .key(.shiftUp)
        case dcmveil_key_sdown(): return .key(.shiftDown)
        case dcmveil_key_sleft(): return .key(.shiftLeft)
        case dcmveil_key_sright(): return .key(.shiftRight)
        case dcmveil_key_enter(): return .key(.enter)
        case dcmveil_key_backspace(): return .key(.backspace)
        case dcmveil_key_dc(): return .key(.delete)
        case dcmveil_key_home(): return .key(.home)
        case dcmveil_key_end(): return .key(.end)
        case dcmveil_key_ppage(): return .key(.pageUp)
        case dcmveil_key_npage(): return .key(.pageDown)
        case dcmveil_key_btab(): return .key(.backTab)
        case dcmveil_key_resize():
            var rows: Int32 = 0, cols: Int32 = 0
            dcmveil_getmaxyx(dcmveil_stdscr(), &rows, &cols)
            size = TerminalSize(width: Int(cols), height: Int(rows))
            previous = nil
            return .resize(size)
        case dcmveil_key_mouse():
            return mouseEvent()
        default:
            for n in 1...12 where code == dcmveil_key_f(Int32(n)) { return .key(.function(n)) }
            return nil
        }
    }

    private func mouseEvent() -> Event? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let x = Int(event.x), y = Int(event.y)
        let state = event.bstate
        if state & dcmveil_button1_pressed() != 0 {
            mouseButtonDown = true
            return .mouse(MouseEvent(.press, x: x, y: y))
        }
        if state & dcmveil_button1_released() != 0 {
            mouseButtonDown = false
            return .mouse(MouseEvent(.release, x: x, y: y))
        }
        if state & dcmveil_button1_clicked() != 0 {
            pendingEvents.append(.mouse(MouseEvent(.release, x: x, y: y)))
            return .mouse(MouseEvent(.press, x: x, y: y))
        }
        if state & dcmveil_button4_pressed() != 0 { return .mouse(MouseEvent(.scrollUp, x: x, y: y)) }
        if dcmveil_button5_pressed() != 0 && state & dcmveil_button5_pressed() != 0 {
            return .mouse(MouseEvent(.scrollDown, x: x, y: y))
        }
        if state & dcmveil_report_position() != 0 && mouseButtonDown {
            return .mouse(MouseEvent(.drag, x: x, y: y))
        }
        return nil
    }
}
