import Testing
@testable import Workstation

/// Every screen at 80×24 and 160×48: the text against golden files, and the styles of chosen cells.
@Suite struct ScreenSnapshotTests {
    let theme = Theme.standard

    @Test(arguments: sizes)
    func overview(width: Int, height: Int) throws {
        let (model, _) = filledModel(width: width, height: height)
        let buffer = rendered(model)
        assertSnapshot(buffer, "overview")
        // The tab bar, the active tab, and the single-person banner.
        #expect(buffer.line(0).hasPrefix(" dcmveil  1 Overview  2 Browser  3 Tag diff  4 Pixels "))
        #expect(buffer.line(height - 1).hasPrefix(" 2 browse  n next review  c commit  ? help  q quit"))
        let tab = try #require(buffer.column(of: "1 Overview", row: 0))
        #expect(buffer[tab, 0].style == theme[.tabActive])
        #expect(buffer[tab + 12, 0].style == theme[.tab])
        #expect(buffer.line(1).contains("SINGLE-PERSON MODE"))
        #expect(buffer[0, 1].style == theme[.banner])
        // What blocks commit, in the warning style.
        let blocker = try #require(buffer.find("still need review"))
        #expect(buffer[blocker.x, blocker.y].style == theme[.warning])
        let needs = try #require(buffer.find("needs-review"))
        #expect(buffer[needs.x, needs.y].style == theme[.stateNeedsReview])
                #expect(buffer[1, height - 1].style == theme[.statusbarKey])
    }

    @Test(arguments: sizes)
    func overviewWithRolesHasNoBanner(width: Int, height: Int) throws {
        let (model, _) = filledModel(width: width, height: height, batch: DemoBatch(roles: ["curator", "reviewer"]))
        let buffer = rendered(model)
        assertSnapshot(buffer, "overview-roles")
        #expect(!buffer.lines().joined().contains("SINGLE-PERSON"))
        #expect(buffer.find("Roles: curator, reviewer") != nil)
    }

    @Test(arguments: sizes)
    func browser(width: Int, height: Int) throws {
        var (model, batch) = filledModel(width: width, height: height)
        _ = drive(&model, batch, keys("2", "n", "R"))
        let buffer = rendered(model)
        assertSnapshot(buffer, "browser")
        // The selected instance is the first needing review, drawn in the selection style.
        let row = try #require(buffer.find("IM-0002"))
        #expect(buffer[0, row.y].grapheme == "▶")
        #expect(buffer[row.x, row.y].style == theme[.selection])
        #expect(buffer[width - 1, row.y].style == theme[.selection])
        // Badges by state; the revealed identity in its own style, and the reveal was a command.
        let clean = try #require(buffer.find("clean"))
        #expect(buffer[clean.x, clean.y].style == theme[.stateClean])
        let identity = try #require(buffer.find("DOE^JOHN · 12345"))
        #expect(buffer[identity.x, identity.y].style == theme[.identity])
        #expect(batch.reveals.map(\.1) == ["alice"])
        // Pseudonyms on the patient lines, not the real name.
        #expect(buffer.find("PAT-0002") != nil)
        #expect(buffer.lines().filter { $0.contains("DOE^JOHN") }.count == 1)
        // Finding classes coloured by class on an unselected row.
        let finding = try #require(buffer.find("id"))
        _ = finding
        let phiRow = try #require(buffer.find("IM-0007"))
        let phiX = try #require(buffer.column(of: "phi", row: phiRow.y))
        #expect(buffer[phiX, phiRow.y].style == theme[.findingPHI])
    }

    @Test(arguments: sizes)
    func browserFilteredToNeedsReview(width: Int, height: Int) throws {
        var (model, batch) = filledModel(width: width, height: height)
        _ = drive(&model, batch, keys("2", "f"))
        let buffer = rendered(model)
        assertSnapshot(buffer, "browser-needs-review")
        #expect(!buffer.lines().joined().contains("clean"))
        let filter = try #require(buffer.find("Filter: needs review"))
        #expect(buffer[filter.x, filter.y].style == theme[.warning])
    }

