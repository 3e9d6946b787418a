import TOMLKit

/// The keys bound to each action. Defaults live in code; a user file holds only overrides.
public struct Keymap: Sendable, Equatable {
    /// The keys of every action, in the order help shows them.
    public private(set) var bindings: [Action: [Key]]
    private var lookup: [Key: [Action]] = [:]

    /// The built-in keymap.
    public static let defaults: Keymap = {
        var bindings: [Action: [Key]] = [:]
        for action in Action.allCases { bindings[action] = action.defaultKeys }
        return Keymap(bindings: bindings)
    }()

    init(bindings: [Action: [Key]]) {
        self.bindings = bindings
        rebuildLookup()
    }

    private mutating func rebuildLookup() {
        lookup = [:]
        for action in Action.allCases {
            for key in bindings[action] ?? [] { lookup[key, default: []].append(action) }
        }
    }

    /// The keys bound to `action`.
    public func keys(for action: Action) -> [Key] { bindings[action] ?? [] }

    /// Replaces the keys of one action.
    public mutating func bind(_ action: Action, to keys: [Key]) {
        bindings[action] = keys
        rebuildLookup()
    }

    /// The action `key` triggers when `contexts` are active, most specific first; nil when unbound.
    public func action(for key: Key, in contexts: [KeyContext]) -> Action? {
        guard let candidates = lookup[key] else { return nil }
        for context in contexts {
            if let hit = candidates.first(where: { $0.context == context }) { return hit }
        }
        return nil
    }

    /// Pairs of actions that share a key in the same context (which one a key triggers would be ambiguous).
    public func conflicts() -> [(key: Key, first: Action, second: Action)] {
        var out: [(Key, Action, Action)] = []
        let order = Dictionary(uniqueKeysWithValues: Action.allCases.enumerated().map { ($1, $0) })
        for action in Action.allCases {
            for key in keys(for: action) {
                for other in lookup[key] ?? [] where other != action && other.context == action.context {
                    if (order[action] ?? 0) < (order[other] ?? 0) { out.append((key, action, other)) }
                }
            }
        }
        return out.map { (key: $0.0, first: $0.1, second: $0.2) }
    }

    /// A short label of an action's keys for the status bar and help: `k/Up`.
    public func label(for action: Action, limit: Int = 3) -> String {
        keys(for: action).prefix(limit).map(\.name).joined(separator: "/")
    }

    /// Applies the overrides in a keymap file's text to this keymap.
    ///
    /// The file has one table, `[keys]`, mapping action names to lists of key names:
    /// `approve = ["a", "Enter"]`. A single string is accepted for one key; `[]` unbinds.
    public func applying(toml text: String, file: String) throws(ConfigError) -> Keymap {
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
        for (name, value) in table {
            guard name == "keys", let keys = value.table else {
                throw ConfigError(file: file, line: finder.line(table: "", key: name) ?? finder.line(table: name, key: nil),
                                  message: "unknown entry '\(name)'; a keymap file has only a [keys] table")
            }
            for (actionName, keyValue) in keys {
                let line = finder.line(table: "keys", key: actionName)
                guard let action = Action(rawValue: actionName) else {
                    let known = Action.allCases.map(\.rawValue).filter { $0.hasPrefix(String(actionName.prefix(3))) }
                    let hint = known.isEmpty ? "" : " (did you mean \(known.joined(separator: ", "))?)"
                    throw ConfigError(file: file, line: line, message: "unknown action '\(actionName)'\(hint)")
                }
                var names: [String] = []
                if let single = keyValue.string {
                    names = [single]
                } else if let array = keyValue.array {
                    for element in array {
                        guard let s = element.string else {
                            throw ConfigError(file: file, line: line, message: "keys of '\(actionName)' must be strings")
                        }
                        names.append(s)
                    }
                } else {
                    throw ConfigError(file: file, line: line, message: "'\(actionName)' must be a list of key names")
                }
                var parsed: [Key] = []
                for keyName in names {
                    guard let key = Key(name: keyName) else {
                        throw ConfigError(file: file, line: line,
                                          message: "unknown key '\(keyName)' for '\(actionName)' (use a character, Up, S-Up, Enter, Esc, Tab, Space, PgUp, C-x, F1…)")
                    }
                    parsed.append(key)
                }
                result.bindings[action] = parsed
            }
        }
        result.rebuildLookup()
        if let clash = result.conflicts().first {
            let firstChanged = table["keys"]?.table?[clash.first.rawValue] != nil
            let named = firstChanged ? clash.first : clash.second
            throw ConfigError(file: file, line: finder.line(table: "keys", key: named.rawValue),
                              message: "key '\(clash.key.name)' is bound to both '\(clash.first.rawValue)' and '\(clash.second.rawValue)'")
        }
        return result
    }

    public static func == (a: Keymap, b: Keymap) -> Bool { a.bindings == b.bindings }
}
