import DicomCore
import Testing
@testable import Workstation

/// Message sequences give the expected model and commands.
@Suite struct UpdateTests {
    @Test func startAsksForTheSummaryAndTheFirstPage() {
        var model = Model(size: TerminalSize(width: 80, height: 24), capabilities: TerminalCapabilities(colorDepth: .palette256),
                          reviewer: "alice")
        let commands = model.start()
        #expect(commands == [.loadSummary, .loadPage(InstanceQuery(), offset: 0, limit: BrowserState.pageSize)])
    }

    @Test func screensSwitchWithTheNumberKeysAndEnterOpensTheTagDiff() {
        var (model, batch) = filledModel(width: 80, height: 24)
        #expect(model.screen == .overview)
        _ = drive(&model, batch, keys("2"))
        #expect(model.screen == .browser)
        let issued = drive(&model, batch, keys("j", "Enter"))
        #expect(model.screen == .tagDiff)
        #expect(model.browser.cursor == 1)
        #expect(issued == [.loadTagDiff(InstanceID(2))])
        #expect(model.tagDiff.rows.count == DemoBatch.tagDiff.count)
        // Switching to the pixel view loads the frame of the same instance with its default window.
        let frame = drive(&model, batch, keys("4"))
        #expect(frame == [.loadFrame(FrameRequest(instance: InstanceID(2), frame: 0, windowLevel: nil, masked: false, wantPNG: false))])
        #expect(model.pixel.windowLevel == WindowLevel(center: 40, width: 400))
    }

    @Test func nextNeedsReviewSearchesFromAfterTheCursorAndWraps() {
        var (model, batch) = filledModel(width: 80, height: 24)
        var issued = drive(&model, batch, keys("n"))
        #expect(issued == [.search(InstanceQuery(), .needsReview, from: 1)])
        #expect(model.browser.selected?.sopKey == "IM-0002")
        _ = drive(&model, batch, keys("n", "n"))
        #expect(model.browser.selected?.sopKey == "IM-0007")
        // Approving everything then pressing n reports that nothing is left.
        for row in batch.rows where row.state == .needsReview {
            batch.execute(.decide(.instance(row.id), .approve), reply: MessageSink())
        }
        issued = drive(&model, batch, keys("n"))
        #expect(model.status == StatusMessage("Nothing left that needs review"))
        #expect(model.browser.selected?.sopKey == "IM-0007")
    }

    @Test func approveAndRejectTheInstanceSeriesAndStudy() {
        var (model, batch) = filledModel(width: 80, height: 24)
        // Not from the overview, where no instance is in view.
        #expect(drive(&model, batch, keys("a")).isEmpty)
        #expect(model.status?.isError == true)
        _ = drive(&model, batch, keys("2", "n"))
        let approve = drive(&model, batch, keys("a"))
        #expect(approve.first == .decide(.instance(InstanceID(2)), .approve))
        #expect(model.browser.selected?.state == .approved)
        #expect(model.summary?.counts[.needsReview] == 5)
        let series = drive(&model, batch, keys("X"))
        #expect(series.first == .decide(.series(seriesKey: "PAT-0001-SE-1"), .reject))
        #expect(model.browser.row(at: 0)?.state == .rejected)
        let study = drive(&model, batch, keys("C-a"))
        #expect(study.first == .decide(.study(studyKey: "PAT-0001-ST-A"), .approve))
        #expect(model.browser.row(at: 2)?.state == .approved)
    }

