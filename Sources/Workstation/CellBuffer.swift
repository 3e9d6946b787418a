/// One terminal cell: a grapheme, how many columns it spans, and its style.
///
/// A wide grapheme occupies its cell (width 2) and the next one, which holds a continuation
/// (width 0) that the terminal layer skips.
public struct Cell: Hashable, Sendable {
    public var grapheme: Character
    public var width: UInt8
    public var style: CellStyle

    public init(_ grapheme: Character = " ", width: UInt8 = 1, style: CellStyle = .plain) {
        self.grapheme = grapheme
        self.width = width
        self.style = style
    }

    /// An empty cell in the given style.
    public static func blank(_ style: CellStyle = .plain) -> Cell { Cell(" ", width: 1, style: style) }
    /// The right half of a wide grapheme.
    public static func continuation(_ style: CellStyle) -> Cell { Cell(" ", width: 0, style: style) }
}

/// An image the terminal should place over a rectangle of cells (kitty graphics protocol).
public struct ImagePlacement: Hashable, Sendable {
    /// Where the image goes, in cells.
    public var area: Rect
    /// The PNG file bytes.
    public var png: [UInt8]
    /// Identifies the image content: the same id and area mean nothing needs resending.
    public var contentID: Int

    public init(area: Rect, png: [UInt8], contentID: Int) {
        self.area = area
        self.png = png
        self.contentID = contentID
    }
}

