import Testing
@testable import Workstation

/// The whole app loop on the in-memory terminal, driven by scripted input.
@Suite struct AppLoopTests {
    @Test func reviewAFlaggedImageApproveItsMaskAndCommit() throws {
        let batch = DemoBatch()
        // Accept the proposed masks of the other instances up front so that only this one blocks.
        for (id, list) in batch.masks where id != InstanceID(2) {
            batch.masks[id] = list.map { var m = $0; m.status = .approved; return m }
        }
        for row in batch.rows where row.state == .needsReview && row.id != InstanceID(2) {
            batch.execute(.decide(.instance(row.id), .approve), reply: MessageSink())
        }
        let backend = InMemoryBackend(size: TerminalSize(width: 160, height: 48))
        let app = App(model: Model(size: backend.size, capabilities: backend.capabilities, reviewer: "alice"),
                      theme: .standard, backend: backend, executor: batch)
        app.start()
        try app.step(timeoutMilliseconds: 0)
        #expect(backend.screen.find("Blocks commit:") != nil)

        backend.type([.character("n"), .character("4"), .tab, .tab, .tab])
        for _ in 0..<5 { try app.step(timeoutMilliseconds: 0) }
        #expect(backend.screen.find("phi  DOE^JOHN") != nil)
        #expect(app.model.pixel.selection == .mask(MaskID(20)))
        backend.type([.character("a"), .tab, .character("a"), .escape, .character("a")])
        for _ in 0..<5 { try app.step(timeoutMilliseconds: 0) }
        #expect(backend.screen.find("#20 approved") != nil)
        #expect(app.model.summary?.blockers == [])

        backend.type([.character("1")])
        try app.step(timeoutMilliseconds: 0)
        #expect(backend.screen.find("Nothing blocks commit: press c to commit.") != nil)
        // Only the changed cells were written for that keypress.
        #expect(backend.cellsWrittenLastFrame < 160 * 48)

        backend.type([.character("c"), .character("y")])
        try app.step(timeoutMilliseconds: 0)
        try app.step(timeoutMilliseconds: 0)
        #expect(backend.screen.find("Audit entry:  sha256:9f2c4e1a7b") != nil)
        #expect(batch.committed != nil)
        #expect(app.executed.contains(.commit(reviewer: "alice")))

        backend.type([.escape, .character("q")])
        try app.run()
        #expect(app.model.quitRequested)
    }

    @Test func runStopsWhenInputEndsAndFollowsResizes() throws {
        let batch = DemoBatch()
        let backend = InMemoryBackend(size: TerminalSize(width: 80, height: 24),
                                      events: [.key(.character("2")), .resize(TerminalSize(width: 100, height: 30)), .key(.down)])
        let model = try App.run(backend: backend, executor: batch, reviewer: "bob")
        #expect(model.size == TerminalSize(width: 100, height: 30))
        #expect(backend.screen.width == 100)
        #expect(model.browser.cursor == 1)
        #expect(backend.screen.find("IM-0002") != nil)
    }

    @Test func noColorTerminalsGetTheMonochromeTheme() throws {
        let backend = InMemoryBackend(size: TerminalSize(width: 80, height: 24), capabilities: TerminalCapabilities(colorDepth: .monochrome),
                                      events: [.key(.character("2"))])
        _ = try App.run(backend: backend, executor: DemoBatch(), reviewer: "bob", theme: .standard)
        for cell in backend.screen.cells {
            #expect(cell.style.foreground == .terminalDefault && cell.style.background == .terminalDefault)
        }
    }

    @Test func answersFromAnotherThreadAreDrawn() async throws {
        // A commit whose progress arrives later, from a background task.
        final class SlowCommit: CommandExecutor, @unchecked Sendable {
            let batch = DemoBatch()
            func execute(_ command: Command, reply: MessageSink) {
                guard case .commit = command else { return batch.execute(command, reply: reply) }
                Task.detached {
                    reply.send(.commitProgress(done: 3, total: 14))
                }
            }
        }
        let executor = SlowCommit()
        for row in executor.batch.rows where row.state == .needsReview {
            executor.batch.execute(.decide(.instance(row.id), .approve), reply: MessageSink())
        }
        for (id, list) in executor.batch.masks { executor.batch.masks[id] = list.map { var m = $0; m.status = .approved; return m } }
        let backend = InMemoryBackend(size: TerminalSize(width: 80, height: 24))
        let app = App(model: Model(size: backend.size, capabilities: backend.capabilities, reviewer: "alice"),
                      theme: .standard, backend: backend, executor: executor)
        app.start()
        backend.type([.character("c"), .character("y")])
        try app.step(timeoutMilliseconds: 0)
        try app.step(timeoutMilliseconds: 0)
        for _ in 0..<200 where app.model.overlay != .commit(.running(done: 3, total: 14)) {
            try await Task.sleep(for: .milliseconds(5))
            try app.step(timeoutMilliseconds: 0)
        }
        #expect(app.model.overlay == .commit(.running(done: 3, total: 14)))
        #expect(backend.screen.find("3/14") != nil)
    }
}
