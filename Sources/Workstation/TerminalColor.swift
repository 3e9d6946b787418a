/// A colour as a theme or a view names it; the terminal layer maps it to what the terminal can show.
public enum TerminalColor: Hashable, Sendable {
    /// The terminal's own default foreground or background.
    case terminalDefault
    /// One of the 256 xterm palette entries (0–15 are the basic and bright colours).
    case indexed(UInt8)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    /// A grey of the given level as a 24-bit colour.
    public static func grey(_ level: UInt8) -> TerminalColor { .rgb(level, level, level) }

    /// The names of the 16 basic colours, in palette order.
    public static let basicNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow",
        "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// Parses `default`, a basic colour name (`red`, `bright-blue`, `grey` for bright-black),
    /// a palette number `0`–`255`, or `#rrggbb`.
    public init?(parsing text: String) {
        let t = text.lowercased()
        if t == "default" || t == "none" { self = .terminalDefault; return }
        if t == "grey" || t == "gray" { self = .indexed(8); return }
        if let i = Self.basicNames.firstIndex(of: t) { self = .indexed(UInt8(i)); return }
        if let n = Int(t), (0...255).contains(n) { self = .indexed(UInt8(n)); return }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
            return
        }
        return nil
    }

    /// The text form `init(parsing:)` reads back.
    public var name: String {
        switch self {
        case .terminalDefault: return "default"
        case .indexed(let i): return i < 16 ? Self.basicNames[Int(i)] : String(i)
        case .rgb(let r, let g, let b):
            return "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }

    /// The red, green and blue of a palette entry (xterm's defaults).
    public static func rgbOfIndex(_ index: UInt8) -> (UInt8, UInt8, UInt8) {
        let basic: [(UInt8, UInt8, UInt8)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if index < 16 { return basic[Int(index)] }
        if index >= 232 {
            let v = UInt8(8 + 10 * (Int(index) - 232))
            return (v, v, v)
        }
        let i = Int(index) - 16
        let level = cubeLevels
        return (level[i / 36], level[(i / 6) % 6], level[i % 6])
    }

    static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// The nearest entry of the 256-colour palette (the 6×6×6 cube or the 24-step grey ramp).
    public static func nearestIndex(r: UInt8, g: UInt8, b: UInt8) -> UInt8 {
        func cubeStep(_ v: UInt8) -> Int {
            if v < 48 { return 0 }
            if v < 115 { return 1 }
            return (Int(v) - 35) / 40
        }
        let cr = cubeStep(r), cg = cubeStep(g), cb = cubeStep(b)
        let cube = (cubeLevels[cr], cubeLevels[cg], cubeLevels[cb])
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let greyStep = average > 238 ? 23 : max(0, (average - 3) / 10)
        let greyValue = 8 + 10 * greyStep
        func distance(_ c: (UInt8, UInt8, UInt8)) -> Int {
            let dr = Int(c.0) - Int(r), dg = Int(c.1) - Int(g), db = Int(c.2) - Int(b)
            return dr * dr + dg * dg + db * db
        }
        let g8 = UInt8(greyValue)
        if distance((g8, g8, g8)) < distance(cube) { return UInt8(232 + greyStep) }
        return UInt8(16 + 36 * cr + 6 * cg + cb)
    }

    /// The nearest of the 8 basic colours (for 8-colour terminals).
    public static func nearestBasic(r: UInt8, g: UInt8, b: UInt8) -> UInt8 {
        var best: UInt8 = 0
        var bestDistance = Int.max
        for i in UInt8(0)..<8 {
            let c = rgbOfIndex(i)
            let dr = Int(c.0) - Int(r), dg = Int(c.1) - Int(g), db = Int(c.2) - Int(b)
            let d = dr * dr + dg * dg + db * db
            if d < bestDistance { bestDistance = d; best = i }
        }
        return best
    }
}
