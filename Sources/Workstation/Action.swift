/// Where an action's keys apply. Global keys work everywhere unless a more specific context
/// (the active screen, or the mask editor inside the pixel view) binds the same key.
public enum KeyContext: String, CaseIterable, Hashable, Sendable {
    case global, browser, tagDiff = "tag-diff", pixel, maskEdit = "mask-edit"

    /// The heading the help overlay shows.
    public var title: String {
        switch self {
        case .global: return "Everywhere"
        case .browser: return "Browser"
        case .tagDiff: return "Tag diff"
        case .pixel: return "Pixel view"
        case .maskEdit: return "Mask editor (drawing or editing a mask)"
        }
    }
}

/// Everything a key can do. The raw value is the name used in `keymap.toml`.
public enum Action: String, CaseIterable, Hashable, Sendable {
    case showOverview = "show-overview", showBrowser = "show-browser", showTagDiff = "show-tag-diff", showPixels = "show-pixels"
    case help, quit, commit, search, back, open
    case moveUp = "move-up", moveDown = "move-down", moveLeft = "move-left", moveRight = "move-right"
    case moveUpFast = "move-up-fast", moveDownFast = "move-down-fast", moveLeftFast = "move-left-fast", moveRightFast = "move-right-fast"
    case pageUp = "page-up", pageDown = "page-down", top, bottom
    case nextNeedsReview = "next-needs-review"
    case approve, reject, approveSeries = "approve-series", rejectSeries = "reject-series"
    case approveStudy = "approve-study", rejectStudy = "reject-study", override
    case nextPendingEdit = "next-pending-edit", approveEdits = "approve-edits", rejectEdits = "reject-edits"
    case toggleNeedsReviewFilter = "filter-needs-review", cycleModalityFilter = "filter-modality"
    case cycleFindingFilter = "filter-finding", clearFilters = "clear-filters", revealIdentity = "reveal-identity"
    case toggleOnlyChanged = "only-changed", toggleFold = "toggle-fold"
    case windowNarrower = "window-narrower", windowWider = "window-wider", levelDown = "level-down", levelUp = "level-up"
    case resetWindow = "reset-window", nextFrame = "next-frame", previousFrame = "previous-frame"
    case cycleRenderMode = "render-mode", toggleBeforeAfter = "before-after", zoomToBox = "zoom-box", resetZoom = "reset-zoom"
    case nextBox = "next-box", previousBox = "previous-box"
    case drawMask = "draw-mask", editMask = "edit-mask", deleteMask = "delete-mask"
    case toggleResize = "toggle-resize"

    /// Where the action's keys apply.
    public var context: KeyContext {
        switch self {
        case .toggleNeedsReviewFilter, .cycleModalityFilter, .cycleFindingFilter, .clearFilters, .revealIdentity:
            return .browser
        case .toggleOnlyChanged, .toggleFold:
            return .tagDiff
        case .windowNarrower, .windowWider, .levelDown, .levelUp, .resetWindow, .nextFrame, .previousFrame,
             .cycleRenderMode, .toggleBeforeAfter, .zoomToBox, .resetZoom, .nextBox, .previousBox,
             .drawMask, .editMask, .deleteMask:
            return .pixel
        case .toggleResize:
            return .maskEdit
        default:
            return .global
        }
    }

