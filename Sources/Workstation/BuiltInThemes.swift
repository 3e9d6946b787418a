/// The built-in themes; `Themes/*.toml` hold the same styles as files to copy and edit.
extension Theme {
    private static func s(_ fg: TerminalColor = .terminalDefault, _ bg: TerminalColor = .terminalDefault,
                          _ attributes: TextAttributes = []) -> CellStyle {
        CellStyle(foreground: fg, background: bg, attributes: attributes)
    }

    /// Dark background, 256 colours.
    public static let standard = Theme(name: "default", [
        .text: s(), .textDim: s(.indexed(245)), .title: s(.indexed(81), .terminalDefault, .bold),
        .border: s(.indexed(240)), .selection: s(.indexed(16), .indexed(180)), .warning: s(.indexed(214), .terminalDefault, .bold),
        .error: s(.indexed(196), .terminalDefault, .bold), .ok: s(.indexed(114)),
        .statusbar: s(.indexed(252), .indexed(236)), .statusbarKey: s(.indexed(222), .indexed(236), .bold),
        .statusbarMessage: s(.indexed(16), .indexed(214)),
        .tab: s(.indexed(250), .indexed(238)), .tabActive: s(.indexed(16), .indexed(81), .bold),
        .banner: s(.indexed(16), .indexed(214), .bold), .dialog: s(.indexed(252), .indexed(235)),
        .progress: s(.indexed(114), .indexed(238)), .search: s(.indexed(16), .indexed(226)),
        .stateNeedsReview: s(.indexed(214), .terminalDefault, .bold), .stateApproved: s(.indexed(114)),
        .stateRejected: s(.indexed(203)), .stateOverridden: s(.indexed(177)), .stateClean: s(.indexed(245)),
        .stateFailed: s(.indexed(196), .terminalDefault, .bold),
        .findingPHI: s(.indexed(196), .terminalDefault, .bold), .findingDate: s(.indexed(214), .terminalDefault, .bold),
        .findingID: s(.indexed(201), .terminalDefault, .bold), .findingText: s(.indexed(45)),
        .maskProposed: s(.indexed(226)), .maskApproved: s(.indexed(46), .terminalDefault, .bold),
        .maskManual: s(.indexed(51), .terminalDefault, .bold), .maskRejected: s(.indexed(240)),
        .diffRemoved: s(.indexed(203)), .diffChanged: s(.indexed(221)), .diffKept: s(.indexed(250)),
        .diffRetained: s(.indexed(16), .indexed(208), .bold), .identity: s(.indexed(196), .terminalDefault, [.bold, .underline]),
        .helpKey: s(.indexed(222), .terminalDefault, .bold),
    ])

    /// Basic colours and heavy attributes for low vision and poor displays.
    public static let highContrast = Theme(name: "high-contrast", [
        .text: s(.indexed(15)), .textDim: s(.indexed(7)), .title: s(.indexed(15), .terminalDefault, [.bold, .underline]),
        .border: s(.indexed(15)), .selection: s(.indexed(0), .indexed(11), .bold), .warning: s(.indexed(11), .terminalDefault, .bold),
        .error: s(.indexed(15), .indexed(9), .bold), .ok: s(.indexed(10), .terminalDefault, .bold),
        .statusbar: s(.indexed(0), .indexed(15)), .statusbarKey: s(.indexed(0), .indexed(15), [.bold, .underline]),
        .statusbarMessage: s(.indexed(0), .indexed(11), .bold),
        .tab: s(.indexed(15), .indexed(0)), .tabActive: s(.indexed(0), .indexed(15), .bold),
        .banner: s(.indexed(0), .indexed(11), .bold), .dialog: s(.indexed(15), .indexed(0)),
        .progress: s(.indexed(0), .indexed(10), .bold), .search: s(.indexed(0), .indexed(14), .bold),
        .stateNeedsReview: s(.indexed(11), .terminalDefault, .bold), .stateApproved: s(.indexed(10), .terminalDefault, .bold),
        .stateRejected: s(.indexed(9), .terminalDefault, .bold), .stateOverridden: s(.indexed(13), .terminalDefault, .bold),
        .stateClean: s(.indexed(15)), .stateFailed: s(.indexed(15), .indexed(9), .bold),
        .findingPHI: s(.indexed(9), .terminalDefault, .bold), .findingDate: s(.indexed(11), .terminalDefault, .bold),
        .findingID: s(.indexed(13), .terminalDefault, .bold), .findingText: s(.indexed(14), .terminalDefault, .bold),
        .maskProposed: s(.indexed(11), .terminalDefault, .bold), .maskApproved: s(.indexed(10), .terminalDefault, .bold),
        .maskManual: s(.indexed(14), .terminalDefault, .bold), .maskRejected: s(.indexed(7)),
        .diffRemoved: s(.indexed(9), .terminalDefault, .bold), .diffChanged: s(.indexed(11), .terminalDefault, .bold),
        .diffKept: s(.indexed(15)), .diffRetained: s(.indexed(0), .indexed(11), [.bold, .underline]),
        .identity: s(.indexed(15), .indexed(9), .bold), .helpKey: s(.indexed(11), .terminalDefault, .bold),
    ])

