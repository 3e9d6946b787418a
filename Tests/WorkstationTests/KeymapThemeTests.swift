import Foundation
import Testing
@testable import Workstation

/// Keymap and theme files: overrides on top of the defaults, validated, errors naming file and line.
@Suite struct KeymapThemeTests {
    @Test func defaultKeymapHasNoConflictsAndEveryActionHasKeysAndHelp() {
        #expect(Keymap.defaults.conflicts().isEmpty)
        for action in Action.allCases {
            #expect(!Keymap.defaults.keys(for: action).isEmpty, "\(action)")
            #expect(!action.help.isEmpty)
        }
    }

    @Test func keyNamesRoundTrip() {
        let names = ["a", "A", "?", "Space", "Up", "S-Up", "S-Right", "Enter", "Esc", "Tab", "S-Tab", "Backspace", "Del",
                     "Home", "End", "PgUp", "PgDn", "C-x", "F1", "F12", "[", "é"]
        for name in names {
            #expect(Key(name: name)?.name == name, "\(name)")
        }
        #expect(Key(name: "ctrl-x") == nil)
        #expect(Key(name: "F13") == nil)
        #expect(Key(name: "") == nil)
    }

    @Test func overridesReplaceOnlyTheNamedActions() throws {
        let text = """
        # mine
        [keys]
        approve = ["w", "F5"]
        quit = "Q"
        """
        let keymap = try Keymap.defaults.applying(toml: text, file: "keymap.toml")
        #expect(keymap.keys(for: .approve) == [.character("w"), .function(5)])
        #expect(keymap.keys(for: .quit) == [.character("Q")])
        #expect(keymap.keys(for: .reject) == [.character("x")])
        // Enter is global "open" too, in the same context: that is a conflict.
        #expect(throws: ConfigError.self) { _ = try Keymap.defaults.applying(toml: "[keys]\napprove = [\"Enter\"]\n", file: "k") }
    }

    @Test func keymapErrorsNameTheFileAndLine() {
        func error(_ text: String) -> ConfigError? {
            do {
                _ = try Keymap.defaults.applying(toml: text, file: "/home/u/.config/dcmveil/keymap.toml")
                return nil
            } catch {
                return error
            }
        }
        let unknownAction = error("[keys]\napprove = [\"a\"]\n\naprove = [\"b\"]\n")
        #expect(unknownAction?.line == 4)
        #expect(unknownAction?.file == "/home/u/.config/dcmveil/keymap.toml")
        #expect(unknownAction?.message.contains("unknown action 'aprove'") == true)
        #expect(unknownAction?.description.hasPrefix("/home/u/.config/dcmveil/keymap.toml:4: ") == true)

        let unknownKey = error("[keys]\n# comment\nquit = [\"q\", \"Ctrl+Q\"]\n")
        #expect(unknownKey?.line == 3)
        #expect(unknownKey?.message.contains("unknown key 'Ctrl+Q'") == true)

        let badTOML = error("[keys]\nquit = [\"q\"\n")
        #expect(badTOML?.line != nil)
        #expect(badTOML?.message.hasPrefix("not valid TOML") == true)

        let conflict = error("[keys]\nhelp = [\"?\"]\nreject = [\"a\"]\n")
        #expect(conflict?.line == 3)
        #expect(conflict?.message == "key 'a' is bound to both 'approve' and 'reject'")

        let topLevel = error("approve = [\"a\"]\n")
        #expect(topLevel?.line == 1)

        let notStrings = error("[keys]\n\nquit = [1]\n")
        #expect(notStrings?.line == 3)
    }

    @Test func helpIsGeneratedFromTheKeymap() throws {
        var keymap = Keymap.defaults
        keymap.bind(.approve, to: [.character("y"), .function(5)])
        let lines = helpLines(keymap)
        #expect(lines.first == .heading("Everywhere"))
        #expect(lines.contains(.binding(keys: "y F5", help: Action.approve.help)))
        #expect(lines.contains(.heading("Pixel view")))
        let bindings = lines.filter { if case .binding = $0 { return true } else { return false } }
        #expect(bindings.count == Action.allCases.count)
        // The overlay shows the rebound keys.
        var (model, batch) = filledModel(width: 160, height: 48)
        model.keymap = keymap
        _ = drive(&model, batch, keys("?", "J"))
        let buffer = rendered(model)
        let row = try #require(buffer.find("approve the instance, or the selected mask"))
        #expect(buffer.line(row.y).contains("y F5"))
    }

    @Test func builtInThemesMatchTheThemeFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in Theme.builtInNames {
            let path = root.appendingPathComponent("Themes/\(name).toml").path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let loaded = try Theme(name: "blank").applying(toml: text, file: path)
            #expect(loaded == Theme.builtIn(name), "\(name)")
        }
    }

    @Test func everyBuiltInThemeStylesEveryRoleDistinctlyWhereItMatters() throws {
        for name in Theme.builtInNames {
            let theme = try #require(Theme.builtIn(name))
            #expect(theme[.selection] != theme[.text], "\(name)")
            #expect(theme[.maskProposed] != theme[.maskApproved], "\(name)")
            #expect(theme[.maskApproved] != theme[.maskManual], "\(name)")
            #expect(theme[.diffRemoved] != theme[.diffKept], "\(name)")
        }
        for style in [Theme.monochrome[.selection], Theme.monochrome[.findingPHI], Theme.monochrome[.statusbar]] {
            #expect(style.foreground == .terminalDefault && style.background == .terminalDefault)
        }
    }

    @Test func userThemeOverridesOnlyTheRolesItNames() throws {
        let text = """
        [selection]
        fg = "#000000"
        bg = "bright-yellow"
        bold = true

        [finding.phi]
        fg = "196"
        underline = true
        """
        let theme = try Theme.standard.applying(toml: text, file: "theme.toml")
        #expect(theme[.selection] == CellStyle(foreground: .rgb(0, 0, 0), background: .indexed(11), attributes: .bold))
        #expect(theme[.findingPHI] == CellStyle(foreground: .indexed(196), attributes: .underline))
        #expect(theme[.maskApproved] == Theme.standard[.maskApproved])
        // Quoted dotted names work as well as nested tables.
        let quoted = try Theme.standard.applying(toml: "[\"mask.manual\"]\nfg = \"cyan\"\n", file: "t")
        #expect(quoted[.maskManual] == CellStyle(foreground: .indexed(6)))
    }

    @Test func themeErrorsNameTheFileAndLine() {
        func error(_ text: String) -> ConfigError? {
            do {
                _ = try Theme.standard.applying(toml: text, file: "theme.toml")
                return nil
            } catch {
                return error
            }
        }
        let unknownRole = error("[selection]\nfg = \"red\"\n\n[finding.ssn]\nfg = \"red\"\n")
        #expect(unknownRole?.line == 4)
        #expect(unknownRole?.message.hasPrefix("unknown role 'finding.ssn'") == true)
        let badColour = error("[selection]\nbold = true\nfg = \"reddish\"\n")
        #expect(badColour?.line == 3)
        #expect(badColour?.message.contains("bad colour for selection.fg") == true)
        let badAttribute = error("[warning]\nblink = true\n")
        #expect(badAttribute?.line == 2)
        let notBool = error("[finding]\n[finding.date]\nfg = \"red\"\nbold = \"yes\"\n")
        #expect(notBool?.line == 4)
        #expect(notBool?.message == "finding.date.bold must be true or false")
        let badTOML = error("[selection\nfg = 1\n")
        #expect(badTOML?.line == 1)
    }

    @Test func configurationLoadsUserFilesFromTheDirectory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dcmveil-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Configuration.keymap(directory: dir.path) == .defaults)
        try "[keys]\nquit = [\"Q\"]\n".write(to: dir.appendingPathComponent("keymap.toml"), atomically: true, encoding: .utf8)
        try "[statusbar]\nreverse = true\n".write(to: dir.appendingPathComponent("theme.toml"), atomically: true, encoding: .utf8)
        #expect(try Configuration.keymap(directory: dir.path).keys(for: .quit) == [.character("Q")])
        let theme = try Configuration.theme(named: "light", directory: dir.path)
        #expect(theme[.statusbar] == CellStyle(attributes: .reverse))
        #expect(theme[.selection] == Theme.light[.selection])
        #expect(throws: ConfigError.self) { _ = try Configuration.theme(named: "solarized", directory: nil) }
        #expect(Configuration.userDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.config/dcmveil")
        #expect(Configuration.userDirectory(environment: ["HOME": "/home/u", "XDG_CONFIG_HOME": "/x"]) == "/x/dcmveil")
    }

    @Test func writeThemeFilesWhenAsked() throws {
        // DCMVEIL_WRITE_THEMES=1 regenerates Themes/*.toml from the built-in themes.
        guard ProcessInfo.processInfo.environment["DCMVEIL_WRITE_THEMES"] == "1" else { return }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in Theme.builtInNames {
            try Theme.builtIn(name)!.toml().write(to: root.appendingPathComponent("Themes/\(name).toml"), atomically: true, encoding: .utf8)
        }
    }
}
