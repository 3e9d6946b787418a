import DicomCore

/// The workstation's update: a pure function from a model and a message to the next model and the
/// side effects (commands) the runner must perform. Results come back as messages.
public func update(_ model: Model, _ message: Message) -> (Model, [Command]) {
    var next = model
    let commands = next.apply(message)
    return (next, commands)
}

extension Model {
    /// Applies a message in place and returns the commands it causes.
    public mutating func apply(_ message: Message) -> [Command] {
        var out: [Command] = []
        switch message {
        case .key(let key):
            handleKey(key, &out)
        case .mouse(let event):
            handleMouse(event, &out)
        case .resize(let newSize):
            size = newSize
            scrollBrowserToCursor()
            scrollTagDiffToCursor()
        case .summaryLoaded(let loaded):
            summary = loaded
            scrollBrowserToCursor()
        case .pageLoaded(let query, let offset, let total, let rows):
            guard query == browser.query else { break }
            let page = offset / BrowserState.pageSize
            browser.total = total
            browser.pages[page] = rows
            browser.requestedPages.remove(page)
            evictFarPages()
            if total > 0 && browser.cursor >= total { moveBrowserCursor(to: total - 1) }
        case .searchResult(let query, let target, let index):
            guard query == browser.query else { break }
            if case .text(let text) = target {
                guard case .search? = prompt?.kind, prompt?.text == text else { break }
            }
            if let index {
                moveBrowserCursor(to: index)
            } else {
                switch target {
                case .needsReview: status = StatusMessage("Nothing left that needs review")
                case .pendingEdit: status = StatusMessage("No edit is waiting for a curator")
                case .text(let text): status = StatusMessage("No match for “\(text)”", isError: true)
                }
            }
        case .rowsChanged(let rows):
            patchRows(rows)
        case .tagDiffLoaded(let id, let rows):
            guard tagDiff.instance == id else { break }
            tagDiff.rows = rows
            tagDiff.loading = false
            tagDiff.folded = []
            tagDiff.cursor = 0
            tagDiff.scrollTop = 0
        case .frameLoaded(let request, let payload):
            guard request == pixel.pending else { break }
            pixel.image = payload.image
            pixel.shown = request
            pixel.frameCount = max(1, payload.frameCount)
            pixel.windowLevel = payload.windowLevel
            pixel.findings = payload.findings
            pixel.masks = payload.masks
            pixel.imageSerial &+= 1
            if let zoom = pixel.zoom, zoom.maxX > payload.image.width || zoom.maxY > payload.image.height { pixel.zoom = nil }
            dropStaleSelection()
        case .masksChanged(let id, let masks):
            guard pixel.instance == id else { break }
            pixel.masks = masks
            dropStaleSelection()
            if pixel.showMasked { requestFrame(&out) }
        case .identityRevealed(let id, let identity):
            if let row = findLoadedRow(id) { browser.revealed[row.patientPseudonym] = identity }
            status = StatusMessage("Identity revealed; the reveal is in the audit log")
        case .commitProgress(let done, let total):
            if case .commit? = overlay { overlay = .commit(.running(done: done, total: total)) }
        case .commitFinished(let receipt):
            overlay = .commit(.finished(receipt))
            out.append(.loadSummary)
        case .commandFailed(let text):
            if case .commit(.running)? = overlay { overlay = .commit(.failed(text)) }
            status = StatusMessage(text, isError: true)
        }
        syncDetail(&out)
        requestVisiblePages(&out)
        return out
    }

    // MARK: Keys

    /// The key contexts active now, most specific first.
    public var activeContexts: [KeyContext] {
        var contexts: [KeyContext] = []
        if screen == .pixels && pixel.draft != nil { contexts.append(.maskEdit) }
        if screen.context != .global { contexts.append(screen.context) }
        contexts.append(.global)
        return contexts
    }

    mutating func handleKey(_ key: Key, _ out: inout [Command]) {
        if prompt != nil {
            handlePromptKey(key, &out)
            return
        }
        let action = keymap.action(for: key, in: activeContexts)
        switch overlay {
        case .commit(let stage)?:
            handleCommitKey(key, action, stage, &out)
            return
        case .help(let scroll)?:
            switch action {
            case .moveDown?: overlay = .help(scroll: scroll + 1)
            case .moveUp?: overlay = .help(scroll: max(0, scroll - 1))
            case .pageDown?, .moveDownFast?: overlay = .help(scroll: scroll + 10)
            case .pageUp?, .moveUpFast?: overlay = .help(scroll: max(0, scroll - 10))
            case .quit?: quitRequested = true
            default: overlay = nil
            }
            return
        case nil:
            break
        }
        guard let action else { return }
        status = nil
        perform(action, &out)
    }

