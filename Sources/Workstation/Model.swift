import DicomCore

/// The four screens, switched with 1–4.
public enum Screen: Int, CaseIterable, Hashable, Sendable {
    case overview, browser, tagDiff, pixels

    public var title: String {
        switch self {
        case .overview: return "Overview"
        case .browser: return "Browser"
        case .tagDiff: return "Tag diff"
        case .pixels: return "Pixels"
        }
    }

    var context: KeyContext {
        switch self {
        case .overview: return .global
        case .browser: return .browser
        case .tagDiff: return .tagDiff
        case .pixels: return .pixel
        }
    }
}

/// How many colours the terminal shows.
public enum ColorDepth: Int, Comparable, Hashable, Sendable {
    case monochrome, basic8, palette256, trueColor
    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }
}

/// What the terminal can do, as the backend found out.
public struct TerminalCapabilities: Hashable, Sendable {
    public var colorDepth: ColorDepth
    public var mouse: Bool
    public var kittyGraphics: Bool
    public init(colorDepth: ColorDepth, mouse: Bool = false, kittyGraphics: Bool = false) {
        self.colorDepth = colorDepth
        self.mouse = mouse
        self.kittyGraphics = kittyGraphics
    }
}

/// How the pixel view draws a frame.
public enum PixelMode: String, CaseIterable, Hashable, Sendable {
    /// Characters of increasing density: works on any terminal.
    case ascii
    /// `▀` half-blocks, two pixel rows per cell, in the 256-colour grey ramp.
    case halfBlock256 = "half-block-256"
    /// `▀` half-blocks in 24-bit grey.
    case halfBlockTrueColor = "half-block-24bit"
    /// The kitty graphics protocol: a real PNG placed over the area.
    case kitty

    /// The modes a terminal can show, simplest first.
    public static func available(for capabilities: TerminalCapabilities) -> [PixelMode] {
        var modes: [PixelMode] = [.ascii]
        if capabilities.colorDepth >= .palette256 { modes.append(.halfBlock256) }
        if capabilities.colorDepth >= .trueColor { modes.append(.halfBlockTrueColor) }
        if capabilities.kittyGraphics { modes.append(.kitty) }
        return modes
    }

    /// The best mode a terminal can show.
    public static func best(for capabilities: TerminalCapabilities) -> PixelMode {
        available(for: capabilities).last ?? .ascii
    }
}

/// The browser's list: pages of rows of the current query, a cursor and a scroll position.
public struct BrowserState: Hashable, Sendable {
    /// Rows per `loadPage`.
    public static let pageSize = 200
    /// Pages kept in memory; the farthest from the cursor go first.
    public static let maxPages = 16

    public var query = InstanceQuery()
    /// Rows in the query's list; nil until the first page arrives.
    public var total: Int?
    public var pages: [Int: [InstanceRow]] = [:]
    public var requestedPages: Set<Int> = []
    /// Index of the selected instance in the query's list.
    public var cursor = 0
    /// Index of the first instance shown.
    public var scrollTop = 0
    /// Identities revealed this session, by patient pseudonym.
    public var revealed: [String: RevealedIdentity] = [:]

    public init() {}

    /// The row at an index, when its page is loaded.
    public func row(at index: Int) -> InstanceRow? {
        guard index >= 0, let page = pages[index / Self.pageSize] else { return nil }
        let i = index % Self.pageSize
        return i < page.count ? page[i] : nil
    }

    /// The selected row, when loaded.
    public var selected: InstanceRow? { row(at: cursor) }
}

/// A line of the browser tree.
public enum BrowserLine: Hashable, Sendable {
    case patient(InstanceRow)
    case study(InstanceRow)
    case series(InstanceRow)
    case instance(Int, InstanceRow)
    case loading(Int)
}

/// The tag diff of one instance.
public struct TagDiffState: Hashable, Sendable {
    public var instance: InstanceID?
    public var rows: [TagDiffRow] = []
    public var loading = false
    public var onlyChanged = false
    /// Indices (into `rows`) of folded sequences.
    public var folded: Set<Int> = []
    /// Position in `visibleRows()`.
    public var cursor = 0
    public var scrollTop = 0

    public init() {}

    /// Indices of the rows shown: folded sequences hide their items; only-changed hides unchanged
    /// elements but keeps a sequence that holds a change.
    public func visibleRows() -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(rows.count)
        var hideDeeperThan: Int?
        var i = 0
        while i < rows.count {
            let row = rows[i]
            if let limit = hideDeeperThan {
                if row.depth > limit { i += 1; continue }
                hideDeeperThan = nil
            }
            var show = true
            if onlyChanged {
                if row.isSequence {
                    show = row.changed || subtreeHasChange(i)
                } else {
                    show = row.changed || !row.retainedTextHits.isEmpty
                }
            }
            if show { out.append(i) }
            if row.isSequence && (folded.contains(i) || !show) { hideDeeperThan = row.depth }
            i += 1
        }
        return out
    }

    private func subtreeHasChange(_ index: Int) -> Bool {
        let depth = rows[index].depth
        var j = index + 1
        while j < rows.count && rows[j].depth > depth {
            if rows[j].changed || !rows[j].retainedTextHits.isEmpty { return true }
            j += 1
        }
        return false
    }
}