/// A grid of cells that views draw into; the terminal layer shows it, tests read it.
public struct CellBuffer: Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    /// Row-major cells, `width * height` of them.
    public private(set) var cells: [Cell]
    /// Images to place over cells (kitty graphics); empty unless the pixel view uses kitty mode.
    public var images: [ImagePlacement] = []

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank(), count: self.width * self.height)
    }

    /// The whole buffer as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Changes the size, clearing every cell.
    public mutating func resize(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank(), count: self.width * self.height)
        images.removeAll()
    }

    /// Blanks every cell (reusing the storage) and removes the images.
    public mutating func clear(_ style: CellStyle = .plain) {
        let blank = Cell.blank(style)
        for i in cells.indices { cells[i] = blank }
        images.removeAll(keepingCapacity: true)
    }

    /// The cell at column `x`, row `y` (a blank cell outside the buffer).
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank() }
        return cells[y * width + x]
    }

    /// Puts one grapheme at column `x`, row `y`; returns the columns it took (0 when clipped).
    @discardableResult
    public mutating func put(_ grapheme: Character, x: Int, y: Int, style: CellStyle) -> Int {
        guard y >= 0, y < height, x >= 0, x < width else { return 0 }
        var g = grapheme
        if let first = g.unicodeScalars.first, first.value < 0x20 || first.value == 0x7F { g = " " }
        let w = CharacterWidth.of(g)
        let i = y * width + x
        breakWide(at: x, y: y)
        if w == 2 {
            if x + 1 >= width {
                cells[i] = .blank(style)
                return 1
            }
            breakWide(at: x + 1, y: y)
            cells[i] = Cell(g, width: 2, style: style)
            cells[i + 1] = .continuation(style)
            return 2
        }
        cells[i] = Cell(g, width: 1, style: style)
        return 1
    }

    /// Blanks the other half of a wide grapheme that covers column `x`, so none is left half-drawn.
    private mutating func breakWide(at x: Int, y: Int) {
        let i = y * width + x
        let c = cells[i]
        if c.width == 0, x > 0, cells[i - 1].width == 2 {
            cells[i - 1] = .blank(cells[i - 1].style)
        } else if c.width == 2, x + 1 < width {
            cells[i + 1] = .blank(c.style)
        }
    }

    /// Writes text from column `x` on row `y`, at most `maxWidth` columns (to the edge when nil).
    /// Returns the columns used. Text that does not fit ends in `…` when `ellipsis` is set.
    @discardableResult
    public mutating func write<S: StringProtocol>(_ text: S, x: Int, y: Int, style: CellStyle,
                                                  maxWidth: Int? = nil, ellipsis: Bool = false) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        var column = 0
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            let w = c.isASCII ? 1 : CharacterWidth.of(c)
            let next = text.index(after: index)
            if column + w > limit || (ellipsis && next < text.endIndex && column + w == limit) {
                if ellipsis && limit > 0 {
                    let at = min(column, limit - 1)
                    put("…", x: x + at, y: y, style: style)
                    return at + 1
                }
                break
            }
            column += put(c, x: x + column, y: y, style: style)
            index = next
        }
        return column
    }

    /// Fills a rectangle with one grapheme.
    public mutating func fill(_ rect: Rect, with grapheme: Character = " ", style: CellStyle) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        if grapheme == " " {
            let blank = Cell.blank(style)
            for y in r.y..<r.maxY {
                if r.x > 0 { breakWide(at: r.x, y: y) }
                if r.maxX < width { breakWide(at: r.maxX - 1, y: y) }
                let base = y * width
                for x in r.x..<r.maxX { cells[base + x] = blank }
            }
            return
        }
        for y in r.y..<r.maxY {
            var x = r.x
            while x < r.maxX { x += max(1, put(grapheme, x: x, y: y, style: style)) }
        }
    }

    /// Sets the style of every cell in a rectangle, keeping the graphemes.
    public mutating func setStyle(_ rect: Rect, _ style: CellStyle) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            let base = y * width
            for x in r.x..<r.maxX { cells[base + x].style = style }
        }
    }

    /// Sets a single cell directly (a fast path for pixel drawing: width-1 graphemes only).
    @inline(__always)
    public mutating func setCell(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x] = cell
    }

    /// Draws a box outline with line-drawing characters.
    public mutating func box(_ rect: Rect, style: CellStyle, title: String? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let horizontal: Character = "─", vertical: Character = "│"
        for x in (rect.x + 1)..<(rect.maxX - 1) {
            put(horizontal, x: x, y: rect.y, style: style)
            put(horizontal, x: x, y: rect.maxY - 1, style: style)
        }
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            put(vertical, x: rect.x, y: y, style: style)
            put(vertical, x: rect.maxX - 1, y: y, style: style)
        }
        put("┌", x: rect.x, y: rect.y, style: style)
        put("┐", x: rect.maxX - 1, y: rect.y, style: style)
        put("└", x: rect.x, y: rect.maxY - 1, style: style)
        put("┘", x: rect.maxX - 1, y: rect.maxY - 1, style: style)
        if let title, rect.width > 4 {
            write(" \(title) ", x: rect.x + 2, y: rect.y, style: style.adding(.bold), maxWidth: rect.width - 4, ellipsis: true)
        }
    }

    /// The text of row `y`, wide graphemes once, trailing spaces kept.
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var s = ""
        s.reserveCapacity(width)
        let base = y * width
        for x in 0..<width where cells[base + x].width != 0 {
            s.append(cells[base + x].grapheme)
        }
        return s
    }

    /// Every row as text with trailing spaces removed (what a snapshot test compares).
    public func lines() -> [String] {
        (0..<height).map { y in
            var s = line(y)
            while s.last == " " { s.removeLast() }
            return s
        }
    }

    /// The column where `text` first appears on row `y`, or nil.
    public func column(of text: String, row y: Int) -> Int? {
        guard y >= 0, y < height else { return nil }
        let target = Array(text)
        guard !target.isEmpty else { return nil }
        var columns: [Int] = []
        var chars: [Character] = []
        for x in 0..<width where cells[y * width + x].width != 0 {
            columns.append(x)
            chars.append(cells[y * width + x].grapheme)
        }
        guard chars.count >= target.count else { return nil }
        for start in 0...(chars.count - target.count) where Array(chars[start..<(start + target.count)]) == target {
            return columns[start]
        }
        return nil
    }

    /// The first (column, row) where `text` appears, or nil.
    public func find(_ text: String) -> (x: Int, y: Int)? {
        for y in 0..<height {
            if let x = column(of: text, row: y) { return (x, y) }
        }
        return nil
    }
}
