import DicomCore
import Testing
@testable import ReviewStore

@Suite struct UndoTests {
    @Test func undoRestoresStateAndIsRecorded() throws {
        let t = TempBatch()
        let s = try t.open()
        let id = try s.upsertScanned(makeRecord(1, modality: "US")).instanceID
        let sam = Reviewer("sam")
        let d = try s.approve(.instance(id), by: sam)
        #expect(try s.instance(id: id)?.state == .approved)
        let u = try s.undoLast(by: sam, reason: "wrong image")
        #expect(u.kind == .undo)
        #expect(u.message.target == "decision:\(d.id)")
        #expect(try s.instance(id: id)?.state == .needsReview)
        #expect(try s.decisions().map(\.undone) == [true, false])
        // Nothing left to undo for sam (an undo is not undone by undo).
        #expect(throws: ReviewStoreError.self) { try s.undoLast(by: sam) }
    }

    @Test func undoOfMaskEditsAndSeriesDecisions() throws {
        let t = TempBatch()
        let s = try t.open()
        let ids = try s.upsertScanned((0..<5).map { makeRecord($0, series: 1, modality: "SC", findings: 1) }).map(\.instanceID)
        let sam = Reviewer("sam")
        try s.reject(.instance(ids[0]), by: sam)
        try s.approve(.series("1.2.840.0.0.1"), by: sam)
        #expect(try ids.map { try s.instance(id: $0)?.state } == Array(repeating: .approved, count: 5))
        try s.undoLast(by: sam)
        #expect(try s.instance(id: ids[0])?.state == .rejected)
        #expect(try ids.dropFirst().map { try s.instance(id: $0)?.state } == Array(repeating: .needsReview, count: 4))

        let m = try #require(try s.masks(instance: ids[1]).first)
        try s.reshapeMask(m.id, to: PixelRect(x: 2, y: 2, width: 30, height: 9), by: sam)
        #expect(try s.mask(id: m.id)?.origin == .manual)
        #expect(try s.decisions().last?.kind == .resizeMask)
        try s.undoLast(by: sam)
        let back = try #require(try s.mask(id: m.id))
        #expect(back.rect == m.rect && back.status == .proposed && back.origin == .proposed)

        let moved = try s.reshapeMask(m.id, to: PixelRect(x: 9, y: 9, width: m.rect.width, height: m.rect.height), by: sam)
        #expect(moved.kind == .moveMask)
        #expect(moved.message.payload.contains(#""to":{"h":8,"w":8,"x":9,"y":9}"#))
        try s.undoLast(by: sam)

        try s.addMask(instance: ids[2], frame: 0, rect: PixelRect(x: 0, y: 0, width: 5, height: 5), by: sam)
        #expect(try s.masks(instance: ids[2]).count == 2)
        try s.undoLast(by: sam)
        #expect(try s.masks(instance: ids[2]).count == 1)
    }

    @Test func undoRefusesToOverwriteSomeoneElsesLaterDecision() throws {
        let t = TempBatch()
        let s = try t.open()
        let id = try s.upsertScanned(makeRecord(1, modality: "US")).instanceID
        let other = try s.upsertScanned(makeRecord(2, modality: "US")).instanceID
        try s.approve(.instance(id), by: Reviewer("ann"))
        try s.reject(.instance(id), by: Reviewer("ben"))
        do {
            try s.undoLast(by: Reviewer("ann"))
            Issue.record("undo overwrote a later decision")
        } catch let e as ReviewStoreError {
            #expect(e.kind == .conflict)
        }
        #expect(try s.instance(id: id)?.state == .rejected)
        // A later decision on another instance does not conflict.
        try s.approve(.instance(other), by: Reviewer("cid"))
        try s.undoLast(by: Reviewer("ben"))
        #expect(try s.instance(id: id)?.state == .approved)
    }
}

@Suite struct RevealTests {
    @Test func revealsAreLogged() throws {
        let t = TempBatch()
        let s = try t.open()
        let id = try s.upsertScanned(makeRecord(1)).instanceID
        let r = try s.recordReveal(instance: id, by: "sam")
        #expect(try s.reveals() == [r])
        #expect(r.path == makeRecord(1).path)
        #expect(throws: ReviewStoreError.self) { try s.recordReveal(instance: 999, by: "sam") }
    }
}