    @Test func inThePixelViewApproveActsOnTheSelectedMask() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2", "n", "4", "Tab", "Tab", "Tab"))
        #expect(model.pixel.selection == .mask(MaskID(20)))
        let issued = drive(&model, batch, keys("a"))
        #expect(issued.first == .setMaskStatus(InstanceID(2), MaskID(20), .approved))
        #expect(model.pixel.masks.first?.status == .approved)
        // With a finding selected, a acts on the mask over it.
        model.pixel.selection = .finding(1)
        #expect(drive(&model, batch, keys("a")).first == .setMaskStatus(InstanceID(2), MaskID(21), .approved))
        model.pixel.selection = .mask(MaskID(20))
        // x rejects the next one; Esc deselects, and then a approves the instance.
        let reject = drive(&model, batch, keys("Tab", "x", "Esc", "a"))
        #expect(reject.contains(.setMaskStatus(InstanceID(2), MaskID(21), .rejected)))
        #expect(reject.contains(.decide(.instance(InstanceID(2)), .approve)))
    }

    @Test func windowLevelKeysAdjustAndReload() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2", "n", "4"))
        let narrower = drive(&model, batch, keys("["))
        #expect(narrower == [.loadFrame(FrameRequest(instance: InstanceID(2), frame: 0,
                                                     windowLevel: WindowLevel(center: 40, width: 320), masked: false, wantPNG: false))])
        _ = drive(&model, batch, keys("}", "}"))
        #expect(model.pixel.windowLevel == WindowLevel(center: 104, width: 320))
        let reset = drive(&model, batch, keys("="))
        #expect(reset.first == .loadFrame(FrameRequest(instance: InstanceID(2), frame: 0, windowLevel: nil, masked: false, wantPNG: false)))
        #expect(model.pixel.windowLevel == WindowLevel(center: 40, width: 400))
    }

    @Test func staleFramesAreIgnored() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2", "n", "4"))
        let old = FrameRequest(instance: InstanceID(2), frame: 0, windowLevel: WindowLevel(center: 1, width: 2), masked: false, wantPNG: false)
        let tiny = FrameImage(width: 1, height: 1, grey: [9])
        _ = model.apply(.frameLoaded(old, FramePayload(image: tiny, frameCount: 1, windowLevel: old.windowLevel!, findings: [], masks: [])))
        #expect(model.pixel.image?.width == 64)
    }

    @Test func framesStepWithinTheInstance() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2", "n", "n", "4"))
        #expect(model.browser.selected?.frameCount == 3)
        _ = drive(&model, batch, keys(".", ".", "."))
        #expect(model.pixel.frame == 2)
        _ = drive(&model, batch, keys(","))
        #expect(model.pixel.frame == 1)
        #expect(model.pixel.frameCount == 3)
    }

    @Test func drawMoveResizeAndSaveAMaskWithTheKeys() throws {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2", "n", "4", "Tab", "m"))
        let start = try #require(model.pixel.draft)
        #expect(start.rect == PixelRect(x: 4, y: 4, width: 16, height: 6))
        let layout = try #require(PixelLayout(model))
        let step = layout.step
        _ = drive(&model, batch, keys("l", "J"))
        #expect(model.pixel.draft?.rect.x == 4 + step.x)
        #expect(model.pixel.draft?.rect.y == 4 + 10 * step.y)
        _ = drive(&model, batch, keys("r", "l", "l", "k"))
        let rect = try #require(model.pixel.draft?.rect)
        #expect(rect.width == 16 + 2 * step.x)
        #expect(rect.height == 6 - step.y)
        let saved = drive(&model, batch, keys("Enter"))
        #expect(saved.first == .addMask(InstanceID(2), frame: 0, rect))
        #expect(model.pixel.draft == nil)
        #expect(model.pixel.masks.contains { $0.origin == .manual && $0.rect == rect })
        // Edit moves an existing mask; delete removes it.
        model.pixel.selection = .mask(MaskID(100))
        let moved = drive(&model, batch, keys("e", "H", "Enter"))
        #expect(moved.first == .moveMask(InstanceID(2), MaskID(100), PixelRect(x: max(0, rect.x - 10 * step.x), y: rect.y, width: rect.width, height: rect.height)))
        model.pixel.selection = .mask(MaskID(100))
        let deleted = drive(&model, batch, keys("d"))
        #expect(deleted.first == .deleteMask(InstanceID(2), MaskID(100)))
        #expect(!model.pixel.masks.contains { $0.id == MaskID(100) })
    }

    @Test func aMouseDragDrawsAMask() throws {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2", "n", "4"))
        let layout = try #require(PixelLayout(model))
        let a = layout.area
        _ = drive(&model, batch, [.mouse(MouseEvent(.press, x: a.x + 30, y: a.y + 10)),
                                  .mouse(MouseEvent(.drag, x: a.x + 35, y: a.y + 12)),
                                  .mouse(MouseEvent(.drag, x: a.x + 40, y: a.y + 14)),
                                  .mouse(MouseEvent(.release, x: a.x + 40, y: a.y + 14))])
        let draft = try #require(model.pixel.draft)
        let p0 = layout.pixel(column: a.x + 30, row: a.y + 10)
        let p1 = layout.pixel(column: a.x + 40, row: a.y + 14)
        #expect(draft.rect == PixelRect(x: p0.x, y: p0.y, width: p1.x - p0.x + 1, height: p1.y - p0.y + 1))
        let saved = drive(&model, batch, keys("Enter"))
        #expect(saved.first == .addMask(InstanceID(2), frame: 0, draft.rect))
        // A click on a box selects it.
        let box = layout.cells(of: model.pixel.findings[1].rect)
        _ = drive(&model, batch, [.mouse(MouseEvent(.press, x: box.x + 1, y: box.y + 1)), .mouse(MouseEvent(.release, x: box.x + 1, y: box.y + 1))])
        #expect(model.pixel.selection == .mask(MaskID(21)))
        #expect(model.pixel.draft == nil)
    }

    @Test func aClickInTheBrowserSelectsTheInstanceUnderIt() throws {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2"))
        let buffer = rendered(model)
        let target = try #require(buffer.find("IM-0006"))
        _ = drive(&model, batch, [.mouse(MouseEvent(.press, x: target.x, y: target.y)), .mouse(MouseEvent(.release, x: target.x, y: target.y))])
        #expect(model.browser.selected?.sopKey == "IM-0006")
        _ = drive(&model, batch, [.mouse(MouseEvent(.scrollDown, x: 1, y: 5))])
        #expect(model.browser.cursor == model.browser.total.map { min($0 - 1, 5 + 3) })
    }

    @Test func zoomIntoTheSelectedBoxAndBack() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2", "n", "4", "Tab", "z"))
        #expect(model.pixel.zoom == PixelRect(x: 0, y: 0, width: 36, height: 26))
        _ = drive(&model, batch, keys("Z"))
        #expect(model.pixel.zoom == nil)
    }

    @Test func beforeAfterAsksForTheMaskedFrame() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2", "n", "4"))
        let after = drive(&model, batch, keys("b"))
        #expect(after == [.loadFrame(FrameRequest(instance: InstanceID(2), frame: 0, windowLevel: WindowLevel(center: 40, width: 400),
                                                  masked: true, wantPNG: false))])
        #expect(model.pixel.shown?.masked == true)
    }

    @Test func renderModesCycleThroughWhatTheTerminalCanShow() {
        var (model, batch) = filledModel(width: 80, height: 24, depth: .trueColor, kitty: true)
        _ = drive(&model, batch, keys("2", "n", "4"))
        #expect(model.pixel.mode == .kitty)
        var seen: [PixelMode] = []
        for _ in 0..<4 {
            _ = drive(&model, batch, keys("v"))
            seen.append(model.pixel.mode)
        }
        #expect(seen == [.ascii, .halfBlock256, .halfBlockTrueColor, .kitty])
        #expect(PixelMode.available(for: TerminalCapabilities(colorDepth: .basic8)) == [.ascii])
    }

    @Test func revealIsACommandNamingTheReviewerAndTheIdentityComesBackOnlyThen() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2"))
        #expect(model.browser.revealed.isEmpty)
        let issued = drive(&model, batch, keys("R"))
        #expect(issued == [.revealIdentity(InstanceID(1), reviewer: "alice")])
        #expect(model.browser.revealed["PAT-0001"] == RevealedIdentity(patientName: "DOE^JOHN", patientID: "12345"))
    }

    @Test func filtersCycleAndReload() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2"))
        let needs = drive(&model, batch, keys("f"))
        #expect(needs.first == .loadPage(InstanceQuery(needsReviewOnly: true), offset: 0, limit: BrowserState.pageSize))
        #expect(model.browser.total == 6)
        _ = drive(&model, batch, keys("f", "M", "M"))
        #expect(model.browser.query == InstanceQuery(modality: "CT"))
        #expect(model.browser.total == 6)
        _ = drive(&model, batch, keys("0", "F"))
        #expect(model.browser.query == InstanceQuery(findingClass: .phi))
        #expect(model.browser.total == 4)
        // Pages that arrive for an old query are dropped.
        _ = model.apply(.pageLoaded(InstanceQuery(), offset: 0, total: 99, rows: []))
        #expect(model.browser.total == 4)
    }

    @Test func incrementalSearchMovesAsYouTypeAndEscRestores() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2", "j"))
        let typed = drive(&model, batch, keys("/", "U", "S"))
        #expect(typed == [.search(InstanceQuery(), .text("U"), from: 1), .search(InstanceQuery(), .text("US"), from: 1)])
        #expect(model.browser.selected?.modality == "US")
        _ = drive(&model, batch, keys("Esc"))
        #expect(model.browser.cursor == 1)
        #expect(model.prompt == nil)
        // A late answer for text no longer in the prompt is ignored.
        _ = model.apply(.searchResult(InstanceQuery(), .text("US"), index: 5))
        #expect(model.browser.cursor == 1)
    }

    @Test func overrideNeedsAReason() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2", "n", "o", "Enter"))
        #expect(model.status?.isError == true)
        #expect(model.prompt != nil)
        let issued = drive(&model, batch, keys("f", "p", "Space", "o", "k", "Enter"))
        #expect(issued.first == .override(InstanceID(2), reason: "fp ok"))
        #expect(model.browser.selected?.state == .overridden)
        #expect(model.summary?.overrides == 1)
    }

    @Test func commitIsRefusedWhileBlockedThenRunsAndShowsTheReceipt() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("c", "y"))
        #expect(model.overlay == .commit(.confirm))
        #expect(model.status?.text.hasPrefix("Commit is blocked") == true)
        for row in batch.rows where row.state == .needsReview {
            batch.execute(.decide(.instance(row.id), .approve), reply: MessageSink())
        }
        for (id, list) in batch.masks { batch.masks[id] = list.map { var m = $0; m.status = .approved; return m } }
        _ = drive(&model, batch, keys("Esc", "c"))
        // Quit is ignored while the commit runs.
        var running = model
        _ = running.apply(.key(.character("y")))
        #expect(running.overlay == .commit(.running(done: 0, total: 14)))
        _ = running.apply(.key(.character("q")))
        #expect(!running.quitRequested)
        let issued = drive(&model, batch, keys("y"))
        #expect(issued.first == .commit(reviewer: "alice"))
        guard case .commit(.finished(let receipt))? = model.overlay else {
            Issue.record("no receipt")
            return
        }
        #expect(receipt.auditEntryHash == "sha256:9f2c4e1a7b")
        #expect(model.summary?.committed == true)
        _ = drive(&model, batch, keys("Esc"))
        #expect(model.overlay == nil)
    }

    @Test func aFailedCommitSaysSo() {
        var (model, _) = filledModel(width: 80, height: 24)
        model.overlay = .commit(.running(done: 1, total: 14))
        _ = model.apply(.commandFailed("signing key not found"))
        #expect(model.overlay == .commit(.failed("signing key not found")))
        #expect(model.status == StatusMessage("signing key not found", isError: true))
    }

    @Test func pagesLoadAsTheCursorMovesThroughALargeBatch() {
        var model = Model(size: TerminalSize(width: 80, height: 24), capabilities: TerminalCapabilities(colorDepth: .palette256), reviewer: "r")
        _ = model.start()
        let rows = (0..<200).map { i in
            InstanceRow(id: InstanceID(Int64(i)), patientPseudonym: "P\(i / 50)", studyKey: "S\(i / 25)", seriesKey: "E\(i / 5)",
                        sopKey: "I\(i)", modality: "CT", state: .clean)
        }
        var issued = model.apply(.pageLoaded(InstanceQuery(), offset: 0, total: 100_000, rows: rows))
        #expect(issued.isEmpty)
        #expect(model.apply(.key(.character("2"))).isEmpty)
        issued = model.apply(.key(.end))
        #expect(model.browser.cursor == 99_999)
        #expect(issued == [.loadPage(InstanceQuery(), offset: 99_800, limit: 200)])
        // The cursor's row shows as loading until its page arrives; asking again does not repeat the command.
        #expect(model.apply(.key(.up)).isEmpty)
        #expect(model.browserLines(height: Layout(model).browserList.height).contains(.loading(99_998)))
        // Walking through the batch keeps only a bounded number of pages.
        for page in 1...40 {
            let rows = (0..<BrowserState.pageSize).map { i in
                InstanceRow(id: InstanceID(Int64(page * 1000 + i)), patientPseudonym: "P", studyKey: "S", seriesKey: "E",
                            sopKey: "I", modality: "CT", state: .clean)
            }
            _ = model.apply(.pageLoaded(InstanceQuery(), offset: page * BrowserState.pageSize, total: 100_000, rows: rows))
        }
        #expect(model.browser.pages.count == BrowserState.maxPages)
        #expect(model.browser.pages[40] != nil)
        #expect(model.browser.pages[0] == nil)
    }

    @Test func resizeKeepsTheCursorVisible() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("2", "G"))
        _ = model.apply(.resize(TerminalSize(width: 80, height: 10)))
        let lines = model.browserLines(height: Layout(model).browserList.height)
        #expect(lines.contains { if case .instance(let i, _) = $0 { return i == model.browser.cursor } else { return false } })
    }

    @Test func helpOpensAndClosesAndQuitQuits() {
        var (model, batch) = filledModel(width: 80, height: 24)
        _ = drive(&model, batch, keys("?"))
        #expect(model.overlay == .help(scroll: 0))
        _ = drive(&model, batch, keys("j", "j"))
        #expect(model.overlay == .help(scroll: 2))
        _ = drive(&model, batch, keys("Esc"))
        #expect(model.overlay == nil)
        _ = drive(&model, batch, keys("q"))
        #expect(model.quitRequested)
    }
}

