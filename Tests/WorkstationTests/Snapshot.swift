import Foundation
import Testing
@testable import Workstation

/// Compares a buffer's text with a golden file under `Snapshots/`; with DCMVEIL_UPDATE_SNAPSHOTS=1
/// it writes the file instead. The golden files are reviewed like code.
func assertSnapshot(_ buffer: CellBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent("\(name)-\(buffer.width)x\(buffer.height).txt")
    let text = buffer.lines().joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["DCMVEIL_UPDATE_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? text.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("missing snapshot \(file.lastPathComponent); run with DCMVEIL_UPDATE_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = text.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(a.count, b.count) {
        let l = i < a.count ? String(a[i]) : "<none>"
        let r = i < b.count ? String(b[i]) : "<none>"
        if l != r {
            Issue.record("\(file.lastPathComponent) line \(i + 1) differs:\nexpected: \(l)\nactual:   \(r)", sourceLocation: sourceLocation)
            return
        }
    }
}

/// Renders a model into a fresh buffer.
func rendered(_ model: Model, theme: Theme = .standard) -> CellBuffer {
    var buffer = CellBuffer(width: model.size.width, height: model.size.height)
    render(model, into: &buffer, theme: theme)
    return buffer
}

let sizes: [(Int, Int)] = [(80, 24), (160, 48)]
