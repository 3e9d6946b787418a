import DicomCore
import Workstation

/// A small batch held in memory, and an executor that answers the workstation's commands from it:
/// the same contract the review store must meet (ordering, filters, search wrap-around).
final class DemoBatch: CommandExecutor {
    var rows: [InstanceRow]
    var summaryBase = BatchSummary(batchName: "demo-batch", reviewer: "alice", roles: [],
                                   counts: [:], masks: MaskCounts(), overrides: 0,
                                   modalities: ["CR", "CT", "MR", "SC", "US"])
    var masks: [InstanceID: [MaskBox]] = [:]
    var findings: [InstanceID: [FindingBox]] = [:]
    var overrides: [InstanceID: String] = [:]
    var reveals: [(InstanceID, String)] = []
    var committed: CommitReceipt?
    var nextMask: Int64 = 100
    var log: [Command] = []

    init(roles: [String] = []) {
        summaryBase.roles = roles
        var list: [InstanceRow] = []
        var id: Int64 = 1
        let patients = ["PAT-0001", "PAT-0002", "PAT-0003"]
        let plan: [(String, String, String, InstanceState, [FindingClass], Int)] = [
            ("CT", "ST-A", "SE-1", .clean, [], 1), ("CT", "ST-A", "SE-1", .needsReview, [.phi, .date], 1),
            ("CT", "ST-A", "SE-2", .approved, [], 1),
            ("US", "ST-B", "SE-3", .needsReview, [.id], 3), ("SC", "ST-B", "SE-4", .clean, [], 1),
            ("MR", "ST-C", "SE-5", .rejected, [.text], 1), ("CR", "ST-C", "SE-6", .needsReview, [.phi], 1),
        ]
        for (p, patient) in patients.enumerated() {
            for (i, entry) in plan.enumerated() where (i + p) % 2 == 0 || p == 0 {
                list.append(InstanceRow(
                    id: InstanceID(id), patientPseudonym: patient,
                    studyKey: "\(patient)-\(entry.1)", studyLabel: "\(entry.1) \(entry.0) 2021-03-0\(p + 1)",
                    seriesKey: "\(patient)-\(entry.2)", seriesLabel: "\(entry.2) \(entry.0)",
                    sopKey: DemoBatch.format4(Int(id)), modality: entry.0, state: entry.3,
                    findingClasses: FindingClasses(entry.4), frameCount: entry.5))
                if !entry.4.isEmpty {
                    let f = entry.4.enumerated().map { k, cls in
                        FindingBox(frame: 0, rect: PixelRect(x: 4 + 20 * k, y: 4, width: 16, height: 6), findingClass: cls,
                                   text: cls == .phi ? "DOE^JOHN" : cls == .date ? "2021-03-04" : cls == .id ? "MRN 12345" : "LEFT")
                    }
                    findings[InstanceID(id)] = f
                    masks[InstanceID(id)] = f.enumerated().map { k, box in
                        MaskBox(id: MaskID(id * 10 + Int64(k)), frame: 0, rect: box.rect, status: .proposed, origin: .detected)
                    }
                }
                id += 1
            }
        }
        rows = list
    }

    static func format4(_ n: Int) -> String {
        let s = String(n)
        return "IM-" + String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    var summary: BatchSummary {
        var s = summaryBase
        var counts: [InstanceState: Int] = [:]
        for r in rows { counts[r.state, default: 0] += 1 }
        s.counts = counts
        var m = MaskCounts()
        for list in masks.values {
            for mask in list {
                switch (mask.status, mask.origin) {
                case (.rejected, _): m.rejected += 1
                case (.awaitingCurator, _): m.awaitingCurator += 1
                case (_, .manual): m.manual += 1
                case (.approved, _): m.approved += 1
                case (.proposed, _): m.proposed += 1
                }
            }
        }
        s.masks = m
        s.overrides = overrides.count
        s.committed = committed != nil
        return s
    }

    func list(_ q: InstanceQuery) -> [InstanceRow] { rows.filter(q.matches) }

    static func frame(width: Int = 64, height: Int = 48) -> FrameImage {
        var grey = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width { grey[y * width + x] = UInt8((x * 255) / max(1, width - 1)) }
        }
        // A bright label where the finding boxes are.
        for y in 4..<10 { for x in 4..<20 { grey[y * width + x] = 255 } }
        return FrameImage(width: width, height: height, grey: grey, png: nil)
    }

