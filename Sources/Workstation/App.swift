import Foundation

/// A terminal the app draws on and reads from: ncurses in `Terminal`, or `InMemoryBackend`.
public protocol TerminalBackend: AnyObject {
    /// The current size in cells.
    var size: TerminalSize { get }
    /// What the terminal can show.
    var capabilities: TerminalCapabilities { get }
    /// True when no more input will come (the in-memory script ran out, or input closed).
    var isClosed: Bool { get }
    /// Shows a buffer, writing only what changed since the last one.
    func draw(_ buffer: CellBuffer) throws
    /// The next input event, waiting at most `timeoutMilliseconds`; nil on timeout.
    func readEvent(timeoutMilliseconds: Int) throws -> Event?
}

/// Performs commands (store queries, engine work, commits) and answers with messages through the sink,
/// at once or later from another thread.
public protocol CommandExecutor: AnyObject {
    func execute(_ command: Command, reply: MessageSink)
}

/// A thread-safe queue of messages from the executor to the app loop.
public final class MessageSink: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [Message] = []

    public init() {}

    /// Queues a message; safe from any thread.
    public func send(_ message: Message) {
        lock.lock()
        queue.append(message)
        lock.unlock()
    }

    /// Takes every queued message.
    public func drain() -> [Message] {
        lock.lock()
        defer { lock.unlock() }
        let out = queue
        queue.removeAll(keepingCapacity: true)
        return out
    }

    var isEmpty: Bool {
        lock.lock()
        defer { lock.unlock() }
        return queue.isEmpty
    }
}

/// The app loop: input and executor answers become messages, `update` turns them into a model and
/// commands, the executor runs the commands, and `render` draws the model on the backend.
public final class App {
    public private(set) var model: Model
    public let theme: Theme
    public let backend: TerminalBackend
    public let executor: CommandExecutor
    public let sink = MessageSink()
    private var buffer: CellBuffer
    private var dirty = true
    /// Every command executed, in order (what a test or a log can inspect).
    public private(set) var executed: [Command] = []
    /// How long the last render and draw took.
    public private(set) var lastFrameDuration: Duration = .zero

    public init(model: Model, theme: Theme, backend: TerminalBackend, executor: CommandExecutor) {
        var m = model
        m.size = backend.size
        m.capabilities = backend.capabilities
        self.model = m
        self.theme = theme
        self.backend = backend
        self.executor = executor
        buffer = CellBuffer(width: m.size.width, height: m.size.height)
    }

    /// Opens the workstation on a backend and runs it until the user quits or input ends.
    /// Returns the final model. The caller restores the terminal (the curses backend's `close`).
    @discardableResult
    public static func run(backend: TerminalBackend, executor: CommandExecutor, reviewer: String,
                           theme: Theme = .standard, keymap: Keymap = .defaults) throws -> Model {
        let chosen = backend.capabilities.colorDepth == .monochrome ? Theme.monochrome : theme
        let model = Model(size: backend.size, capabilities: backend.capabilities, keymap: keymap, reviewer: reviewer)
        let app = App(model: model, theme: chosen, backend: backend, executor: executor)
        try app.run()
        return app.model
    }

    /// Issues the start commands, then loops until quit.
    public func run() throws {
        start()
        while !model.quitRequested {
            if !(try step(timeoutMilliseconds: 100)) { break }
        }
    }

    /// Issues the commands that fill the model (summary, first page).
    public func start() {
        execute(model.start())
    }

    /// One turn of the loop: handle queued answers, draw if anything changed, then wait for one
    /// input event. Returns false once the user quit or the backend has no more input.
    @discardableResult
    public func step(timeoutMilliseconds: Int) throws -> Bool {
        processQueued()
        if model.quitRequested { return false }
        if dirty { try redraw() }
        if backend.isClosed && sink.isEmpty { return false }
        if let event = try backend.readEvent(timeoutMilliseconds: sink.isEmpty ? timeoutMilliseconds : 0) {
            send(Self.message(for: event))
        }
        processQueued()
        if dirty && !model.quitRequested { try redraw() }
        return !model.quitRequested
    }

    /// Applies a message now and executes its commands.
    public func send(_ message: Message) {
        let commands = model.apply(message)
        dirty = true
        execute(commands)
    }

    /// Draws the model now.
    public func redraw() throws {
        let clock = ContinuousClock()
        let started = clock.now
        render(model, into: &buffer, theme: theme)
        try backend.draw(buffer)
        lastFrameDuration = clock.now - started
        dirty = false
    }

    /// The buffer last drawn.
    public var lastBuffer: CellBuffer { buffer }

    private func execute(_ commands: [Command]) {
        for command in commands {
            executed.append(command)
            executor.execute(command, reply: sink)
        }
    }

    private func processQueued() {
        // Answers may cause commands whose answers arrive at once; bound the rounds.
        for _ in 0..<64 {
            let messages = sink.drain()
            if messages.isEmpty { return }
            for message in messages { send(message) }
        }
    }

    static func message(for event: Event) -> Message {
        switch event {
        case .key(let key): return .key(key)
        case .mouse(let mouse): return .mouse(mouse)
        case .resize(let size): return .resize(size)
        }
    }
}