    @Test(arguments: sizes)
    func tagDiff(width: Int, height: Int) throws {
        var (model, batch) = filledModel(width: width, height: height)
        _ = drive(&model, batch, keys("2", "n", "Enter"))
        #expect(model.screen == .tagDiff)
        let buffer = rendered(model)
        assertSnapshot(buffer, "tag-diff")
        // Coloured by action: removed, changed, kept.
        let removed = try #require(buffer.find("PatientName"))
        #expect(buffer[0, removed.y].grapheme == "X")
        #expect(buffer[removed.x, removed.y].style == theme[.diffRemoved])
        let kept = try #require(buffer.find("Modality"))
        #expect(buffer[kept.x, kept.y].style == theme[.diffKept])
        let shifted = try #require(buffer.find("PatientID"))
        #expect(buffer[shifted.x, shifted.y].style == theme[.diffChanged])
        // The retained-text hit is highlighted inside the after value; the row is marked.
        let description = try #require(buffer.find("StudyDescription"))
        let afterColumn = try #require(buffer.column(of: "After", row: description.y - 3))
        #expect(buffer[afterColumn + 5, description.y].style == theme[.diffRetained])
        #expect(buffer[afterColumn + 4, description.y].style == theme[.diffChanged])
        #expect(buffer[3, description.y].grapheme == "!")
        // A sequence shows an open fold marker and its items indented.
        #expect(buffer.find("▾ ReferencedIma") != nil)
        #expect(buffer.find("  ReferencedSOP") != nil)
    }

    @Test(arguments: sizes)
    func tagDiffOnlyChangedAndFolded(width: Int, height: Int) throws {
        var (model, batch) = filledModel(width: width, height: height)
        _ = drive(&model, batch, keys("2", "n", "Enter", "t"))
        let buffer = rendered(model)
        assertSnapshot(buffer, "tag-diff-only-changed")
        #expect(buffer.find("Modality") == nil)
        #expect(buffer.find("ReferencedSOP") != nil)
        _ = drive(&model, batch, keys("j", "j", "Space"))
        let folded = rendered(model)
        #expect(folded.find("▸ ReferencedIma") != nil)
        #expect(folded.find("ReferencedSOP") == nil)
    }

    @Test(arguments: sizes)
    func pixelsHalfBlocks(width: Int, height: Int) throws {
        var (model, batch) = filledModel(width: width, height: height)
        _ = drive(&model, batch, keys("2", "n", "4", "Tab"))
        #expect(model.pixel.mode == .halfBlock256)
        let buffer = rendered(model)
        assertSnapshot(buffer, "pixels-half-block")
        let layout = try #require(PixelLayout(model))
        // Pixels as ▀ with grey palette colours: the left column is black, the right white.
        let mid = layout.area.y + layout.area.height - 1
        let left = buffer[layout.area.x, mid]
        #expect(left.grapheme == "▀")
        #expect(left.style.foreground == .indexed(16))
        let right = buffer[layout.area.maxX - 1, mid]
        #expect(right.style.foreground == .indexed(231))
        // The selected phi finding is outlined in the phi style, reversed; the date finding is not selected.
        let phi = layout.cells(of: model.pixel.findings[0].rect)
        #expect(buffer[phi.x, phi.y].style == theme[.findingPHI].adding(.reverse))
        #expect(buffer[phi.x + 1, phi.y].grapheme == "─")
        // The proposed mask over the unselected date box is drawn over the finding, dashed.
        let date = layout.cells(of: model.pixel.findings[1].rect)
        #expect(buffer[date.x + 1, date.y].grapheme == "╌")
        #expect(buffer[date.x + 1, date.y].style == theme[.maskProposed])
        #expect(buffer.find("Findings") != nil)
        #expect(buffer.find("phi  DOE^JOHN") != nil)
        let maskLine = try #require(buffer.find("#20 proposed"))
        #expect(buffer[maskLine.x, maskLine.y].style == theme[.maskProposed])
    }

