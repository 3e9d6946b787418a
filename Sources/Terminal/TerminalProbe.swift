import Workstation

/// Decisions about a terminal made from its environment and terminfo facts; pure, so testable.
public enum TerminalProbe {
    /// NO_COLOR present and not empty turns colour off (https://no-color.org).
    public static func noColor(_ environment: [String: String]) -> Bool {
        if let v = environment["NO_COLOR"], !v.isEmpty { return true }
        return false
    }

    /// COLORTERM says the terminal takes 24-bit colour.
    public static func wantsTrueColor(_ environment: [String: String]) -> Bool {
        let v = environment["COLORTERM"]?.lowercased() ?? ""
        return v == "truecolor" || v == "24bit"
    }

    /// The kitty graphics protocol is available: TERM names kitty, or KITTY_WINDOW_ID is set.
    public static func kittyGraphics(_ environment: [String: String]) -> Bool {
        if let term = environment["TERM"], term.lowercased().contains("kitty") { return true }
        if let id = environment["KITTY_WINDOW_ID"], !id.isEmpty { return true }
        return false
    }

    /// The direct-colour terminfo entry of a 256-colour one (`xterm-256color` → `xterm-direct`),
    /// which lets ncurses send 24-bit colour; nil when there is none to try.
    public static func directVariant(of term: String) -> String? {
        if term.hasSuffix("-direct") { return nil }
        if term.hasSuffix("-256color") { return String(term.dropLast("-256color".count)) + "-direct" }
        if term == "xterm" || term == "kitty" || term == "xterm-kitty" { return nil }
        return nil
    }

    /// The colour depth from what terminfo reports.
    public static func colorDepth(hasColors: Bool, colors: Int, noColor: Bool) -> ColorDepth {
        if noColor || !hasColors || colors < 8 { return .monochrome }
        if colors >= 0x100_0000 { return .trueColor }
        if colors >= 256 { return .palette256 }
        return .basic8
    }

    /// The colour number to give ncurses for a colour at a depth; -1 is the terminal default.
    public static func cursesColor(_ color: TerminalColor, depth: ColorDepth, colors: Int) -> Int32 {
        switch (color, depth) {
        case (_, .monochrome), (.terminalDefault, _):
            return -1
        case (.indexed(let i), .palette256):
            if Int(i) < colors { return Int32(i) }
            let c = TerminalColor.rgbOfIndex(i)
            return Int32(TerminalColor.nearestBasic(r: c.0, g: c.1, b: c.2))
        case (.rgb(let r, let g, let b), .palette256):
            return Int32(colors >= 256 ? TerminalColor.nearestIndex(r: r, g: g, b: b) : TerminalColor.nearestBasic(r: r, g: g, b: b))
        case (.indexed(let i), .basic8):
            if i < 8 { return Int32(i) }
            if i < 16 { return Int32(i - 8) }
            let c = TerminalColor.rgbOfIndex(i)
            return Int32(TerminalColor.nearestBasic(r: c.0, g: c.1, b: c.2))
        case (.rgb(let r, let g, let b), .basic8):
            return Int32(TerminalColor.nearestBasic(r: r, g: g, b: b))
        case (.indexed(let i), .trueColor):
            // Direct-colour terminfo keeps 0–7 as the basic colours; everything else is packed RGB.
            if i < 8 { return Int32(i) }
            let c = TerminalColor.rgbOfIndex(i)
            return Int32(c.0) << 16 | Int32(c.1) << 8 | Int32(c.2)
        case (.rgb(let r, let g, let b), .trueColor):
            let packed = Int32(r) << 16 | Int32(g) << 8 | Int32(b)
            // Values below 8 would mean the basic colours; nudge near-black up one step of blue.
            return packed < 8 ? 8 : packed
        }
    }
}