    mutating func perform(_ action: Action, _ out: inout [Command]) {
        let decisions: Set<Action> = [.approve, .reject, .approveSeries, .rejectSeries, .approveStudy, .rejectStudy, .override,
                                      .approveEdits, .rejectEdits]
        if screen == .overview && decisions.contains(action) {
            // Decisions need the instance in view.
            status = StatusMessage("Choose an instance first: \(keymap.label(for: .showBrowser, limit: 1)) opens the browser", isError: true)
            return
        }
        switch action {
        case .showOverview: screen = .overview
        case .showBrowser: screen = .browser
        case .showTagDiff: screen = .tagDiff
        case .showPixels: screen = .pixels
        case .help: overlay = .help(scroll: 0)
        case .quit: quitRequested = true
        case .commit:
            overlay = .commit(.confirm)
            out.append(.loadSummary)
        case .search:
            screen = .browser
            prompt = Prompt(kind: .search(origin: browser.cursor))
        case .back: goBack()
        case .open: open(&out)
        case .moveUp, .moveDown, .moveLeft, .moveRight, .moveUpFast, .moveDownFast, .moveLeftFast, .moveRightFast,
             .pageUp, .pageDown, .top, .bottom:
            move(action, &out)
        case .nextNeedsReview:
            if screen == .overview { screen = .browser }
            out.append(.search(browser.query, .needsReview, from: browser.cursor + 1))

        case .approve, .reject:
            let approve = action == .approve
            if screen == .pixels, pixel.draft == nil, let mask = maskForSelection, let id = pixel.instance {
                out.append(.setMaskStatus(id, mask.id, approve ? .approved : .rejected))
                status = StatusMessage(approve ? "Mask \(mask.id) accepted" : "Mask \(mask.id) rejected")
            } else if let row = browser.selected {
                out.append(.decide(.instance(row.id), approve ? .approve : .reject))
                status = StatusMessage("\(approve ? "Approved" : "Rejected") instance \(row.sopKey)")
            }
        case .approveSeries, .rejectSeries:
            if let row = browser.selected {
                let approve = action == .approveSeries
                out.append(.decide(.series(seriesKey: row.seriesKey), approve ? .approve : .reject))
                status = StatusMessage("\(approve ? "Approved" : "Rejected") series \(row.seriesLabel.isEmpty ? row.seriesKey : row.seriesLabel)")
            }
        case .approveStudy, .rejectStudy:
            if let row = browser.selected {
                let approve = action == .approveStudy
                out.append(.decide(.study(studyKey: row.studyKey), approve ? .approve : .reject))
                status = StatusMessage("\(approve ? "Approved" : "Rejected") study \(row.studyLabel.isEmpty ? row.studyKey : row.studyLabel)")
            }
        case .override:
            if let row = browser.selected { prompt = Prompt(kind: .overrideReason(row.id)) }
        case .nextPendingEdit:
            if screen == .overview { screen = .browser }
            out.append(.search(browser.query, .pendingEdit, from: browser.cursor + 1))
        case .approveEdits, .rejectEdits:
            if let row = browser.selected {
                let approve = action == .approveEdits
                out.append(.curate(row.id, approve: approve))
                status = StatusMessage("\(approve ? "Approving" : "Turning down") the pending edits on \(row.sopKey)")
            }
        case .toggleNeedsReviewFilter:
            browser.query.needsReviewOnly.toggle()
            resetBrowserQuery(&out)
        case .cycleModalityFilter:
            let modalities = summary?.modalities ?? []
            if let current = browser.query.modality, let i = modalities.firstIndex(of: current) {
                browser.query.modality = i + 1 < modalities.count ? modalities[i + 1] : nil
            } else {
                browser.query.modality = modalities.first
            }
            resetBrowserQuery(&out)
        case .cycleFindingFilter:
            let classes = FindingClass.allCases
            if let current = browser.query.findingClass, let i = classes.firstIndex(of: current) {
                browser.query.findingClass = i + 1 < classes.count ? classes[i + 1] : nil
            } else {
                browser.query.findingClass = classes.first
            }
            resetBrowserQuery(&out)
        case .clearFilters:
            browser.query = InstanceQuery()
            resetBrowserQuery(&out)
        case .revealIdentity:
            if let row = browser.selected {
                out.append(.revealIdentity(row.id, reviewer: reviewer))
                status = StatusMessage("Revealing the identity of \(row.patientPseudonym); this is logged")
            }
        case .toggleOnlyChanged:
            tagDiff.onlyChanged.toggle()
            tagDiff.cursor = 0
            tagDiff.scrollTop = 0
        case .toggleFold:
            toggleFold()
        case .windowNarrower, .windowWider, .levelDown, .levelUp, .resetWindow:
            adjustWindow(action, &out)
        case .nextFrame, .previousFrame:
            let target = pixel.frame + (action == .nextFrame ? 1 : -1)
            if target >= 0 && target < pixel.frameCount {
                pixel.frame = target
                pixel.selection = nil
                pixel.draft = nil
                requestFrame(&out)
            }
        case .cycleRenderMode:
            let modes = PixelMode.available(for: capabilities)
            let i = modes.firstIndex(of: pixel.mode) ?? 0
            let wasKitty = pixel.mode == .kitty
            pixel.mode = modes[(i + 1) % modes.count]
            if (pixel.mode == .kitty) != wasKitty { requestFrame(&out) }
            status = StatusMessage("Drawing: \(pixel.mode.rawValue)")
        case .toggleBeforeAfter:
            pixel.showMasked.toggle()
            requestFrame(&out)
        case .zoomToBox:
            zoomToSelection()
        case .resetZoom:
            pixel.zoom = nil
        case .nextBox, .previousBox:
            cycleSelection(forward: action == .nextBox)
        case .drawMask:
            startDraft()
        case .editMask:
            if let mask = pixel.selectedMask { pixel.draft = MaskDraft(editing: mask.id, rect: mask.rect) }
        case .deleteMask:
            if let mask = pixel.selectedMask, let id = pixel.instance {
                out.append(.deleteMask(id, mask.id))
                pixel.selection = nil
                status = StatusMessage("Mask \(mask.id) deleted")
            }
        case .toggleResize:
            pixel.draft?.resizing.toggle()
        }
    }

