/// The browser: a patient → study → series → instance tree with state badges and findings.
func renderBrowser(_ model: Model, _ layout: Layout, _ buffer: inout CellBuffer, _ theme: Theme) {
    let area = layout.content
    let list = layout.browserList
    let width = area.width
    // Columns at the right: modality, state badge, finding classes.
    let findingsWidth = 16
    let right = max(24, width - findingsWidth - 16)
    let modalityX = right, badgeX = right + 5, findingsX = right + 13
    if model.browser.query.isFiltered {
        buffer.write(" Filter: " + model.filterDescription, x: 0, y: area.y, style: theme[.warning], maxWidth: right - 1, ellipsis: true)
    } else {
        buffer.write(" Patient / study / series / instance", x: 0, y: area.y, style: theme[.title], maxWidth: right - 1)
    }
    buffer.write("Mod  State   Findings", x: modalityX, y: area.y, style: theme[.title])
    let browser = model.browser
    guard let total = browser.total else {
        buffer.write("Loading instances…", x: 2, y: list.y, style: theme[.textDim])
        return
    }
    if total == 0 {
        buffer.write("No instances match the filter (\(model.filterDescription)).", x: 2, y: list.y, style: theme[.textDim],
                     maxWidth: width - 4, ellipsis: true)
        return
    }
    let counter = "\(browser.cursor + 1)/\(total)"
    let counterWidth = CharacterWidth.of(counter)
    if width - counterWidth - 1 > 38 && width - counterWidth - 1 > findingsX + 9 {
        buffer.write(counter, x: width - counterWidth - 1, y: area.y, style: theme[.textDim])
    }
    let lines = model.browserLines(height: list.height)
    for (offset, line) in lines.enumerated() {
        let y = list.y + offset
        switch line {
        case .patient(let row):
            var x = buffer.write("▾ ", x: 1, y: y, style: theme[.textDim]) + 1
            x += buffer.write(row.patientPseudonym, x: x, y: y, style: theme[.title], maxWidth: right - x - 1)
            if let identity = browser.revealed[row.patientPseudonym] {
                buffer.write("  \(identity.patientName) · \(identity.patientID)", x: x, y: y, style: theme[.identity],
                             maxWidth: right - x - 1, ellipsis: true)
            }
        case .study(let row):
            let label = row.studyLabel.isEmpty ? row.studyKey : row.studyLabel
            buffer.write("  ▾ Study " + label, x: 1, y: y, style: theme[.text], maxWidth: right - 2, ellipsis: true)
        case .series(let row):
            let label = row.seriesLabel.isEmpty ? row.seriesKey : row.seriesLabel
            buffer.write("    ▾ Series " + label, x: 1, y: y, style: theme[.text], maxWidth: right - 2, ellipsis: true)
        case .loading(let index):
            let selected = index == browser.cursor
            if selected { buffer.fill(Rect(x: 0, y: y, width: width, height: 1), style: theme[.selection]) }
            buffer.write("      … loading", x: 1, y: y, style: selected ? theme[.selection] : theme[.textDim])
        case .instance(let index, let row):
            let selected = index == browser.cursor
            let base = selected ? theme[.selection] : theme[.text]
            if selected { buffer.fill(Rect(x: 0, y: y, width: width, height: 1), style: base) }
            buffer.write(selected ? "▶" : " ", x: 0, y: y, style: base)
            buffer.write("      " + row.sopKey, x: 1, y: y, style: base, maxWidth: modalityX - 2, ellipsis: true)
            buffer.write(row.modality, x: modalityX, y: y, style: base, maxWidth: 4)
            let badgeStyle = selected ? base.adding(theme[row.state.role].attributes) : theme[row.state.role]
            buffer.write(row.state.badge, x: badgeX, y: y, style: badgeStyle, maxWidth: 6)
            if row.pendingEdits > 0 {
                // An edit waits for a curator: the pencil sits between the badge and the findings.
                buffer.write("✎", x: badgeX + 6, y: y, style: selected ? base.adding(.bold) : theme[.warning])
            }
            var fx = findingsX
            for c in row.findingClasses.classes {
                let style = selected ? base.adding(.bold) : theme[c.role]
                fx += buffer.write(c.rawValue, x: fx, y: y, style: style, maxWidth: width - fx) + 1
            }
        }
    }
}
