import DicomCore

/// Where the parts of the screen go; shared by the views and by update (scrolling, mouse hits).
public struct Layout: Sendable {
    public let size: TerminalSize
    public let bannerRows: Int

    public init(_ model: Model) {
        size = model.size
        bannerRows = model.singlePerson ? 1 : 0
    }

    /// The tab bar.
    public var header: Rect { Rect(x: 0, y: 0, width: size.width, height: 1) }
    /// The single-person banner, when shown.
    public var banner: Rect? { bannerRows > 0 ? Rect(x: 0, y: 1, width: size.width, height: 1) : nil }
    /// The screen's own area.
    public var content: Rect { Rect(x: 0, y: 1 + bannerRows, width: size.width, height: size.height - 2 - bannerRows) }
    /// The status bar, on the last row.
    public var statusBar: Rect { Rect(x: 0, y: max(0, size.height - 1), width: size.width, height: 1) }

    /// The browser's list (below its column headings).
    public var browserList: Rect { Rect(x: 0, y: content.y + 1, width: size.width, height: content.height - 1) }

    /// The tag diff's list: below the headings, above the two detail lines.
    public var tagDiffList: Rect { Rect(x: 0, y: content.y + 1, width: size.width, height: content.height - 3) }

    /// The width of the pixel view's information panel.
    public var pixelPanelWidth: Int { size.width >= 60 ? min(32, size.width / 4 + 8) : 0 }
    /// Where the pixel view may draw the frame.
    public var pixelArea: Rect {
        Rect(x: 0, y: content.y, width: size.width - pixelPanelWidth, height: content.height)
    }
    /// The pixel view's information panel.
    public var pixelPanel: Rect {
        Rect(x: size.width - pixelPanelWidth, y: content.y, width: pixelPanelWidth, height: content.height)
    }
}

/// How a frame maps onto cells: each cell is `1/scale` pixels wide and `2/scale` pixels tall, so
/// pixels stay square in a terminal whose cells are twice as tall as wide.
public struct PixelLayout: Sendable, Equatable {
    /// The cells the image covers.
    public let area: Rect
    /// The part of the image shown.
    public let source: PixelRect
    /// Cells per image pixel, horizontally.
    public let scale: Double

    /// The layout of the current image in the model, or nil when there is none.
    public init?(_ model: Model) {
        guard let image = model.pixel.image, image.width > 0, image.height > 0 else { return nil }
        let bounds = Layout(model).pixelArea
        let full = PixelRect(x: 0, y: 0, width: image.width, height: image.height)
        self.init(bounds: bounds, source: model.pixel.zoom ?? full)
    }

    /// Fits `source` into `bounds`, centred.
    public init?(bounds: Rect, source: PixelRect) {
        guard bounds.width > 0, bounds.height > 0, source.width > 0, source.height > 0 else { return nil }
        let s = min(Double(bounds.width) / Double(source.width), Double(bounds.height * 2) / Double(source.height))
        let cols = max(1, min(bounds.width, Int(Double(source.width) * s)))
        let rows = max(1, min(bounds.height, Int(Double(source.height) * s / 2)))
        area = bounds.centered(width: cols, height: rows)
        self.source = source
        scale = s
    }

    /// The image pixel under the top half (`half` 0) or bottom half (1) of a cell.
    @inline(__always)
    public func pixel(column: Int, row: Int, half: Int = 0) -> (x: Int, y: Int) {
        let x = source.x + Int((Double(column - area.x) + 0.5) / scale)
        let y = source.y + Int((Double((row - area.y) * 2 + half) + 0.5) / scale)
        return (x, y)
    }

    /// The cell over an image pixel.
    public func cell(x: Int, y: Int) -> (column: Int, row: Int) {
        (area.x + Int((Double(x - source.x) * scale).rounded(.down)), area.y + Int((Double(y - source.y) * scale / 2).rounded(.down)))
    }

    /// The cells a pixel rectangle covers (at least one cell).
    public func cells(of rect: PixelRect) -> Rect {
        let a = cell(x: rect.x, y: rect.y)
        let bx = area.x + Int((Double(rect.maxX - source.x) * scale).rounded(.up)) - 1
        let by = area.y + Int((Double(rect.maxY - source.y) * scale / 2).rounded(.up)) - 1
        return Rect(x: a.column, y: a.row, width: max(1, bx - a.column + 1), height: max(1, by - a.row + 1))
    }

    /// Image pixels per cell step, horizontally and vertically (for moving masks with the keys).
    public var step: (x: Int, y: Int) { (max(1, Int((1 / scale).rounded())), max(1, Int((2 / scale).rounded()))) }
}
