// Writes to a batch store until told to stop or killed. The ReviewStore tests run it as a separate
// process: SIGKILL in the middle of a transaction, and a second writer process during their own writes.
//
//   dcmveil-store-crash-helper scan DIR PREFIX COUNT   upsert COUNT files (0: forever), one transaction
//                                                      each, 200 findings per file; prints "committed N"
//   dcmveil-store-crash-helper decide DIR NAME COUNT   approve and reject instances COUNT times
import DicomCore
import Foundation
import ReviewStore

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func record(_ prefix: String, _ n: Int) -> ScanRecord {
    let findings = (0..<200).map {
        TextFinding(frame: 0, rect: PixelRect(x: $0, y: $0, width: 10, height: 10), text: "TEXT \(n)-\($0)", confidence: 90, findingClass: "phi")
    }
    let sha = FileDigest.sha256(Data("\(prefix)-\(n)".utf8))
    return ScanRecord(
        path: "\(prefix)/\(n).dcm", size: 1000, sha256: sha,
        original: InstanceKeys(patientID: "P\(n % 7)", studyUID: "1.2.\(n % 7)", seriesUID: "1.2.\(n % 7).1", sopUID: "1.2.3.\(n)"),
        instanceNumber: n, modality: "US", rows: 512, columns: 512,
        actions: (0..<50).map { PlannedAction(path: "(0010,00\($0))", keyword: "K\($0)", vr: "LO", action: "X", old: "old", new: nil, rule: "annex-e") },
        findings: findings,
        proposedMasks: findings.indices.map { ProposedMask(frame: 0, rect: findings[$0].rect, findingIndex: $0) })
}

let args = CommandLine.arguments
guard args.count == 5, let count = Int(args[4]) else {
    say("usage: dcmveil-store-crash-helper scan|decide DIR PREFIX|NAME COUNT")
    exit(2)
}
do {
    let store = try BatchStore.open(directory: args[2])
    switch args[1] {
    case "scan":
        var n = 0
        while count == 0 || n < count {
            try store.upsertScanned(record(args[3], n))
            n += 1
            say("committed \(n)")
        }
    case "decide":
        let who = Reviewer(args[3])
        for n in 0..<count {
            let page = try store.instances(limit: 20)
            guard let i = page.instances.randomElement() else { continue }
            if n % 2 == 0 { try store.approve(.instance(i.id), by: who) } else { try store.reject(.instance(i.id), by: who) }
        }
        say("done")
    default:
        say("unknown mode \(args[1])")
        exit(2)
    }
} catch {
    say("error: \(error)")
    exit(1)
}
