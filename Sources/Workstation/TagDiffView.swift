/// The tag diff: before and after side by side, with the action and the rule behind it.
func renderTagDiff(_ model: Model, _ layout: Layout, _ buffer: inout CellBuffer, _ theme: Theme) {
    let area = layout.content
    let list = layout.tagDiffList
    let width = area.width
    let state = model.tagDiff
    guard state.instance != nil else {
        let key = model.keymap.label(for: .showBrowser, limit: 1)
        buffer.write("Select an instance in the browser (\(key)) first.", x: 2, y: area.y + 1, style: theme[.textDim])
        return
    }
    // Columns.
    let keywordWidth = width >= 120 ? 26 : 16
    let ruleWidth = width >= 120 ? 24 : 0
    let fixed = 3 + 1 + 11 + 1 + keywordWidth + 1 + 2 + 1
    let valueWidth = max(4, (width - fixed - (ruleWidth > 0 ? ruleWidth + 1 : 0) - 1) / 2)
    let tagX = 4, keywordX = 16, vrX = 16 + keywordWidth + 1, beforeX = vrX + 3
    let afterX = beforeX + valueWidth + 1, ruleX = afterX + valueWidth + 1
    let heading = theme[.title]
    buffer.write("Act", x: 0, y: area.y, style: heading)
    buffer.write("Tag", x: tagX, y: area.y, style: heading)
    buffer.write("Keyword", x: keywordX, y: area.y, style: heading)
    buffer.write("VR", x: vrX, y: area.y, style: heading)
    buffer.write("Before", x: beforeX, y: area.y, style: heading)
    var afterHeading = "After"
    if state.onlyChanged { afterHeading += " (only changed)" }
    buffer.write(afterHeading, x: afterX, y: area.y, style: heading, maxWidth: valueWidth)
    if ruleWidth > 0 { buffer.write("Rule", x: ruleX, y: area.y, style: heading) }
    if state.loading {
        buffer.write("Loading the tag diff…", x: 2, y: list.y, style: theme[.textDim])
        return
    }
    let visible = state.visibleRows()
    if visible.isEmpty {
        buffer.write(state.onlyChanged ? "Nothing changes in this instance." : "No elements.", x: 2, y: list.y, style: theme[.textDim])
        return
    }
    for line in 0..<list.height {
        let position = state.scrollTop + line
        guard position < visible.count else { break }
        let index = visible[position]
        let row = state.rows[index]
        let y = list.y + line
        let selected = position == state.cursor
        let roleStyle = theme[row.action.role]
        let base = selected ? theme[.selection] : roleStyle
        if selected { buffer.fill(Rect(x: 0, y: y, width: width, height: 1), style: base) }
        buffer.write(row.action.code, x: 0, y: y, style: selected ? base.adding(.bold) : roleStyle.adding(.bold), maxWidth: 3)
        buffer.write(row.tag.description, x: tagX, y: y, style: base)
        let indent = String(repeating: "  ", count: min(row.depth, 6))
        let marker = row.isSequence ? (state.folded.contains(index) ? "▸ " : "▾ ") : ""
        buffer.write(indent + marker + row.keyword, x: keywordX, y: y, style: base, maxWidth: keywordWidth, ellipsis: true)
        buffer.write(row.vr, x: vrX, y: y, style: base, maxWidth: 2)
        if !row.isSequence {
            buffer.write(row.before, x: beforeX, y: y, style: base, maxWidth: valueWidth, ellipsis: true)
            if let after = row.after {
                let used = buffer.write(after, x: afterX, y: y, style: base, maxWidth: valueWidth, ellipsis: true)
                highlight(row.retainedTextHits, in: after, x: afterX, y: y, limit: used, &buffer, theme[.diffRetained])
            } else {
                buffer.write("(removed)", x: afterX, y: y, style: selected ? base : theme[.diffRemoved].adding(.dim), maxWidth: valueWidth)
            }
        } else if row.action == .remove {
            buffer.write("(sequence removed)", x: afterX, y: y, style: base, maxWidth: valueWidth)
        }
        if ruleWidth > 0 {
            buffer.write(row.rule, x: ruleX, y: y, style: selected ? base : theme[.textDim], maxWidth: ruleWidth, ellipsis: true)
        }
        if !row.retainedTextHits.isEmpty { buffer.put("!", x: 3, y: y, style: theme[.diffRetained]) }
    }
    // Details of the selected row: the full values and the rule.
    let detailY = list.maxY
    buffer.fill(Rect(x: 0, y: detailY, width: width, height: 2), style: theme[.text])
    if state.cursor < visible.count {
        let row = state.rows[visible[state.cursor]]
        var x = buffer.write("\(row.action.code) \(row.tag) \(row.keyword) · rule: ", x: 1, y: detailY, style: theme[.textDim])
        x += buffer.write(row.rule, x: 1 + x, y: detailY, style: theme[.text], maxWidth: width - x - 2, ellipsis: true)
        let afterText = row.after ?? "(removed)"
        var dx = buffer.write(row.before, x: 1, y: detailY + 1, style: theme[.text], maxWidth: width / 2 - 2, ellipsis: true) + 1
        dx += buffer.write(" → ", x: dx, y: detailY + 1, style: theme[.textDim])
        let used = buffer.write(afterText, x: dx, y: detailY + 1, style: theme[row.action.role], maxWidth: width - dx - 1, ellipsis: true)
        if row.after != nil {
            highlight(row.retainedTextHits, in: afterText, x: dx, y: detailY + 1, limit: used, &buffer, theme[.diffRetained])
        }
    }
}

/// Restyles the cells of character ranges of `text` written at column `x`.
func highlight(_ ranges: [Range<Int>], in text: String, x: Int, y: Int, limit: Int,
               _ buffer: inout CellBuffer, _ style: CellStyle) {
    guard !ranges.isEmpty else { return }
    var column = x
    for (i, c) in text.enumerated() {
        let w = CharacterWidth.of(c)
        if column + w > x + limit { break }
        if ranges.contains(where: { $0.contains(i) }) {
            buffer.setStyle(Rect(x: column, y: y, width: w, height: 1), style)
        }
        column += w
    }
}