    mutating func goBack() {
        switch screen {
        case .pixels:
            if pixel.draft != nil {
                pixel.draft = nil
                pixel.dragAnchor = nil
            } else if pixel.selection != nil {
                pixel.selection = nil
            } else if pixel.zoom != nil {
                pixel.zoom = nil
            } else {
                screen = .browser
            }
        case .tagDiff:
            screen = .browser
        case .browser, .overview:
            break
        }
    }

    mutating func open(_ out: inout [Command]) {
        switch screen {
        case .overview: screen = .browser
        case .browser: if browser.selected != nil { screen = .tagDiff }
        case .tagDiff: toggleFold()
        case .pixels: saveDraft(&out)
        }
    }

    mutating func move(_ action: Action, _ out: inout [Command]) {
        let fast = [.moveUpFast, .moveDownFast, .moveLeftFast, .moveRightFast].contains(action)
        switch screen {
        case .overview:
            break
        case .browser:
            let page = max(1, Layout(self).browserList.height - 3)
            switch action {
            case .moveUp, .moveUpFast, .moveLeft, .moveLeftFast: moveBrowserCursor(to: browser.cursor - (fast ? 10 : 1))
            case .moveDown, .moveDownFast, .moveRight, .moveRightFast: moveBrowserCursor(to: browser.cursor + (fast ? 10 : 1))
            case .pageUp: moveBrowserCursor(to: browser.cursor - page)
            case .pageDown: moveBrowserCursor(to: browser.cursor + page)
            case .top: moveBrowserCursor(to: 0)
            case .bottom: moveBrowserCursor(to: (browser.total ?? 1) - 1)
            default: break
            }
        case .tagDiff:
            let count = tagDiff.visibleRows().count
            let page = max(1, Layout(self).tagDiffList.height - 1)
            var c = tagDiff.cursor
            switch action {
            case .moveUp, .moveLeft: c -= 1
            case .moveDown, .moveRight: c += 1
            case .moveUpFast, .moveLeftFast: c -= 10
            case .moveDownFast, .moveRightFast: c += 10
            case .pageUp: c -= page
            case .pageDown: c += page
            case .top: c = 0
            case .bottom: c = count - 1
            default: break
            }
            tagDiff.cursor = max(0, min(count - 1, c))
            scrollTagDiffToCursor()
        case .pixels:
            if pixel.draft != nil {
                let n = fast ? 10 : 1
                switch action {
                case .moveUp, .moveUpFast: adjustDraft(dx: 0, dy: -n)
                case .moveDown, .moveDownFast: adjustDraft(dx: 0, dy: n)
                case .moveLeft, .moveLeftFast: adjustDraft(dx: -n, dy: 0)
                case .moveRight, .moveRightFast: adjustDraft(dx: n, dy: 0)
                default: break
                }
            } else {
                switch action {
                case .moveUp, .moveLeft: cycleSelection(forward: false)
                case .moveDown, .moveRight: cycleSelection(forward: true)
                default: break
                }
            }
        }
    }

