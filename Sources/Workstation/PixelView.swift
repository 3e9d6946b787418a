/// The nearest 256-colour palette entry for each grey level.
let greyPaletteIndex: [UInt8] = (0...255).map { TerminalColor.nearestIndex(r: UInt8($0), g: UInt8($0), b: UInt8($0)) }

/// The ASCII ramp, dark to bright.
let asciiRamp: [Character] = Array(" .:-=+*#%@")

/// Outline glyphs: top-left, horizontal, top-right, vertical, bottom-left, bottom-right.
struct OutlineGlyphs {
    let g: [Character]
    static let finding = OutlineGlyphs(g: ["┌", "─", "┐", "│", "└", "┘"])
    static let proposed = OutlineGlyphs(g: ["┌", "╌", "┐", "┆", "└", "┘"])
    static let approved = OutlineGlyphs(g: ["╔", "═", "╗", "║", "╚", "╝"])
    static let manual = OutlineGlyphs(g: ["┏", "━", "┓", "┃", "┗", "┛"])
    static let rejected = OutlineGlyphs(g: ["·", "·", "·", "·", "·", "·"])
}

/// The pixel view: the frame, OCR boxes by class, masks by status, and a panel describing them.
func renderPixels(_ model: Model, _ layout: Layout, _ buffer: inout CellBuffer, _ theme: Theme) {
    let pixel = model.pixel
    let area = layout.pixelArea
    guard pixel.instance != nil else {
        let key = model.keymap.label(for: .showBrowser, limit: 1)
        buffer.write("Select an instance in the browser (\(key)) first.", x: 2, y: area.y + 1, style: theme[.textDim])
        return
    }
    if let image = pixel.image, let pl = PixelLayout(model) {
        drawFrame(image, pl, pixel.mode, imageSerial: pixel.imageSerial, &buffer, theme)
        drawOverlays(model, pl, &buffer, theme)
    } else {
        buffer.write("Loading the frame…", x: 2, y: area.y + 1, style: theme[.textDim])
    }
    if layout.pixelPanelWidth > 0 { renderPixelPanel(model, layout.pixelPanel, &buffer, theme) }
}

/// Draws the image into the layout's area in the given mode.
func drawFrame(_ image: FrameImage, _ pl: PixelLayout, _ mode: PixelMode, imageSerial: Int,
               _ buffer: inout CellBuffer, _ theme: Theme) {
    let area = pl.area
    switch mode {
    case .kitty:
        buffer.fill(area, style: .plain)
        if let png = image.png {
            buffer.images.append(ImagePlacement(area: area, png: png, contentID: imageSerial))
        } else {
            buffer.write("[kitty image: waiting for PNG]", x: area.x + 1, y: area.y, style: theme[.textDim], maxWidth: area.width - 2)
        }
    case .ascii:
        let style = theme[.text]
        for row in area.y..<area.maxY {
            for column in area.x..<area.maxX {
                let top = pl.pixel(column: column, row: row, half: 0)
                let bottom = pl.pixel(column: column, row: row, half: 1)
                let v = (Int(image.value(x: top.x, y: top.y)) + Int(image.value(x: bottom.x, y: bottom.y))) / 2
                buffer.setCell(x: column, y: row, Cell(asciiRamp[v * asciiRamp.count / 256], width: 1, style: style))
            }
        }
    case .halfBlock256, .halfBlockTrueColor:
        let trueColor = mode == .halfBlockTrueColor
        // Precompute the pixel columns once per frame.
        var xs: [Int] = []
        xs.reserveCapacity(area.width)
        for column in area.x..<area.maxX { xs.append(pl.pixel(column: column, row: area.y).x) }
        for row in area.y..<area.maxY {
            let topY = pl.pixel(column: area.x, row: row, half: 0).y
            let bottomY = pl.pixel(column: area.x, row: row, half: 1).y
            for (i, px) in xs.enumerated() {
                let t = image.value(x: px, y: topY)
                let b = image.value(x: px, y: bottomY)
                let style: CellStyle = trueColor
                    ? CellStyle(foreground: .rgb(t, t, t), background: .rgb(b, b, b))
                    : CellStyle(foreground: .indexed(greyPaletteIndex[Int(t)]), background: .indexed(greyPaletteIndex[Int(b)]))
                buffer.setCell(x: area.x + i, y: row, Cell("▀", width: 1, style: style))
            }
        }
    }
}