/// A curator finds the edits others made and decides them from the browser.
@Suite struct CuratorUpdateTests {
    /// The demo batch with one manual mask on IM-0006 waiting for a curator.
    static func batchWithPendingEdit() -> DemoBatch {
        let batch = DemoBatch(roles: ["alice (curator)", "bob (officer)"])
        let i = batch.rows.firstIndex { $0.sopKey == "IM-0006" } ?? 0
        batch.rows[i].pendingEdits = 1
        batch.masks[batch.rows[i].id, default: []].append(
            MaskBox(id: MaskID(900), frame: 0, rect: PixelRect(x: 30, y: 30, width: 10, height: 8), status: .awaitingCurator, origin: .manual))
        return batch
    }

    @Test func nextPendingEditJumpsToTheInstanceAndTheOverviewSaysWhatWaits() throws {
        var (model, batch) = filledModel(width: 160, height: 48, batch: Self.batchWithPendingEdit())
        #expect(model.summary?.awaitingCurator == 1)
        let screen = rendered(model)
        let line = try #require(screen.find("✎ 1 edit to decide by a curator other than their author: p goes to the next"))
        #expect(screen[line.x, line.y].style == Theme.standard[.warning])
        let issued = drive(&model, batch, keys("p"))
        #expect(issued == [.search(InstanceQuery(), .pendingEdit, from: 1)])
        #expect(model.screen == .browser)
        #expect(model.browser.selected?.sopKey == "IM-0006")
        // The browser marks the row with a pencil.
        let browser = rendered(model)
        #expect(browser.lines().contains { $0.contains("IM-0006") && $0.contains("✎") })
    }

    @Test func approveEditsSendsCurateAndClearsThePencil() {
        var (model, batch) = filledModel(width: 80, height: 24, batch: Self.batchWithPendingEdit())
        _ = drive(&model, batch, keys("p"))
        let issued = drive(&model, batch, keys("y"))
        #expect(issued.first == .curate(InstanceID(6), approve: true))
        #expect(model.browser.selected?.pendingEdits == 0)
        #expect(model.summary?.awaitingCurator == 0)
        // Nothing left: p says so and stays put.
        _ = drive(&model, batch, keys("p"))
        #expect(model.status == StatusMessage("No edit is waiting for a curator"))
        // Y on an instance with nothing pending reports the executor's refusal.
        _ = drive(&model, batch, keys("Y"))
        #expect(model.status?.isError == true)
    }
}