    mutating func handlePromptKey(_ key: Key, _ out: inout [Command]) {
        guard var p = prompt else { return }
        switch key {
        case .escape:
            if case .search(let origin) = p.kind { moveBrowserCursor(to: origin) }
            prompt = nil
            return
        case .enter:
            switch p.kind {
            case .search:
                prompt = nil
            case .overrideReason(let id):
                let reason = String(p.text.trimmingSpaces)
                if reason.isEmpty {
                    status = StatusMessage("An override needs a reason", isError: true)
                    return
                }
                out.append(.override(id, reason: reason))
                prompt = nil
                status = StatusMessage("Override recorded with reason “\(reason)”")
            }
            return
        case .backspace:
            if !p.text.isEmpty { p.text.removeLast() }
        case .character(let c):
            p.text.append(c)
        default:
            return
        }
        prompt = p
        if case .search(let origin) = p.kind, !p.text.isEmpty {
            out.append(.search(browser.query, .text(p.text), from: origin))
        }
    }

    mutating func handleCommitKey(_ key: Key, _ action: Action?, _ stage: CommitStage, _ out: inout [Command]) {
        switch stage {
        case .confirm:
            if key == .character("y") || action == .open {
                guard let summary else {
                    status = StatusMessage("The batch summary is still loading", isError: true)
                    return
                }
                let blockers = summary.blockers
                if !blockers.isEmpty {
                    status = StatusMessage("Commit is blocked: \(blockers[0])", isError: true)
                    return
                }
                overlay = .commit(.running(done: 0, total: summary.total))
                out.append(.commit(reviewer: reviewer))
            } else if key == .character("n") || action == .back || action == .commit {
                overlay = nil
            } else if action == .quit {
                quitRequested = true
            }
        case .running:
            status = StatusMessage("Committing; wait for it to finish")
        case .finished, .failed:
            if action == .back || action == .open || action == .commit { overlay = nil }
            if action == .quit { quitRequested = true }
        }
    }

    // MARK: Mouse

