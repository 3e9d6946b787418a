import TOMLKit

/// A semantic role a view draws with; themes give each role a style.
public enum ThemeRole: String, CaseIterable, Hashable, Sendable {
    case text, textDim = "text.dim", title, border, selection, warning, error, ok
    case statusbar, statusbarKey = "statusbar.key", statusbarMessage = "statusbar.message"
    case tab, tabActive = "tab.active", banner, dialog, progress, search
    case stateNeedsReview = "state.needs-review", stateApproved = "state.approved", stateRejected = "state.rejected"
    case stateOverridden = "state.overridden", stateClean = "state.clean", stateFailed = "state.failed"
    case findingPHI = "finding.phi", findingDate = "finding.date", findingID = "finding.id", findingText = "finding.text"
    case maskProposed = "mask.proposed", maskApproved = "mask.approved", maskManual = "mask.manual", maskRejected = "mask.rejected"
    case diffRemoved = "diff.removed", diffChanged = "diff.changed", diffKept = "diff.kept", diffRetained = "diff.retained"
    case identity, helpKey = "help.key"
}

/// A style for every role.
public struct Theme: Sendable, Equatable {
    public var name: String
    private var styles: [CellStyle]

    /// A theme where every role has the plain style, then the given ones.
    public init(name: String, _ roles: [ThemeRole: CellStyle] = [:]) {
        self.name = name
        styles = Array(repeating: .plain, count: ThemeRole.allCases.count)
        for (role, style) in roles { self[role] = style }
    }

    private static let index: [ThemeRole: Int] = Dictionary(uniqueKeysWithValues: ThemeRole.allCases.enumerated().map { ($1, $0) })

    /// The style of a role.
    public subscript(role: ThemeRole) -> CellStyle {
        get { styles[Self.index[role] ?? 0] }
        set { styles[Self.index[role] ?? 0] = newValue }
    }

    /// The names of the built-in themes.
    public static let builtInNames = ["default", "high-contrast", "light", "monochrome"]

    /// A built-in theme by name.
    public static func builtIn(_ name: String) -> Theme? {
        switch name {
        case "default": return .standard
        case "high-contrast": return .highContrast
        case "light": return .light
        case "monochrome": return .monochrome
        default: return nil
        }
    }

    /// Applies a theme file's text: each table names a role (`[selection]`, `[finding.phi]`) and sets
    /// `fg`, `bg` (a colour name, `0`–`255` or `#rrggbb`) and `bold`, `reverse`, `underline`, `dim`.
    /// A role the file leaves out keeps this theme's style; a role it names starts from plain.
    public func applying(toml text: String, file: String) throws(ConfigError) -> Theme {
        let finder = TOMLLineFinder(text)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, line: error.source.begin.line, message: "not valid TOML: \(error.description)")
        } catch {
            throw ConfigError(file: file, line: nil, message: "not valid TOML: \(error)")
        }
        var result = self
        for (key, value) in table {
            if key == "name" {
                guard let s = value.string else {
                    throw ConfigError(file: file, line: finder.line(table: "", key: key), message: "'name' must be a string")
                }
                result.name = s
                continue
            }
            guard let sub = value.table else {
                throw ConfigError(file: file, line: finder.line(table: "", key: key),
                                  message: "unknown entry '\(key)'; roles are tables such as [selection]")
            }
            try Self.applyRoles(sub, path: key, to: &result, finder: finder, file: file)
        }
        return result
    }

    private static func applyRoles(_ table: TOMLTable, path: String, to theme: inout Theme,
                                   finder: TOMLLineFinder, file: String) throws(ConfigError) {
        // A table's plain values style the role named by its path; its sub-tables are roles below it
        // (`[statusbar]` and `[statusbar.key]`).
        var settings: [(String, TOMLValueConvertible)] = []
        for (key, value) in table {
            if let sub = value.table {
                try applyRoles(sub, path: path + "." + key, to: &theme, finder: finder, file: file)
            } else {
                settings.append((key, value))
            }
        }
        guard !settings.isEmpty || table.isEmpty else { return }
        guard let role = ThemeRole(rawValue: path) else {
            throw ConfigError(file: file, line: finder.line(table: path, key: nil) ?? finder.line(table: "", key: path),
                              message: "unknown role '\(path)' (roles: \(ThemeRole.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var style = CellStyle.plain
        for (key, value) in settings {
            let line = finder.line(table: path, key: key)
            switch key {
            case "fg", "bg":
                guard let s = value.string, let color = TerminalColor(parsing: s) else {
                    throw ConfigError(file: file, line: line,
                                      message: "bad colour for \(path).\(key): use a name (red, bright-blue, default), 0–255 or #rrggbb")
                }
                if key == "fg" { style.foreground = color } else { style.background = color }
            default:
                guard let attribute = TextAttributes.names.first(where: { $0.0 == key })?.1 else {
                    throw ConfigError(file: file, line: line,
                                      message: "unknown setting '\(key)' in [\(path)] (fg, bg, bold, reverse, underline, dim)")
                }
                guard let on = value.bool else {
                    throw ConfigError(file: file, line: line, message: "\(path).\(key) must be true or false")
                }
                if on { style.attributes.insert(attribute) }
            }
        }
        theme[role] = style
    }

    /// The theme as TOML text, every role written out (the form of the files in `Themes/`).
    public func toml() -> String {
        var out = "# dcmveil theme. Roles are tables; fg and bg take a colour name, 0-255 or #rrggbb;\n"
        out += "# bold, reverse, underline and dim take true or false.\n"
        out += "name = \"\(name)\"\n"
        for role in ThemeRole.allCases {
            let style = self[role]
            out += "\n[\(role.rawValue)]\n"
            if style.foreground != .terminalDefault { out += "fg = \"\(style.foreground.name)\"\n" }
            if style.background != .terminalDefault { out += "bg = \"\(style.background.name)\"\n" }
            for (attrName, attribute) in TextAttributes.names where style.attributes.contains(attribute) {
                out += "\(attrName) = true\n"
            }
        }
        return out
    }
}
