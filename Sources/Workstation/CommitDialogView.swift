import Foundation

/// The commit dialog: the summary and confirmation, progress, then the audit entry and signing key.
func renderCommitDialog(_ model: Model, _ stage: CommitStage, _ area: Rect, _ buffer: inout CellBuffer, _ theme: Theme) {
    let box = area.centered(width: min(76, area.width - 2), height: min(16, area.height))
    guard box.width > 20, box.height > 6 else { return }
    let dialog = theme[.dialog]
    buffer.fill(box, style: dialog)
    buffer.box(box, style: theme[.border].on(dialog.background), title: "Commit")
    let x = box.x + 2
    let w = box.width - 4
    var y = box.y + 1
    func line(_ text: String, _ style: CellStyle) {
        guard y < box.maxY - 1 else { return }
        buffer.write(text, x: x, y: y, style: style.on(dialog.background), maxWidth: w, ellipsis: true)
        y += 1
    }
    guard let summary = model.summary else {
        line("Loading the batch summary…", theme[.textDim])
        return
    }
    switch stage {
    case .confirm:
        line("Batch \(summary.batchName)", theme[.title])
        line("Reviewer: \(model.reviewer)" + (summary.singlePerson ? " (single-person mode)" : ""), dialog)
        let c = summary.counts
        line("Instances: \(summary.total) · approved \(c[.approved] ?? 0) · overridden \(c[.overridden] ?? 0) · rejected \(c[.rejected] ?? 0) · clean \(c[.clean] ?? 0)", dialog)
        let m = summary.masks
        line("Masks: \(m.approved) approved · \(m.manual) manual · \(m.rejected) rejected · \(m.proposed) proposed", dialog)
        line("Overrides: \(summary.overrides)", dialog)
        y += 1
        let blockers = summary.blockers
        if blockers.isEmpty {
            line("This writes the de-identified files and signs an audit entry.", dialog)
            y += 1
            line("Commit now? y / Enter to commit, n / Esc to cancel", theme[.warning])
        } else {
            line("Commit is blocked:", theme[.warning])
            for blocker in blockers { line("• " + blocker, theme[.warning]) }
            line("Esc closes", theme[.textDim])
        }
    case .running(let done, let total):
        line("Committing batch \(summary.batchName)…", theme[.title])
        y += 1
        let fraction = total > 0 ? Double(done) / Double(total) : 0
        renderBar(fraction, x: x, y: y, width: w - 14, &buffer, filled: theme[.progress], empty: theme[.textDim].on(dialog.background))
        buffer.write(" \(done)/\(total)", x: x + w - 13, y: y, style: dialog, maxWidth: 13)
        y += 2
        line("Writing files and signing the audit entry; do not close the terminal.", theme[.textDim])
    case .finished(let receipt):
        line("Committed batch \(summary.batchName)", theme[.ok])
        y += 1
        // A value too long for its line (a full SHA-256, a deep path) goes whole on the next line.
        func labelled(_ label: String, _ value: String) {
            if CharacterWidth.of(label + value) <= w {
                line(label + value, dialog)
            } else {
                line(label.trimmingCharacters(in: .whitespaces), dialog)
                line(value, dialog)
            }
        }
        labelled("Audit entry:  ", receipt.auditEntryHash)
        labelled("Signing key:  ", receipt.signingKeyFingerprint)
        labelled("Output:       ", "\(receipt.outputDirectory) (\(receipt.filesWritten) files)")
        y += 1
        line("Enter or Esc closes", theme[.textDim])
    case .failed(let message):
        line("Commit failed", theme[.error])
        y += 1
        line(message, dialog)
        y += 1
        line("Nothing was signed. Esc closes", theme[.textDim])
    }
}