    func execute(_ command: Command, reply: MessageSink) {
        log.append(command)
        switch command {
        case .loadSummary:
            reply.send(.summaryLoaded(summary))
        case .loadPage(let q, let offset, let limit):
            let all = list(q)
            let slice = offset < all.count ? Array(all[offset..<min(all.count, offset + limit)]) : []
            reply.send(.pageLoaded(q, offset: offset, total: all.count, rows: slice))
        case .search(let q, let target, let from):
            let all = list(q)
            guard !all.isEmpty else { reply.send(.searchResult(q, target, index: nil)); return }
            for k in 0..<all.count {
                let i = (from + k) % all.count
                let r = all[i]
                let hit: Bool
                switch target {
                case .needsReview: hit = r.state == .needsReview
                case .pendingEdit: hit = r.pendingEdits > 0
                case .text(let t):
                    let t = t.lowercased()
                    hit = [r.patientPseudonym, r.studyLabel, r.seriesLabel, r.sopKey, r.modality].contains { $0.lowercased().contains(t) }
                }
                if hit { reply.send(.searchResult(q, target, index: i)); return }
            }
            reply.send(.searchResult(q, target, index: nil))
        case .loadTagDiff(let id):
            reply.send(.tagDiffLoaded(id, Self.tagDiff))
        case .loadFrame(let request):
            let wl = request.windowLevel ?? WindowLevel(center: 40, width: 400)
            var image = Self.frame()
            if request.masked {
                for mask in masks[request.instance] ?? [] where mask.status == .approved && mask.frame == request.frame {
                    for y in mask.rect.y..<mask.rect.maxY { for x in mask.rect.x..<mask.rect.maxX { image.grey[y * image.width + x] = 0 } }
                }
            }
            if request.wantPNG { image.png = Array("PNG-\(request.frame)".utf8) }
            let count = rows.first { $0.id == request.instance }?.frameCount ?? 1
            reply.send(.frameLoaded(request, FramePayload(image: image, frameCount: count, windowLevel: wl,
                                                          findings: findings[request.instance] ?? [],
                                                          masks: masks[request.instance] ?? [])))
        case .decide(let scope, let decision):
            var changed: [InstanceRow] = []
            for i in rows.indices {
                let hit: Bool
                switch scope {
                case .instance(let id): hit = rows[i].id == id
                case .series(let key): hit = rows[i].seriesKey == key
                case .study(let key): hit = rows[i].studyKey == key
                }
                if hit {
                    rows[i].state = decision == .approve ? .approved : .rejected
                    changed.append(rows[i])
                }
            }
            reply.send(.rowsChanged(changed))
            reply.send(.summaryLoaded(summary))
        case .setMaskStatus(let id, let mask, let status):
            if let i = masks[id]?.firstIndex(where: { $0.id == mask }) { masks[id]?[i].status = status }
            reply.send(.masksChanged(id, masks[id] ?? []))
            reply.send(.summaryLoaded(summary))
        case .addMask(let id, let frame, let rect):
            masks[id, default: []].append(MaskBox(id: MaskID(nextMask), frame: frame, rect: rect, status: .approved, origin: .manual))
            nextMask += 1
            reply.send(.masksChanged(id, masks[id] ?? []))
            reply.send(.summaryLoaded(summary))
        case .moveMask(let id, let mask, let rect):
            if let i = masks[id]?.firstIndex(where: { $0.id == mask }) { masks[id]?[i].rect = rect }
            reply.send(.masksChanged(id, masks[id] ?? []))
        case .deleteMask(let id, let mask):
            masks[id]?.removeAll { $0.id == mask }
            reply.send(.masksChanged(id, masks[id] ?? []))
            reply.send(.summaryLoaded(summary))
        case .override(let id, let reason):
            overrides[id] = reason
            if let i = rows.firstIndex(where: { $0.id == id }) {
                rows[i].state = .overridden
                reply.send(.rowsChanged([rows[i]]))
            }
            reply.send(.summaryLoaded(summary))
        case .curate(let id, let approve):
            if let i = rows.firstIndex(where: { $0.id == id }), rows[i].pendingEdits > 0 {
                rows[i].pendingEdits = 0
                for j in (masks[id] ?? []).indices where masks[id]?[j].status == .awaitingCurator {
                    masks[id]?[j].status = approve ? .approved : .rejected
                }
                reply.send(.rowsChanged([rows[i]]))
                reply.send(.masksChanged(id, masks[id] ?? []))
                reply.send(.summaryLoaded(summary))
            } else {
                reply.send(.commandFailed("no edit on this instance is waiting for a curator"))
            }
        case .commit:
            let total = rows.count
            for done in stride(from: 0, through: total, by: 4) { reply.send(.commitProgress(done: done, total: total)) }
            let receipt = CommitReceipt(auditEntryHash: "sha256:9f2c4e1a7b", signingKeyFingerprint: "ed25519:SHA256:q1w2e3r4",
                                        outputDirectory: "out/demo-batch", filesWritten: total)
            committed = receipt
            reply.send(.commitFinished(receipt))
        case .revealIdentity(let id, let reviewer):
            reveals.append((id, reviewer))
            reply.send(.identityRevealed(id, RevealedIdentity(patientName: "DOE^JOHN", patientID: "12345")))
        }
    }