    /// For light terminal backgrounds.
    public static let light = Theme(name: "light", [
        .text: s(), .textDim: s(.indexed(243)), .title: s(.indexed(25), .terminalDefault, .bold),
        .border: s(.indexed(248)), .selection: s(.indexed(16), .indexed(153)), .warning: s(.indexed(130), .terminalDefault, .bold),
        .error: s(.indexed(160), .terminalDefault, .bold), .ok: s(.indexed(28)),
        .statusbar: s(.indexed(235), .indexed(252)), .statusbarKey: s(.indexed(25), .indexed(252), .bold),
        .statusbarMessage: s(.indexed(231), .indexed(130)),
        .tab: s(.indexed(238), .indexed(253)), .tabActive: s(.indexed(231), .indexed(25), .bold),
        .banner: s(.indexed(231), .indexed(130), .bold), .dialog: s(.indexed(235), .indexed(255)),
        .progress: s(.indexed(28), .indexed(252)), .search: s(.indexed(16), .indexed(229)),
        .stateNeedsReview: s(.indexed(130), .terminalDefault, .bold), .stateApproved: s(.indexed(28)),
        .stateRejected: s(.indexed(160)), .stateOverridden: s(.indexed(91)), .stateClean: s(.indexed(243)),
        .stateFailed: s(.indexed(160), .terminalDefault, .bold),
        .findingPHI: s(.indexed(160), .terminalDefault, .bold), .findingDate: s(.indexed(130), .terminalDefault, .bold),
        .findingID: s(.indexed(127), .terminalDefault, .bold), .findingText: s(.indexed(31)),
        .maskProposed: s(.indexed(136)), .maskApproved: s(.indexed(28), .terminalDefault, .bold),
        .maskManual: s(.indexed(25), .terminalDefault, .bold), .maskRejected: s(.indexed(248)),
        .diffRemoved: s(.indexed(160)), .diffChanged: s(.indexed(130)), .diffKept: s(.indexed(238)),
        .diffRetained: s(.indexed(231), .indexed(166), .bold), .identity: s(.indexed(160), .terminalDefault, [.bold, .underline]),
        .helpKey: s(.indexed(25), .terminalDefault, .bold),
    ])

    /// No colour at all: attributes only (used for NO_COLOR and terminals without colour).
    public static let monochrome = Theme(name: "monochrome", [
        .text: s(), .textDim: s(.terminalDefault, .terminalDefault, .dim), .title: s(.terminalDefault, .terminalDefault, .bold),
        .border: s(), .selection: s(.terminalDefault, .terminalDefault, .reverse), .warning: s(.terminalDefault, .terminalDefault, .bold),
        .error: s(.terminalDefault, .terminalDefault, [.bold, .underline]), .ok: s(),
        .statusbar: s(.terminalDefault, .terminalDefault, .reverse), .statusbarKey: s(.terminalDefault, .terminalDefault, [.reverse, .bold]),
        .statusbarMessage: s(.terminalDefault, .terminalDefault, [.reverse, .bold]),
        .tab: s(), .tabActive: s(.terminalDefault, .terminalDefault, [.reverse, .bold]),
        .banner: s(.terminalDefault, .terminalDefault, [.reverse, .bold]), .dialog: s(),
        .progress: s(.terminalDefault, .terminalDefault, .reverse), .search: s(.terminalDefault, .terminalDefault, .underline),
        .stateNeedsReview: s(.terminalDefault, .terminalDefault, .bold), .stateApproved: s(),
        .stateRejected: s(.terminalDefault, .terminalDefault, .underline), .stateOverridden: s(.terminalDefault, .terminalDefault, .underline),
        .stateClean: s(.terminalDefault, .terminalDefault, .dim), .stateFailed: s(.terminalDefault, .terminalDefault, [.bold, .underline]),
        .findingPHI: s(.terminalDefault, .terminalDefault, .bold), .findingDate: s(.terminalDefault, .terminalDefault, .bold),
        .findingID: s(.terminalDefault, .terminalDefault, .bold), .findingText: s(),
        .maskProposed: s(), .maskApproved: s(.terminalDefault, .terminalDefault, .bold),
        .maskManual: s(.terminalDefault, .terminalDefault, [.bold, .underline]), .maskRejected: s(.terminalDefault, .terminalDefault, .dim),
        .diffRemoved: s(.terminalDefault, .terminalDefault, .underline), .diffChanged: s(.terminalDefault, .terminalDefault, .bold),
        .diffKept: s(), .diffRetained: s(.terminalDefault, .terminalDefault, [.reverse, .bold]),
        .identity: s(.terminalDefault, .terminalDefault, [.bold, .underline]), .helpKey: s(.terminalDefault, .terminalDefault, .bold),
    ])
}
