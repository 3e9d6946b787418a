/// The batch overview: counts per state, progress, masks, and what blocks commit.
func renderOverview(_ model: Model, _ area: Rect, _ buffer: inout CellBuffer, _ theme: Theme) {
    guard let summary = model.summary else {
        buffer.write("Loading the batch…", x: area.x + 2, y: area.y + 1, style: theme[.textDim])
        return
    }
    let x = area.x + 2
    var y = area.y + 1
    let width = area.width - 4
    buffer.write("Batch ", x: x, y: y, style: theme[.title])
    buffer.write(summary.batchName, x: x + 6, y: y, style: theme[.title], maxWidth: width / 2, ellipsis: true)
    let who = "Reviewer: \(model.reviewer)"
    buffer.write(who, x: area.maxX - 2 - CharacterWidth.of(who), y: y, style: theme[.text])
    y += 1
    if !summary.roles.isEmpty {
        buffer.write("Roles: " + summary.roles.joined(separator: ", "), x: x, y: y, style: theme[.textDim], maxWidth: width, ellipsis: true)
    }
    y += 2
    let total = summary.total
    let reviewed = summary.reviewed
    let fraction = total > 0 ? Double(reviewed) / Double(total) : 1
    let label = "Review progress "
    buffer.write(label, x: x, y: y, style: theme[.text])
    let tail = " \(Int((fraction * 100).rounded(.down)))%  \(reviewed) of \(total) reviewed"
    let barWidth = max(4, width - CharacterWidth.of(label) - CharacterWidth.of(tail))
    renderBar(fraction, x: x + CharacterWidth.of(label), y: y, width: min(barWidth, 60), &buffer,
              filled: theme[.progress], empty: theme[.textDim])
    buffer.write(tail, x: x + CharacterWidth.of(label) + min(barWidth, 60), y: y, style: theme[.text])
    y += 2
    buffer.write("State          Instances", x: x, y: y, style: theme[.title])
    y += 1
    let maxCount = max(1, summary.counts.values.max() ?? 1)
    for state in InstanceState.allCases where y < area.maxY - 8 {
        let count = summary.counts[state] ?? 0
        buffer.write(fitted(state.rawValue, 14), x: x, y: y, style: theme[state.role])
        let number = String(count)
        buffer.write(number, x: x + 24 - number.count, y: y, style: theme[.text])
        let room = max(0, min(40, width - 28))
        let n = count == 0 ? 0 : max(1, room * count / maxCount)
        if n > 0 { buffer.write(String(repeating: "▪", count: n), x: x + 26, y: y, style: theme[state.role]) }
        y += 1
    }
    y += 1
    let m = summary.masks
    let awaiting = m.awaitingCurator > 0 ? " · \(m.awaitingCurator) awaiting curator" : ""
    buffer.write("Masks: \(m.proposed) proposed · \(m.approved) approved · \(m.manual) manual · \(m.rejected) rejected\(awaiting)",
                 x: x, y: y, style: theme[.text], maxWidth: width, ellipsis: true)
    y += 1
    let pendingOverrides = summary.overridesAwaitingCurator > 0 ? " · \(summary.overridesAwaitingCurator) awaiting curator" : ""
    buffer.write("Overrides: \(summary.overrides) approved\(pendingOverrides)", x: x, y: y, style: theme[.text], maxWidth: width, ellipsis: true)
    y += 1
    if summary.awaitingCurator > 0 {
        let next = model.keymap.label(for: .nextPendingEdit, limit: 1)
        let yes = model.keymap.label(for: .approveEdits, limit: 1), no = model.keymap.label(for: .rejectEdits, limit: 1)
        let who = summary.singlePerson ? "" : " by a curator other than their author"
        buffer.write("✎ \(summary.awaitingCurator) edit\(summary.awaitingCurator == 1 ? "" : "s") to decide\(who): \(next) goes to the next, \(yes) approves, \(no) turns down",
                     x: x, y: y, style: theme[.warning], maxWidth: width, ellipsis: true)
    }
    y += 1
    let blockers = summary.blockers
    if blockers.isEmpty {
        let key = model.keymap.label(for: .commit, limit: 1)
        buffer.write("Nothing blocks commit: press \(key) to commit.", x: x, y: y, style: theme[.ok], maxWidth: width, ellipsis: true)
    } else {
        buffer.write("Blocks commit:", x: x, y: y, style: theme[.warning])
        y += 1
        for blocker in blockers where y < area.maxY {
            buffer.write("• " + blocker, x: x + 2, y: y, style: theme[.warning], maxWidth: width - 2, ellipsis: true)
            y += 1
        }
    }
}