/// What is selected in the pixel view.
public enum PixelSelection: Hashable, Sendable {
    case finding(Int)
    case mask(MaskID)
}

/// A mask being drawn or edited, in image pixels.
public struct MaskDraft: Hashable, Sendable {
    /// The mask being edited; nil for a new mask.
    public var editing: MaskID?
    public var rect: PixelRect
    /// Arrows resize instead of move.
    public var resizing: Bool
    public init(editing: MaskID?, rect: PixelRect, resizing: Bool = false) {
        self.editing = editing
        self.rect = rect
        self.resizing = resizing
    }
}

/// The pixel view of one instance.
public struct PixelState: Hashable, Sendable {
    public var instance: InstanceID?
    public var frame = 0
    public var frameCount = 1
    /// The window asked for; nil means the instance's default.
    public var windowLevel: WindowLevel?
    public var image: FrameImage?
    /// The request whose answer is shown, and the latest one asked.
    public var shown: FrameRequest?
    public var pending: FrameRequest?
    public var findings: [FindingBox] = []
    public var masks: [MaskBox] = []
    public var mode: PixelMode = .ascii
    /// Shows the masked result instead of the original.
    public var showMasked = false
    public var zoom: PixelRect?
    public var selection: PixelSelection?
    public var draft: MaskDraft?
    /// Where a mouse drag started, in image pixels.
    public var dragAnchor: PixelPoint?
    /// Bumped on each new image, so the kitty backend knows when to resend.
    public var imageSerial = 0

    public init() {}

    /// Findings on the current frame, with their index in `findings`.
    public var frameFindings: [(Int, FindingBox)] {
        findings.enumerated().filter { $0.element.frame == frame }.map { ($0.offset, $0.element) }
    }

    /// Masks on the current frame.
    public var frameMasks: [MaskBox] { masks.filter { $0.frame == frame } }

    /// The selected mask, if a mask is selected.
    public var selectedMask: MaskBox? {
        if case .mask(let id)? = selection { return masks.first { $0.id == id } }
        return nil
    }
}

/// A point in image pixels.
public struct PixelPoint: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// A one-line text prompt at the bottom of the screen.
public struct Prompt: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Incremental search; `origin` is where the cursor was, restored on Esc.
        case search(origin: Int)
        case overrideReason(InstanceID)
    }
    public var kind: Kind
    public var text: String
    public init(kind: Kind, text: String = "") {
        self.kind = kind
        self.text = text
    }

    var label: String {
        switch kind {
        case .search: return "Search: "
        case .overrideReason: return "Override reason: "
        }
    }
}

/// The commit dialog's stage.
public enum CommitStage: Hashable, Sendable {
    case confirm
    case running(done: Int, total: Int)
    case finished(CommitReceipt)
    case failed(String)
}

/// What covers the screen.
public enum Overlay: Hashable, Sendable {
    case help(scroll: Int)
    case commit(CommitStage)
}

/// A transient line in the status bar.
public struct StatusMessage: Hashable, Sendable {
    public var text: String
    public var isError: Bool
    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// Everything the workstation shows; changed only by `update`.
public struct Model: Equatable, Sendable {
    public var size: TerminalSize
    public var capabilities: TerminalCapabilities
    public var keymap: Keymap
    public var reviewer: String
    public var screen: Screen = .overview
    public var overlay: Overlay?
    public var prompt: Prompt?
    public var summary: BatchSummary?
    public var browser = BrowserState()
    public var tagDiff = TagDiffState()
    public var pixel = PixelState()
    public var status: StatusMessage?
    /// Set by the quit key; the runner stops.
    public var quitRequested = false

    public init(size: TerminalSize, capabilities: TerminalCapabilities, keymap: Keymap = .defaults, reviewer: String) {
        self.size = size
        self.capabilities = capabilities
        self.keymap = keymap
        self.reviewer = reviewer
        pixel.mode = PixelMode.best(for: capabilities)
    }

    /// The commands that fill a new model: the summary and the first page of the browser.
    public mutating func start() -> [Command] {
        browser.requestedPages.insert(0)
        return [.loadSummary, .loadPage(browser.query, offset: 0, limit: BrowserState.pageSize)]
    }

    /// Whether the single-person banner shows (a summary without roles).
    public var singlePerson: Bool { summary?.singlePerson ?? false }
}
