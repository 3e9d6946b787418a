/// A key press, as the terminal layer reports it and a keymap names it.
public enum Key: Hashable, Sendable {
    /// A printable character, including upper case and punctuation (space is `.character(" ")`).
    case character(Character)
    /// Control plus a letter: `.control("a")` is Ctrl-A.
    case control(Character)
    case up, down, left, right
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case enter, escape, tab, backTab, backspace, delete
    case home, end, pageUp, pageDown
    case function(Int)

    static let named: [(String, Key)] = [
        ("Up", .up), ("Down", .down), ("Left", .left), ("Right", .right),
        ("S-Up", .shiftUp), ("S-Down", .shiftDown), ("S-Left", .shiftLeft), ("S-Right", .shiftRight),
        ("Enter", .enter), ("Esc", .escape), ("Tab", .tab), ("S-Tab", .backTab),
        ("Backspace", .backspace), ("Del", .delete), ("Home", .home), ("End", .end),
        ("PgUp", .pageUp), ("PgDn", .pageDown), ("Space", .character(" ")),
    ]

    /// Parses a key name: a single character (`a`, `A`, `?`), `Space`, `Up`, `S-Up`, `Enter`, `Esc`, `Tab`,
    /// `S-Tab`, `Backspace`, `Del`, `Home`, `End`, `PgUp`, `PgDn`, `F1`–`F12`, or `C-x` for Ctrl-x.
    public init?(name: String) {
        if let hit = Self.named.first(where: { $0.0.lowercased() == name.lowercased() }) {
            self = hit.1
            return
        }
        if name.count == 1, let c = name.first, !c.isWhitespace, c.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) {
            self = .character(c)
            return
        }
        let lower = name.lowercased()
        if lower.hasPrefix("c-"), name.count == 3, let c = lower.last, c.isLetter, c.isASCII {
            self = .control(c)
            return
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n) {
            self = .function(n)
            return
        }
        return nil
    }

    /// The name `init(name:)` reads back; also what help and the status bar show.
    public var name: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .control(let c): return "C-" + String(c)
        case .function(let n): return "F\(n)"
        default: return Self.named.first(where: { $0.1 == self })?.0 ?? "?"
        }
    }
}

/// What a mouse did, in cell coordinates.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case press, drag, release, scrollUp, scrollDown }
    public var kind: Kind
    public var x: Int
    public var y: Int
    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// Input from a terminal backend.
public enum Event: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(TerminalSize)
}