    static let tagDiff: [TagDiffRow] = [
        TagDiffRow(tag: Tag(group: 0x0008, element: 0x0020), keyword: "StudyDate", vr: "DA", before: "20210304", after: "20200115",
                   action: .dateShift, rule: "Annex E: shift dates"),
        TagDiffRow(tag: Tag(group: 0x0008, element: 0x0060), keyword: "Modality", vr: "CS", before: "CT", after: "CT",
                   action: .keep, rule: "Annex E: K"),
        TagDiffRow(tag: Tag(group: 0x0008, element: 0x1030), keyword: "StudyDescription", vr: "LO", before: "HEAD John Doe",
                   after: "HEAD John Doe", action: .clean, rule: "Retain descriptors", retainedTextHits: [5..<13]),
        TagDiffRow(tag: Tag(group: 0x0008, element: 0x1140), keyword: "ReferencedImageSequence", vr: "SQ", before: "", after: "",
                   action: .keep, rule: "Annex E: K", isSequence: true),
        TagDiffRow(depth: 1, tag: Tag(group: 0x0008, element: 0x1150), keyword: "ReferencedSOPClassUID", vr: "UI",
                   before: "1.2.840.10008.5.1.4.1.1.2", after: "1.2.840.10008.5.1.4.1.1.2", action: .keep, rule: "Annex E: K"),
        TagDiffRow(depth: 1, tag: Tag(group: 0x0008, element: 0x1155), keyword: "ReferencedSOPInstanceUID", vr: "UI",
                   before: "1.2.3.4.5", after: "2.25.1234", action: .uidMap, rule: "Annex E: U (keyed map)"),
        TagDiffRow(tag: Tag(group: 0x0010, element: 0x0010), keyword: "PatientName", vr: "PN", before: "DOE^JOHN", after: nil,
                   action: .remove, rule: "Annex E: X"),
        TagDiffRow(tag: Tag(group: 0x0010, element: 0x0020), keyword: "PatientID", vr: "LO", before: "12345", after: "PAT-0001",
                   action: .dummy, rule: "Annex E: Z → pseudonym"),
        TagDiffRow(tag: Tag(group: 0x0010, element: 0x0030), keyword: "PatientBirthDate", vr: "DA", before: "19700101", after: "",
                   action: .zero, rule: "Annex E: Z"),
    ]
}

/// Builds a model already filled by the demo batch, through real messages.
func filledModel(width: Int, height: Int, batch: DemoBatch = DemoBatch(), depth: ColorDepth = .palette256,
                 kitty: Bool = false) -> (Model, DemoBatch) {
    var model = Model(size: TerminalSize(width: width, height: height),
                      capabilities: TerminalCapabilities(colorDepth: depth, mouse: true, kittyGraphics: kitty), reviewer: "alice")
    var pending = model.start()
    while !pending.isEmpty {
        let command = pending.removeFirst()
        let sink = MessageSink()
        batch.execute(command, reply: sink)
        for message in sink.drain() { pending += model.apply(message) }
    }
    return (model, batch)
}

/// Sends messages, running the commands they cause against the batch until all is answered.
func drive(_ model: inout Model, _ batch: DemoBatch, _ messages: [Message]) -> [Command] {
    var issued: [Command] = []
    for message in messages {
        var pending = model.apply(message)
        while !pending.isEmpty {
            let command = pending.removeFirst()
            issued.append(command)
            let sink = MessageSink()
            batch.execute(command, reply: sink)
            for reply in sink.drain() { pending += model.apply(reply) }
        }
    }
    return issued
}

func keys(_ names: String...) -> [Message] { names.map { .key(Key(name: $0)!) } }