    mutating func handleMouse(_ event: MouseEvent, _ out: inout [Command]) {
        guard prompt == nil, overlay == nil else { return }
        let layout = Layout(self)
        switch screen {
        case .browser:
            let list = layout.browserList
            switch event.kind {
            case .scrollUp: moveBrowserCursor(to: browser.cursor - 3)
            case .scrollDown: moveBrowserCursor(to: browser.cursor + 3)
            case .press:
                guard list.contains(x: event.x, y: event.y) else { return }
                let lines = browserLines(height: list.height)
                let i = event.y - list.y
                if i < lines.count, case .instance(let index, _) = lines[i] { moveBrowserCursor(to: index) }
            default: break
            }
        case .tagDiff:
            let list = layout.tagDiffList
            switch event.kind {
            case .scrollUp: perform(.moveUp, &out)
            case .scrollDown: perform(.moveDown, &out)
            case .press:
                guard list.contains(x: event.x, y: event.y) else { return }
                let target = tagDiff.scrollTop + event.y - list.y
                if target < tagDiff.visibleRows().count { tagDiff.cursor = target }
            default: break
            }
        case .pixels:
            guard let pl = PixelLayout(self), let image = pixel.image else { return }
            let inside = pl.area.contains(x: event.x, y: event.y)
            let p = pl.pixel(column: min(max(event.x, pl.area.x), pl.area.maxX - 1),
                             row: min(max(event.y, pl.area.y), pl.area.maxY - 1))
            let point = PixelPoint(x: min(max(0, p.x), image.width - 1), y: min(max(0, p.y), image.height - 1))
            switch event.kind {
            case .press:
                guard inside, pixel.draft == nil || pixel.draft?.editing == nil else { return }
                pixel.dragAnchor = point
                pixel.draft = nil
                selectBox(at: point)
            case .drag:
                guard let anchor = pixel.dragAnchor else { return }
                let x0 = min(anchor.x, point.x), y0 = min(anchor.y, point.y)
                let rect = PixelRect(x: x0, y: y0, width: max(anchor.x, point.x) - x0 + 1, height: max(anchor.y, point.y) - y0 + 1)
                pixel.draft = MaskDraft(editing: nil, rect: rect)
            case .release:
                if pixel.dragAnchor != nil && pixel.draft != nil {
                    status = StatusMessage("Enter saves the new mask, Esc drops it")
                }
                pixel.dragAnchor = nil
            default: break
            }
        case .overview:
            break
        }
    }

    // MARK: Browser

    /// The tree lines from the scroll position: a header line whenever the patient, study or series changes.
    public func browserLines(height: Int) -> [BrowserLine] {
        var lines: [BrowserLine] = []
        guard height > 0, let total = browser.total else { return lines }
        lines.reserveCapacity(height)
        var i = browser.scrollTop
        var previous: InstanceRow? = nil
        while i < total && lines.count < height {
            guard let row = browser.row(at: i) else {
                lines.append(.loading(i))
                previous = nil
                i += 1
                continue
            }
            let newPatient = previous?.patientPseudonym != row.patientPseudonym
            let newStudy = newPatient || previous?.studyKey != row.studyKey
            let newSeries = newStudy || previous?.seriesKey != row.seriesKey
            if newPatient { lines.append(.patient(row)) }
            if newStudy { lines.append(.study(row)) }
            if newSeries { lines.append(.series(row)) }
            lines.append(.instance(i, row))
            previous = row
            i += 1
        }
        if lines.count > height { lines.removeLast(lines.count - height) }
        return lines
    }

    mutating func moveBrowserCursor(to index: Int) {
        guard let total = browser.total, total > 0 else { return }
        browser.cursor = max(0, min(total - 1, index))
        scrollBrowserToCursor()
    }

    mutating func scrollBrowserToCursor() {
        let height = Layout(self).browserList.height
        guard height > 0 else { return }
        if browser.cursor < browser.scrollTop {
            browser.scrollTop = browser.cursor
            return
        }
        if browser.cursor - browser.scrollTop >= height { browser.scrollTop = browser.cursor - height + 4 }
        func visible(_ lines: [BrowserLine]) -> Bool {
            lines.contains { line in
                switch line {
                case .instance(let i, _), .loading(let i): return i == browser.cursor
                default: return false
                }
            }
        }
        while browser.scrollTop < browser.cursor && !visible(browserLines(height: height)) {
            browser.scrollTop += 1
        }
    }

    mutating func resetBrowserQuery(_ out: inout [Command]) {
        browser.pages = [:]
        browser.requestedPages = [0]
        browser.total = nil
        browser.cursor = 0
        browser.scrollTop = 0
        out.append(.loadPage(browser.query, offset: 0, limit: BrowserState.pageSize))
        status = StatusMessage("Filter: " + filterDescription)
    }