    /// One line of help.
    public var help: String {
        switch self {
        case .showOverview: return "batch overview"
        case .showBrowser: return "browser: patient, study, series, instance"
        case .showTagDiff: return "tag diff of the selected instance"
        case .showPixels: return "pixel view of the selected instance"
        case .help: return "show or hide this help"
        case .quit: return "quit"
        case .commit: return "open the commit dialog"
        case .search: return "search the browser incrementally"
        case .back: return "close, cancel, deselect"
        case .open: return "open the selection, confirm"
        case .moveUp: return "move up (mask editor: move or grow up)"
        case .moveDown: return "move down"
        case .moveLeft: return "move left"
        case .moveRight: return "move right"
        case .moveUpFast: return "move up ×10"
        case .moveDownFast: return "move down ×10"
        case .moveLeftFast: return "move left ×10"
        case .moveRightFast: return "move right ×10"
        case .pageUp: return "page up"
        case .pageDown: return "page down"
        case .top: return "go to the first line"
        case .bottom: return "go to the last line"
        case .nextNeedsReview: return "jump to the next instance needing review"
        case .approve: return "approve the instance, or the selected mask"
        case .reject: return "reject the instance, or the selected mask"
        case .approveSeries: return "approve the whole series"
        case .rejectSeries: return "reject the whole series"
        case .approveStudy: return "approve the whole study"
        case .rejectStudy: return "reject the whole study"
        case .override: return "override the instance's findings, with a reason"
        case .nextPendingEdit: return "jump to the next instance with an edit awaiting a curator"
        case .approveEdits: return "curator: approve the others' pending edits on the instance"
        case .rejectEdits: return "curator: turn down the others' pending edits on the instance"
        case .toggleNeedsReviewFilter: return "show only instances needing review"
        case .cycleModalityFilter: return "filter by modality (cycles)"
        case .cycleFindingFilter: return "filter by finding class (cycles)"
        case .clearFilters: return "clear the filters"
        case .revealIdentity: return "reveal the original identity (logged)"
        case .toggleOnlyChanged: return "show only changed tags"
        case .toggleFold: return "fold or unfold a sequence"
        case .windowNarrower: return "narrower window (more contrast)"
        case .windowWider: return "wider window"
        case .levelDown: return "lower level (brighter)"
        case .levelUp: return "higher level (darker)"
        case .resetWindow: return "reset window/level"
        case .nextFrame: return "next frame"
        case .previousFrame: return "previous frame"
        case .cycleRenderMode: return "cycle drawing: ASCII, half-blocks, 24-bit, kitty"
        case .toggleBeforeAfter: return "before/after: the masked result"
        case .zoomToBox: return "zoom into the selected box"
        case .resetZoom: return "whole frame"
        case .nextBox: return "select the next box or mask"
        case .previousBox: return "select the previous box or mask"
        case .drawMask: return "draw a new mask (over the selected box)"
        case .editMask: return "move or resize the selected mask"
        case .deleteMask: return "delete the selected mask"
        case .toggleResize: return "switch between moving and resizing"
        }
    }

    /// The keys bound by default.
    public var defaultKeys: [Key] {
        switch self {
        case .showOverview: return [.character("1")]
        case .showBrowser: return [.character("2")]
        case .showTagDiff: return [.character("3")]
        case .showPixels: return [.character("4")]
        case .help: return [.character("?"), .function(1)]
        case .quit: return [.character("q")]
        case .commit: return [.character("c")]
        case .search: return [.character("/")]
        case .back: return [.escape]
        case .open: return [.enter]
        case .moveUp: return [.up, .character("k")]
        case .moveDown: return [.down, .character("j")]
        case .moveLeft: return [.left, .character("h")]
        case .moveRight: return [.right, .character("l")]
        case .moveUpFast: return [.shiftUp, .character("K")]
        case .moveDownFast: return [.shiftDown, .character("J")]
        case .moveLeftFast: return [.shiftLeft, .character("H")]
        case .moveRightFast: return [.shiftRight, .character("L")]
        case .pageUp: return [.pageUp, .control("u")]
        case .pageDown: return [.pageDown, .control("d")]
        case .top: return [.home, .character("g")]
        case .bottom: return [.end, .character("G")]
        case .nextNeedsReview: return [.character("n")]
        case .approve: return [.character("a")]
        case .reject: return [.character("x")]
        case .approveSeries: return [.character("A")]
        case .rejectSeries: return [.character("X")]
        case .approveStudy: return [.control("a")]
        case .rejectStudy: return [.control("x")]
        case .override: return [.character("o")]
        case .nextPendingEdit: return [.character("p")]
        case .approveEdits: return [.character("y")]
        case .rejectEdits: return [.character("Y")]
        case .toggleNeedsReviewFilter: return [.character("f")]
        case .cycleModalityFilter: return [.character("M")]
        case .cycleFindingFilter: return [.character("F")]
        case .clearFilters: return [.character("0")]
        case .revealIdentity: return [.character("R")]
        case .toggleOnlyChanged: return [.character("t")]
        case .toggleFold: return [.character(" ")]
        case .windowNarrower: return [.character("[")]
        case .windowWider: return [.character("]")]
        case .levelDown: return [.character("{")]
        case .levelUp: return [.character("}")]
        case .resetWindow: return [.character("=")]
        case .nextFrame: return [.character("."), .pageDown]
        case .previousFrame: return [.character(","), .pageUp]
        case .cycleRenderMode: return [.character("v")]
        case .toggleBeforeAfter: return [.character("b")]
        case .zoomToBox: return [.character("z")]
        case .resetZoom: return [.character("Z")]
        case .nextBox: return [.tab]
        case .previousBox: return [.backTab]
        case .drawMask: return [.character("m")]
        case .editMask: return [.character("e")]
        case .deleteMask: return [.character("d"), .delete]
        case .toggleResize: return [.character("r")]
        }
    }
}