/// Draws finding boxes, masks and the draft over the frame.
func drawOverlays(_ model: Model, _ pl: PixelLayout, _ buffer: inout CellBuffer, _ theme: Theme) {
    let pixel = model.pixel
    if !pixel.showMasked {
        for (index, finding) in pixel.frameFindings {
            let selected = pixel.selection == .finding(index)
            outline(pl.cells(of: finding.rect).intersection(pl.area), .finding,
                    theme[finding.findingClass.role].adding(selected ? .reverse : []), &buffer)
        }
    }
    for mask in pixel.frameMasks {
        if pixel.showMasked && (mask.status != .approved) { continue }
        if pixel.draft?.editing == mask.id { continue }
        let glyphs: OutlineGlyphs
        switch (mask.status, mask.origin) {
        case (.rejected, _): glyphs = .rejected
        case (.awaitingCurator, _): glyphs = .proposed
        case (_, .manual): glyphs = .manual
        case (.approved, _): glyphs = .approved
        case (.proposed, _): glyphs = .proposed
        }
        let selected = pixel.selection == .mask(mask.id)
        outline(pl.cells(of: mask.rect).intersection(pl.area), glyphs, theme[mask.role].adding(selected ? .reverse : []), &buffer)
    }
    // The selection again, on top of whatever overlaps it.
    switch pixel.selection {
    case .finding(let index)? where !pixel.showMasked && index < pixel.findings.count:
        let finding = pixel.findings[index]
        outline(pl.cells(of: finding.rect).intersection(pl.area), .finding, theme[finding.findingClass.role].adding(.reverse), &buffer)
    default:
        break
    }
    if let draft = pixel.draft {
        outline(pl.cells(of: draft.rect).intersection(pl.area), .manual, theme[.maskManual].adding(.reverse), &buffer)
    }
}

/// Draws a rectangle's outline in cells.
func outline(_ r: Rect, _ glyphs: OutlineGlyphs, _ style: CellStyle, _ buffer: inout CellBuffer) {
    guard !r.isEmpty else { return }
    let g = glyphs.g
    if r.width == 1 || r.height == 1 {
        for y in r.y..<r.maxY { for x in r.x..<r.maxX { buffer.put(r.height == 1 ? g[1] : g[3], x: x, y: y, style: style) } }
        return
    }
    for x in (r.x + 1)..<(r.maxX - 1) {
        buffer.put(g[1], x: x, y: r.y, style: style)
        buffer.put(g[1], x: x, y: r.maxY - 1, style: style)
    }
    for y in (r.y + 1)..<(r.maxY - 1) {
        buffer.put(g[3], x: r.x, y: y, style: style)
        buffer.put(g[3], x: r.maxX - 1, y: y, style: style)
    }
    buffer.put(g[0], x: r.x, y: r.y, style: style)
    buffer.put(g[2], x: r.maxX - 1, y: r.y, style: style)
    buffer.put(g[4], x: r.x, y: r.maxY - 1, style: style)
    buffer.put(g[5], x: r.maxX - 1, y: r.maxY - 1, style: style)
}

/// The panel beside the frame: instance, frame, window, mode, findings, masks, the draft.
func renderPixelPanel(_ model: Model, _ panel: Rect, _ buffer: inout CellBuffer, _ theme: Theme) {
    let pixel = model.pixel
    let x = panel.x + 1
    let w = panel.width - 2
    var y = panel.y
    for row in panel.y..<panel.maxY { buffer.put("│", x: panel.x, y: row, style: theme[.border]) }
    func line(_ text: String, _ style: CellStyle) {
        guard y < panel.maxY else { return }
        buffer.write(text, x: x + 1, y: y, style: style, maxWidth: w - 1, ellipsis: true)
        y += 1
    }
    if let row = model.browser.selected, row.id == pixel.instance {
        line("\(row.modality) \(row.sopKey)", theme[.title])
        buffer.write(row.state.badge, x: x + 1, y: y, style: theme[row.state.role])
        y += 1
    }
    line("Frame \(pixel.frame + 1)/\(pixel.frameCount)", theme[.text])
    if let wl = pixel.windowLevel { line("W \(Int(wl.width))  L \(Int(wl.center))", theme[.text]) }
    line("Mode \(pixel.mode.rawValue)", theme[.textDim])
    line(pixel.showMasked ? "Showing: AFTER (masked)" : "Showing: before", pixel.showMasked ? theme[.maskApproved] : theme[.text])
    if let zoom = pixel.zoom { line("Zoom \(zoom.width)×\(zoom.height) at \(zoom.x),\(zoom.y)", theme[.textDim]) }
    if let draft = pixel.draft {
        y += 1
        line(draft.editing.map { "Editing mask \($0)" } ?? "New mask", theme[.maskManual])
        line("\(draft.rect.width)×\(draft.rect.height) at \(draft.rect.x),\(draft.rect.y)", theme[.text])
        line(draft.resizing ? "arrows resize" : "arrows move", theme[.textDim])
    }
    let findings = pixel.frameFindings
    if !findings.isEmpty && !pixel.showMasked {
        y += 1
        line("Findings", theme[.title])
        for (index, finding) in findings where y < panel.maxY {
            let selected = pixel.selection == .finding(index)
            let style = selected ? theme[.selection] : theme[finding.findingClass.role]
            line("\(fitted(finding.findingClass.rawValue, 4)) \(finding.text)", style)
        }
    }
    let masks = pixel.frameMasks
    if !masks.isEmpty {
        y += 1
        line("Masks", theme[.title])
        for mask in masks where y < panel.maxY {
            let selected = pixel.selection == .mask(mask.id)
            let status = mask.status == .awaitingCurator ? "awaiting curator" : mask.status.rawValue
            let kind = mask.origin == .manual ? "manual \(status)" : status
            line("#\(mask.id) \(kind)", selected ? theme[.selection] : theme[mask.role])
        }
    }
}