    /// The filters in words, for the status bar and the browser's heading.
    public var filterDescription: String {
        var parts: [String] = []
        if browser.query.needsReviewOnly { parts.append("needs review") }
        if let m = browser.query.modality { parts.append("modality \(m)") }
        if let f = browser.query.findingClass { parts.append("finding \(f.rawValue)") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    mutating func requestVisiblePages(_ out: inout [Command]) {
        guard let total = browser.total, total > 0 else { return }
        let height = max(1, Layout(self).browserList.height)
        let first = max(0, min(browser.scrollTop, browser.cursor))
        let last = min(total - 1, max(browser.scrollTop + height, browser.cursor))
        for page in (first / BrowserState.pageSize)...(last / BrowserState.pageSize)
        where browser.pages[page] == nil && !browser.requestedPages.contains(page) {
            browser.requestedPages.insert(page)
            out.append(.loadPage(browser.query, offset: page * BrowserState.pageSize, limit: BrowserState.pageSize))
        }
    }

    /// Keeps memory bounded in huge batches: drops the pages farthest from the cursor beyond a limit.
    mutating func evictFarPages() {
        guard browser.pages.count > BrowserState.maxPages else { return }
        let here = browser.cursor / BrowserState.pageSize
        let far = browser.pages.keys.sorted { abs($0 - here) > abs($1 - here) }
        for page in far.prefix(browser.pages.count - BrowserState.maxPages) { browser.pages[page] = nil }
    }

    mutating func patchRows(_ rows: [InstanceRow]) {
        guard !rows.isEmpty else { return }
        var byID: [InstanceID: InstanceRow] = [:]
        for row in rows { byID[row.id] = row }
        for (page, list) in browser.pages {
            var changed = list
            var touched = false
            for i in changed.indices {
                if let updated = byID[changed[i].id] {
                    changed[i] = updated
                    touched = true
                }
            }
            if touched { browser.pages[page] = changed }
        }
    }

    func findLoadedRow(_ id: InstanceID) -> InstanceRow? {
        if let s = browser.selected, s.id == id { return s }
        for page in browser.pages.values {
            if let row = page.first(where: { $0.id == id }) { return row }
        }
        return nil
    }

    /// Loads the tag diff or the frame of the selected instance when its screen shows another one.
    mutating func syncDetail(_ out: inout [Command]) {
        guard let row = browser.selected else { return }
        if screen == .tagDiff && tagDiff.instance != row.id {
            let onlyChanged = tagDiff.onlyChanged
            tagDiff = TagDiffState()
            tagDiff.onlyChanged = onlyChanged
            tagDiff.instance = row.id
            tagDiff.loading = true
            out.append(.loadTagDiff(row.id))
        }
        if screen == .pixels && pixel.instance != row.id {
            let mode = pixel.mode
            pixel = PixelState()
            pixel.mode = mode
            pixel.instance = row.id
            pixel.frameCount = max(1, row.frameCount)
            requestFrame(&out)
        }
    }

    // MARK: Tag diff

    mutating func toggleFold() {
        let visible = tagDiff.visibleRows()
        guard tagDiff.cursor < visible.count else { return }
        let index = visible[tagDiff.cursor]
        guard tagDiff.rows[index].isSequence else { return }
        if tagDiff.folded.contains(index) { tagDiff.folded.remove(index) } else { tagDiff.folded.insert(index) }
    }

    mutating func scrollTagDiffToCursor() {
        let height = Layout(self).tagDiffList.height
        guard height > 0 else { return }
        if tagDiff.cursor < tagDiff.scrollTop { tagDiff.scrollTop = tagDiff.cursor }
        if tagDiff.cursor >= tagDiff.scrollTop + height { tagDiff.scrollTop = tagDiff.cursor - height + 1 }
    }

    // MARK: Pixels

    mutating func requestFrame(_ out: inout [Command]) {
        guard let id = pixel.instance else { return }
        let request = FrameRequest(instance: id, frame: pixel.frame, windowLevel: pixel.windowLevel,
                                   masked: pixel.showMasked, wantPNG: pixel.mode == .kitty)
        pixel.pending = request
        out.append(.loadFrame(request))
    }

    mutating func adjustWindow(_ action: Action, _ out: inout [Command]) {
        guard pixel.instance != nil else { return }
        var wl = pixel.windowLevel ?? WindowLevel(center: 128, width: 256)
        switch action {
        case .windowNarrower: wl.width = max(1, (wl.width * 0.8).rounded())
        case .windowWider: wl.width = (wl.width * 1.25).rounded()
        case .levelDown: wl.center -= max(1, (wl.width * 0.1).rounded())
        case .levelUp: wl.center += max(1, (wl.width * 0.1).rounded())
        default: break
        }
        pixel.windowLevel = action == .resetWindow ? nil : wl
        requestFrame(&out)
        if let wl = pixel.windowLevel {
            status = StatusMessage("Window \(Int(wl.width)) level \(Int(wl.center))")
        } else {
            status = StatusMessage("Window/level reset to the instance's default")
        }
    }

    /// Selectable boxes on the current frame: findings, then masks.
    var selectableBoxes: [PixelSelection] {
        pixel.frameFindings.map { .finding($0.0) } + pixel.frameMasks.map { .mask($0.id) }
    }

    mutating func cycleSelection(forward: Bool) {
        let items = selectableBoxes
        guard !items.isEmpty else { return }
        if let current = pixel.selection, let i = items.firstIndex(of: current) {
            pixel.selection = items[(i + (forward ? 1 : items.count - 1)) % items.count]
        } else {
            pixel.selection = forward ? items.first : items.last
        }
    }

    mutating func dropStaleSelection() {
        if let s = pixel.selection, !selectableBoxes.contains(s) { pixel.selection = nil }
    }

    /// The mask that approve and reject act on: the selected mask, or the mask over the selected finding.
    public var maskForSelection: MaskBox? {
        switch pixel.selection {
        case .mask?: return pixel.selectedMask
        case .finding(let i)? where i < pixel.findings.count:
            let box = pixel.findings[i].rect
            return pixel.frameMasks.first { m in
                m.rect.x < box.maxX && box.x < m.rect.maxX && m.rect.y < box.maxY && box.y < m.rect.maxY
            }
        default: return nil
        }
    }

    /// The pixel rectangle of the selection.
    public var selectedRect: PixelRect? {
        switch pixel.selection {
        case .finding(let i)?: return i < pixel.findings.count ? pixel.findings[i].rect : nil
        case .mask?: return pixel.selectedMask?.rect
        case nil: return nil
        }
    }

    mutating func selectBox(at point: PixelPoint) {
        if let mask = pixel.frameMasks.last(where: { $0.rect.contains(x: point.x, y: point.y) }) {
            pixel.selection = .mask(mask.id)
        } else if let hit = pixel.frameFindings.last(where: { $0.1.rect.contains(x: point.x, y: point.y) }) {
            pixel.selection = .finding(hit.0)
        } else {
            pixel.selection = nil
        }
    }

    mutating func zoomToSelection() {
        guard let rect = selectedRect, let image = pixel.image else { return }
        let marginX = max(16, rect.width / 2), marginY = max(16, rect.height / 2)
        let x0 = max(0, rect.x - marginX), y0 = max(0, rect.y - marginY)
        let x1 = min(image.width, rect.maxX + marginX), y1 = min(image.height, rect.maxY + marginY)
        pixel.zoom = PixelRect(x: x0, y: y0, width: max(1, x1 - x0), height: max(1, y1 - y0))
    }

    mutating func startDraft() {
        guard let image = pixel.image else { return }
        let rect = selectedRect ?? PixelRect(x: image.width * 3 / 8, y: image.height * 3 / 8,
                                             width: max(1, image.width / 4), height: max(1, image.height / 4))
        pixel.draft = MaskDraft(editing: nil, rect: rect)
        status = StatusMessage("New mask: arrows move, \(keymap.label(for: .toggleResize)) resizes, Enter saves, Esc drops")
    }

    mutating func adjustDraft(dx: Int, dy: Int) {
        guard var draft = pixel.draft, let image = pixel.image else { return }
        let step = PixelLayout(self)?.step ?? (x: 1, y: 1)
        var r = draft.rect
        if draft.resizing {
            r.width = max(1, min(image.width - r.x, r.width + dx * step.x))
            r.height = max(1, min(image.height - r.y, r.height + dy * step.y))
        } else {
            r.x = max(0, min(image.width - r.width, r.x + dx * step.x))
            r.y = max(0, min(image.height - r.height, r.y + dy * step.y))
        }
        draft.rect = r
        pixel.draft = draft
    }

    mutating func saveDraft(_ out: inout [Command]) {
        guard let draft = pixel.draft, let id = pixel.instance else { return }
        if let mask = draft.editing {
            out.append(.moveMask(id, mask, draft.rect))
        } else {
            out.append(.addMask(id, frame: pixel.frame, draft.rect))
        }
        pixel.draft = nil
        status = StatusMessage("Mask saved: \(draft.rect.width)×\(draft.rect.height) at \(draft.rect.x),\(draft.rect.y)")
    }
}
