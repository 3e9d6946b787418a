/// A terminal held in memory: it keeps the screen as the diffs left it and plays scripted input.
/// Tests and benchmarks drive the whole app loop with it.
public final class InMemoryBackend: TerminalBackend {
    public private(set) var size: TerminalSize
    public var capabilities: TerminalCapabilities
    /// What the terminal shows now.
    public private(set) var screen: CellBuffer
    /// Buffers drawn so far.
    public private(set) var frames = 0
    /// Cells written by the last draw (only changed cells are written).
    public private(set) var cellsWrittenLastFrame = 0
    /// Images placed by the last draw that changed them.
    public private(set) var placedImages: [ImagePlacement] = []
    private var previous: CellBuffer?
    private var script: [Event]

    public init(size: TerminalSize, capabilities: TerminalCapabilities = TerminalCapabilities(colorDepth: .palette256, mouse: true),
                events: [Event] = []) {
        self.size = size
        self.capabilities = capabilities
        screen = CellBuffer(width: size.width, height: size.height)
        script = events
    }

    /// Adds input to the script.
    public func enqueue(_ events: [Event]) { script.append(contentsOf: events) }

    /// Adds key presses to the script.
    public func type(_ keys: [Key]) { script.append(contentsOf: keys.map { .key($0) }) }

    public var isClosed: Bool { script.isEmpty }

    public func draw(_ buffer: CellBuffer) throws {
        if screen.width != buffer.width || screen.height != buffer.height {
            screen.resize(width: buffer.width, height: buffer.height)
        }
        cellsWrittenLastFrame = buffer.forEachChange(from: previous) { x, y, cell in
            screen.setCell(x: x, y: y, cell)
            if cell.width == 2 { screen.setCell(x: x + 1, y: y, .continuation(cell.style)) }
        }
        if buffer.images != (previous?.images ?? []) { placedImages = buffer.images }
        previous = buffer
        frames += 1
    }

    public func readEvent(timeoutMilliseconds: Int) throws -> Event? {
        guard !script.isEmpty else { return nil }
        let event = script.removeFirst()
        if case .resize(let newSize) = event { size = newSize }
        return event
    }
}
