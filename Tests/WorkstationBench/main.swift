// Workstation benchmark through the in-memory backend (no terminal): the first screen of a batch of
// 100,000 instances, and the redraw after each keypress on a 160×48 pixel view with a half-block
// thumbnail of a 512×512 frame. Build with -c release; prints medians and worst cases in ms.
//
//   dcmveil-workstation-bench [--by-key] [--store DIR [--instances N]]
//
// With --store, it instead fills DIR/batch.sqlite with N synthetic instances (default 100,000; kept for the
// next run) and measures opening that real SQLite store until the first browser page is drawn.
import DicomCore
import Foundation
import Workstation

/// A synthetic batch: rows are computed from their index, frames from a formula.
final class SyntheticBatch: CommandExecutor {
    let total: Int
    let frame: FrameImage
    init(total: Int) {
        self.total = total
        var grey = [UInt8](repeating: 0, count: 512 * 512)
        for y in 0..<512 { for x in 0..<512 { grey[y * 512 + x] = UInt8((x ^ y) & 0xFF) } }
        frame = FrameImage(width: 512, height: 512, grey: grey)
    }
    func row(_ i: Int) -> InstanceRow {
        InstanceRow(id: InstanceID(Int64(i)), patientPseudonym: "PAT-\(i / 400)", studyKey: "ST-\(i / 100)", studyLabel: "CT study \(i / 100)",
                    seriesKey: "SE-\(i / 20)", seriesLabel: "Series \(i / 20)", sopKey: "IM-\(i)", modality: "CT",
                    state: i % 7 == 3 ? .needsReview : .clean, findingClasses: i % 7 == 3 ? FindingClasses([.phi, .date]) : [])
    }
    func execute(_ command: Command, reply: MessageSink) {
        switch command {
        case .loadSummary:
            reply.send(.summaryLoaded(BatchSummary(batchName: "bench", reviewer: "bench", counts: [.clean: total - total / 7, .needsReview: total / 7])))
        case .loadPage(let q, let offset, let limit):
            let end = min(total, offset + limit)
            reply.send(.pageLoaded(q, offset: offset, total: total, rows: (offset..<end).map(row)))
        case .search(let q, let target, let from):
            var i = from
            while i < total && row(i).state != .needsReview { i += 1 }
            reply.send(.searchResult(q, target, index: i < total ? i : nil))
        case .loadFrame(let request):
            let findings = (0..<6).map { k in
                FindingBox(frame: 0, rect: PixelRect(x: 20 + 80 * k, y: 20, width: 60, height: 20), findingClass: FindingClass.allCases[k % 4], text: "TEXT \(k)")
            }
            let masks = findings.enumerated().map { k, f in MaskBox(id: MaskID(Int64(k)), frame: 0, rect: f.rect, status: .proposed, origin: .detected) }
            reply.send(.frameLoaded(request, FramePayload(image: frame, frameCount: 1, windowLevel: request.windowLevel ?? WindowLevel(center: 128, width: 256),
                                                          findings: findings, masks: masks)))
        default:
            break
        }
    }
}

/// The value after `flag` on the command line.
func option(_ flag: String) -> String? {
    guard let i = CommandLine.arguments.firstIndex(of: flag), i + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[i + 1]
}

func milliseconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15
}

func report(_ name: String, _ samples: [Double]) {
    let sorted = samples.sorted()
    let median = sorted[sorted.count / 2]
    let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
    print(String(format: "%@: median %.3f ms, p99 %.3f ms, max %.3f ms (%d samples)", name, median, p99, sorted.last ?? 0, sorted.count))
}

let clock = ContinuousClock()

// In-memory backend and synthetic batch: the first screen, then keypress redraws.
if option("--store") == nil {
    // First screen of 100,000 instances: start, answer, draw.
    var firstScreen: [Double] = []
    for _ in 0..<20 {
        let started = clock.now
        let backend = InMemoryBackend(size: TerminalSize(width: 160, height: 48))
        let app = App(model: Model(size: backend.size, capabilities: backend.capabilities, reviewer: "bench"),
                      theme: .standard, backend: backend, executor: SyntheticBatch(total: 100_000))
        app.start()
        backend.type([.character("2")])
        _ = try app.step(timeoutMilliseconds: 0)
        firstScreen.append(milliseconds(clock.now - started))
    }
    report("first browser screen, 100,000 instances", firstScreen)

    // Keypresses on the pixel view: render + diffed draw of 160×48 with a half-block thumbnail.
    for depth in [ColorDepth.palette256, .trueColor] {
        let backend = InMemoryBackend(size: TerminalSize(width: 160, height: 48), capabilities: TerminalCapabilities(colorDepth: depth))
        let app = App(model: Model(size: backend.size, capabilities: backend.capabilities, reviewer: "bench"),
                      theme: .standard, backend: backend, executor: SyntheticBatch(total: 100_000))
        app.start()
        backend.type([.character("n"), .character("4")])
        _ = try app.step(timeoutMilliseconds: 0)
        _ = try app.step(timeoutMilliseconds: 0)
        var frames: [Double] = []
        var byKey: [String: [Double]] = [:]
        let cycle: [Key] = [.tab, .tab, .character("z"), .character("Z"), .character("["), .character("]"), .character("b"), .character("b"), .character("n")]
        for i in 0..<900 {
            backend.type([cycle[i % cycle.count]])
            let started = clock.now
            _ = try app.step(timeoutMilliseconds: 0)
            let ms = milliseconds(clock.now - started)
            frames.append(ms)
            byKey[cycle[i % cycle.count].name, default: []].append(ms)
        }
        if CommandLine.arguments.contains("--by-key") {
            for (key, samples) in byKey.sorted(by: { $0.key < $1.key }) { report("  key \(key)", samples) }
        }
        report("keypress redraw, pixel view 160×48, \(app.model.pixel.mode.rawValue)", frames)
    }
}

// Opening a real batch store until the first browser page is drawn.
if let directory = option("--store") {
    let instances = Int(option("--instances") ?? "") ?? 100_000
    let filling = clock.now
    try fillStore(directory: directory, count: instances)
    print(String(format: "store ready: %.1f s", milliseconds(clock.now - filling) / 1000))
    let (samples, total) = try measureStoreOpen(directory: directory, runs: 10)
    guard total >= instances else {
        print("store open: the browser shows \(total) instances, expected \(instances)")
        exit(1)
    }
    report("store open to first browser page, \(instances) instances", samples)
}
