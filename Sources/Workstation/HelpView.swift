/// One line of the help overlay.
public enum HelpLine: Hashable, Sendable {
    case heading(String)
    case binding(keys: String, help: String)
    case blank
}

/// The help text, generated from the keymap: every context, every action, its keys and help.
public func helpLines(_ keymap: Keymap) -> [HelpLine] {
    var lines: [HelpLine] = []
    for context in KeyContext.allCases {
        let actions = Action.allCases.filter { $0.context == context }
        guard !actions.isEmpty else { continue }
        if !lines.isEmpty { lines.append(.blank) }
        lines.append(.heading(context.title))
        for action in actions {
            let keys = keymap.keys(for: action).map(\.name).joined(separator: " ")
            lines.append(.binding(keys: keys.isEmpty ? "(unbound)" : keys, help: action.help))
        }
    }
    return lines
}

func renderHelp(_ keymap: Keymap, scroll: Int, _ area: Rect, _ buffer: inout CellBuffer, _ theme: Theme) {
    let box = area.inset(1)
    guard box.width > 10, box.height > 3 else { return }
    buffer.fill(box, style: theme[.dialog])
    buffer.box(box, style: theme[.border].on(theme[.dialog].background), title: "Help: keys (Esc closes)")
    let lines = helpLines(keymap)
    let inner = box.inset(1)
    let top = max(0, min(scroll, lines.count - inner.height))
    let keyWidth = min(22, inner.width / 3)
    for (i, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
        let y = inner.y + i
        switch line {
        case .heading(let title):
            buffer.write(title, x: inner.x + 1, y: y, style: theme[.title].on(theme[.dialog].background))
        case .binding(let keys, let help):
            buffer.write(keys, x: inner.x + 2, y: y, style: theme[.helpKey].on(theme[.dialog].background), maxWidth: keyWidth, ellipsis: true)
            buffer.write(help, x: inner.x + 3 + keyWidth, y: y, style: theme[.dialog], maxWidth: inner.width - keyWidth - 4, ellipsis: true)
        case .blank:
            break
        }
    }
}
