import Foundation

/// Loads the theme and keymap: built-in defaults, then the user's overrides from
/// `~/.config/dcmveil/theme.toml` and `keymap.toml` (or `$XDG_CONFIG_HOME/dcmveil/`).
public enum Configuration {
    /// The user's configuration folder.
    public static func userDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/dcmveil" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.config/dcmveil"
    }

    /// The theme: a built-in name or a path to a theme file, then `theme.toml` in `directory` if present.
    public static func theme(named name: String, directory: String?) throws(ConfigError) -> Theme {
        var theme: Theme
        if let builtIn = Theme.builtIn(name) {
            theme = builtIn
        } else if name.hasSuffix(".toml") {
            theme = try Theme.standard.applying(toml: try read(name), file: name)
        } else {
            throw ConfigError(file: name, line: nil,
                              message: "unknown theme; use one of \(Theme.builtInNames.joined(separator: ", ")) or a path to a .toml file")
        }
        if let directory {
            let path = directory + "/theme.toml"
            if FileManager.default.fileExists(atPath: path) {
                theme = try theme.applying(toml: try read(path), file: path)
            }
        }
        return theme
    }

    /// The keymap: the defaults, then `keymap.toml` in `directory` if present.
    public static func keymap(directory: String?) throws(ConfigError) -> Keymap {
        guard let directory else { return .defaults }
        let path = directory + "/keymap.toml"
        guard FileManager.default.fileExists(atPath: path) else { return .defaults }
        return try Keymap.defaults.applying(toml: try read(path), file: path)
    }

    static func read(_ path: String) throws(ConfigError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, line: nil, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: nil, message: "not UTF-8 text")
        }
        return text
    }
}
