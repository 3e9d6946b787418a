/// Draws the whole screen for a model into a cell buffer (resized to the model's size when needed).
/// Views only write cells; they never touch a terminal.
public func render(_ model: Model, into buffer: inout CellBuffer, theme: Theme = .standard) {
    if buffer.width != model.size.width || buffer.height != model.size.height {
        buffer.resize(width: model.size.width, height: model.size.height)
    }
    buffer.clear(theme[.text])
    guard model.size.width >= 20, model.size.height >= 6 else {
        buffer.write("Terminal too small", x: 0, y: 0, style: theme[.warning])
        return
    }
    let layout = Layout(model)
    renderHeader(model, layout, &buffer, theme)
    if let banner = layout.banner {
        buffer.fill(banner, style: theme[.banner])
        buffer.write(" SINGLE-PERSON MODE: this batch has no roles; you review, approve and commit alone",
                     x: 0, y: banner.y, style: theme[.banner], ellipsis: true)
    }
    switch model.screen {
    case .overview: renderOverview(model, layout.content, &buffer, theme)
    case .browser: renderBrowser(model, layout, &buffer, theme)
    case .tagDiff: renderTagDiff(model, layout, &buffer, theme)
    case .pixels: renderPixels(model, layout, &buffer, theme)
    }
    switch model.overlay {
    case .help(let scroll)?: renderHelp(model.keymap, scroll: scroll, layout.content, &buffer, theme)
    case .commit(let stage)?: renderCommitDialog(model, stage, layout.content, &buffer, theme)
    case nil: break
    }
    renderStatusBar(model, layout.statusBar, &buffer, theme)
}

func renderHeader(_ model: Model, _ layout: Layout, _ buffer: inout CellBuffer, _ theme: Theme) {
    let bar = layout.header
    buffer.fill(bar, style: theme[.tab])
    var x = buffer.write(" dcmveil ", x: 0, y: bar.y, style: theme[.tabActive].adding(.bold))
    for screen in Screen.allCases {
        let key = model.keymap.keys(for: [.showOverview, .showBrowser, .showTagDiff, .showPixels][screen.rawValue]).first?.name ?? ""
        let label = " \(key) \(screen.title) "
        guard x + CharacterWidth.of(label) < bar.width else { break }
        x += buffer.write(label, x: x, y: bar.y, style: screen == model.screen ? theme[.tabActive] : theme[.tab])
    }
    if let summary = model.summary {
        let right = "\(summary.batchName) · \(model.reviewer) "
        let w = CharacterWidth.of(right)
        if x + w + 2 <= bar.width {
            buffer.write(right, x: bar.width - w, y: bar.y, style: theme[.tab])
        }
    }
}

/// Short names of actions for the status bar.
func hintName(_ action: Action) -> String {
    switch action {
    case .help: return "help"
    case .quit: return "quit"
    case .open: return "open"
    case .back: return "back"
    case .nextNeedsReview: return "next review"
    case .approve: return "approve"
    case .reject: return "reject"
    case .search: return "search"
    case .commit: return "commit"
    case .toggleNeedsReviewFilter: return "needs-review"
    case .cycleModalityFilter: return "modality"
    case .cycleFindingFilter: return "finding"
    case .revealIdentity: return "reveal"
    case .toggleOnlyChanged: return "only changed"
    case .toggleFold: return "fold"
    case .nextBox: return "next box"
    case .drawMask: return "mask"
    case .editMask: return "edit"
    case .deleteMask: return "delete"
    case .toggleBeforeAfter: return "before/after"
    case .cycleRenderMode: return "mode"
    case .zoomToBox: return "zoom"
    case .windowNarrower: return "window"
    case .levelUp: return "level"
    case .nextFrame: return "frame"
    case .toggleResize: return "move/resize"
    case .override: return "override"
    case .showOverview: return "overview"
    case .showBrowser: return "browse"
    case .showTagDiff: return "tags"
    case .showPixels: return "pixels"
    default: return action.rawValue
    }
}

/// The actions the status bar suggests for a model's state.
func hintActions(_ model: Model) -> [Action] {
    if model.pixel.draft != nil && model.screen == .pixels {
        return [.open, .back, .toggleResize, .moveUp, .moveUpFast]
    }
    switch model.screen {
    case .overview: return [.showBrowser, .nextNeedsReview, .commit, .help, .quit]
    case .browser: return [.open, .nextNeedsReview, .approve, .reject, .search, .toggleNeedsReviewFilter, .revealIdentity, .override, .help, .quit]
    case .tagDiff: return [.toggleOnlyChanged, .toggleFold, .nextNeedsReview, .approve, .reject, .showPixels, .help, .quit]
    case .pixels: return [.nextBox, .approve, .reject, .drawMask, .toggleBeforeAfter, .zoomToBox, .cycleRenderMode, .windowNarrower, .levelUp, .nextFrame, .help, .quit]
    }
}

func renderStatusBar(_ model: Model, _ bar: Rect, _ buffer: inout CellBuffer, _ theme: Theme) {
    buffer.fill(bar, style: theme[.statusbar])
    if let prompt = model.prompt {
        var x = buffer.write(" " + prompt.label, x: 0, y: bar.y, style: theme[.statusbarKey])
        x += buffer.write(prompt.text, x: x, y: bar.y, style: theme[.statusbar], maxWidth: bar.width - x - 1)
        buffer.put("█", x: x, y: bar.y, style: theme[.statusbar])
        return
    }
    if let status = model.status {
        let style = status.isError ? theme[.error].on(theme[.statusbar].background) : theme[.statusbarMessage]
        buffer.write(" " + status.text + " ", x: 0, y: bar.y, style: style, maxWidth: bar.width, ellipsis: true)
        return
    }
    var x = 1
    for action in hintActions(model) {
        let key = model.keymap.label(for: action, limit: 1)
        guard !key.isEmpty else { continue }
        let name = hintName(action)
        let need = CharacterWidth.of(key) + 1 + CharacterWidth.of(name) + 2
        guard x + need <= bar.width else { break }
        x += buffer.write(key, x: x, y: bar.y, style: theme[.statusbarKey])
        x += 1
        x += buffer.write(name, x: x, y: bar.y, style: theme[.statusbar])
        x += 2
    }
}

/// Draws a horizontal bar `fraction` full.
func renderBar(_ fraction: Double, x: Int, y: Int, width: Int, _ buffer: inout CellBuffer, filled: CellStyle, empty: CellStyle) {
    guard width > 0 else { return }
    let f = max(0, min(1, fraction.isFinite ? fraction : 0))
    let n = Int((f * Double(width)).rounded())
    for i in 0..<width {
        buffer.put(i < n ? "█" : "░", x: x + i, y: y, style: i < n ? filled : empty)
    }
}

/// Pads or cuts text to exactly `width` columns.
func fitted(_ text: String, _ width: Int) -> String {
    guard width > 0 else { return "" }
    let w = CharacterWidth.of(text)
    if w <= width { return text + String(repeating: " ", count: width - w) }
    var out = ""
    var used = 0
    for c in text {
        let cw = CharacterWidth.of(c)
        if used + cw > width - 1 { break }
        out.append(c)
        used += cw
    }
    return out + "…" + String(repeating: " ", count: max(0, width - used - 1))
}