    @Test(arguments: sizes)
    func pixelsASCIIAndMaskStates(width: Int, height: Int) throws {
        var (model, batch) = filledModel(width: width, height: height, depth: .basic8)
        _ = drive(&model, batch, keys("2", "n", "4"))
        #expect(model.pixel.mode == .ascii)
        // Accept the first mask; draw a manual one with the keys.
        _ = drive(&model, batch, keys("Tab", "Tab", "Tab", "a", "Esc", "m", "r", "l", "l", "Enter"))
        let buffer = rendered(model)
        assertSnapshot(buffer, "pixels-ascii")
        let layout = try #require(PixelLayout(model))
        #expect(buffer[layout.area.x, layout.area.maxY - 1].grapheme == " ")
        #expect(buffer[layout.area.maxX - 1, layout.area.maxY - 1].grapheme == "@")
        let approved = try #require(model.pixel.masks.first { $0.status == .approved && $0.origin == .detected })
        let a = layout.cells(of: approved.rect)
        #expect(buffer[a.x, a.y].grapheme == "╔")
        #expect(buffer[a.x, a.y].style == theme[.maskApproved])
        let manual = try #require(model.pixel.masks.first { $0.origin == .manual })
        let m = layout.cells(of: manual.rect)
        #expect(buffer[m.maxX - 1, m.maxY - 1].grapheme == "┛")
        #expect(buffer[m.maxX - 1, m.maxY - 1].style == theme[.maskManual])
    }

    @Test(arguments: sizes)
    func pixelsTrueColorAndAfter(width: Int, height: Int) throws {
        var (model, batch) = filledModel(width: width, height: height, depth: .trueColor)
        _ = drive(&model, batch, keys("2", "n", "4", "Tab", "Tab", "Tab", "a", "b"))
        #expect(model.pixel.mode == .halfBlockTrueColor)
        #expect(model.pixel.showMasked)
        let buffer = rendered(model)
        assertSnapshot(buffer, "pixels-after")
        let layout = try #require(PixelLayout(model))
        // In the after view the approved mask's pixels are black, the unmasked label stays white.
        let approved = try #require(model.pixel.masks.first { $0.status == .approved })
        let cells = layout.cells(of: approved.rect)
        let inside = buffer[cells.x + 2, cells.y + 1]
        #expect(inside.style.foreground == .rgb(0, 0, 0))
        #expect(buffer.find("Showing: AFTER (masked)") != nil)
        // Findings are hidden after masking.
        #expect(buffer.find("Findings") == nil)
    }

    @Test(arguments: sizes)
    func pixelsKittyPlacesThePNG(width: Int, height: Int) throws {
        var (model, batch) = filledModel(width: width, height: height, kitty: true)
        _ = drive(&model, batch, keys("2", "n", "4"))
        #expect(model.pixel.mode == .kitty)
        let buffer = rendered(model)
        assertSnapshot(buffer, "pixels-kitty")
        #expect(buffer.images.count == 1)
        #expect(buffer.images.first?.png == Array("PNG-0".utf8))
        let layout = try #require(PixelLayout(model))
        #expect(buffer.images.first?.area == layout.area)
    }

    @Test func maskAwaitingACuratorIsShownAndBlocksCommit() throws {
        let batch = DemoBatch(roles: ["reviewer", "curator"])
        batch.masks[InstanceID(2)]?[0].status = .awaitingCurator
        var (model, _) = filledModel(width: 80, height: 24, batch: batch)
        #expect(model.summary?.blockers.contains("1 mask edit awaiting a curator") == true)
        _ = drive(&model, batch, keys("n", "4"))
        let buffer = rendered(model)
        let line = try #require(buffer.find("#20 awaiting curator"))
        #expect(buffer[line.x, line.y].style == theme[.maskProposed])
    }

    @Test(arguments: sizes)
    func maskEditorDraft(width: Int, height: Int) throws {
        var (model, batch) = filledModel(width: width, height: height)
        _ = drive(&model, batch, keys("2", "n", "4", "Tab", "m", "L"))
        let buffer = rendered(model)
        assertSnapshot(buffer, "mask-editor")
        #expect(buffer.find("New mask") != nil)
        let layout = try #require(PixelLayout(model))
        let d = layout.cells(of: try #require(model.pixel.draft).rect)
        #expect(buffer[d.x, d.y].grapheme == "┏")
        #expect(buffer[d.x, d.y].style == theme[.maskManual].adding(.reverse))
        // The status bar now offers the editor's keys.
        #expect(buffer.line(height - 1).contains("Enter"))
    }

    @Test(arguments: sizes)
    func commitDialogStages(width: Int, height: Int) throws {
        var (model, batch) = filledModel(width: width, height: height)
        _ = drive(&model, batch, keys("c"))
        let blocked = rendered(model)
        assertSnapshot(blocked, "commit-blocked")
        let b = try #require(blocked.find("Commit is blocked:"))
        #expect(blocked[b.x, b.y].style == theme[.warning].on(theme[.dialog].background))
        // Decide everything, then commit.
        _ = drive(&model, batch, keys("Esc"))
        for row in batch.rows where row.state == .needsReview {
            _ = drive(&model, batch, [.rowsChanged([])])
            batch.execute(.decide(.instance(row.id), .approve), reply: MessageSink())
        }
        for (id, list) in batch.masks { batch.masks[id] = list.map { var m = $0; m.status = .approved; return m } }
        _ = drive(&model, batch, keys("c"))
        let confirm = rendered(model)
        assertSnapshot(confirm, "commit-confirm")
        #expect(confirm.find("Reviewer: alice (single-person mode)") != nil)
        model.overlay = .commit(.running(done: 5, total: 10))
        let running = rendered(model)
        assertSnapshot(running, "commit-running")
        let bar = try #require(running.find("█"))
        #expect(running[bar.x, bar.y].style == theme[.progress])
        _ = drive(&model, batch, keys("Esc"))
        model.overlay = .commit(.confirm)
        _ = drive(&model, batch, keys("y"))
        let done = rendered(model)
        assertSnapshot(done, "commit-finished")
        #expect(done.find("Audit entry:  sha256:9f2c4e1a7b") != nil)
        #expect(done.find("Signing key:  ed25519:SHA256:q1w2e3r4") != nil)
    }

    @Test(arguments: sizes)
    func helpOverlay(width: Int, height: Int) throws {
        var (model, batch) = filledModel(width: width, height: height)
        _ = drive(&model, batch, keys("?"))
        let buffer = rendered(model)
        assertSnapshot(buffer, "help")
        let quit = try #require(buffer.find("show or hide this help"))
        #expect(buffer[quit.x, quit.y].style == theme[.dialog])
        let key = try #require(buffer.find("Everywhere"))
        #expect(buffer[key.x, key.y].style == theme[.title].on(theme[.dialog].background))
    }

    @Test(arguments: sizes)
    func searchPromptAndOverridePrompt(width: Int, height: Int) throws {
        var (model, batch) = filledModel(width: width, height: height)
        _ = drive(&model, batch, keys("/", "P", "A", "T", "-", "0", "0", "0", "3"))
        let buffer = rendered(model)
        assertSnapshot(buffer, "search")
        #expect(buffer.line(height - 1).hasPrefix(" Search: PAT-0003█"))
        #expect(model.browser.selected?.patientPseudonym == "PAT-0003")
        _ = drive(&model, batch, keys("Enter", "o", "f", "p"))
        let prompt = rendered(model)
        #expect(prompt.line(height - 1).hasPrefix(" Override reason: fp█"))
    }

    @Test func monochromeThemeUsesAttributesOnly() throws {
        var (model, batch) = filledModel(width: 80, height: 24, depth: .monochrome)
        _ = drive(&model, batch, keys("2", "n"))
        let buffer = rendered(model, theme: .monochrome)
        let row = try #require(buffer.find("IM-0002"))
        #expect(buffer[row.x, row.y].style == CellStyle(attributes: .reverse))
        for cell in buffer.cells {
            #expect(cell.style.foreground == .terminalDefault && cell.style.background == .terminalDefault)
        }
    }
}
