/// Typed access to the members of a JSON object, with errors that name the missing or mistyped field.
struct JSONFields {
    let members: [String: JSONValue]
    /// Where the object sits, for messages: "entry", "entry.tool".
    let path: String

    init(_ value: JSONValue, path: String) throws {
        guard case .object(let m) = value else {
            throw AuditError(.badEntry, "\(path) is not an object")
        }
        members = m
        self.path = path
    }

    func missing(_ key: String, _ kind: String) -> AuditError {
        AuditError(.badEntry, "\(path).\(key) is missing or not \(kind)")
    }

    func string(_ key: String) throws -> String {
        guard let s = members[key]?.stringValue else { throw missing(key, "a string") }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        guard let v = members[key], !v.isNull else { return nil }
        guard let s = v.stringValue else { throw missing(key, "a string or null") }
        return s
    }

    func int(_ key: String) throws -> Int {
        guard let i = members[key]?.intValue, let n = Int(exactly: i) else { throw missing(key, "an integer") }
        return n
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let v = members[key], !v.isNull else { return nil }
        guard let b = v.boolValue else { throw missing(key, "a boolean or null") }
        return b
    }

    func value(_ key: String) throws -> JSONValue {
        guard let v = members[key] else { throw missing(key, "present") }
        return v
    }

    func object(_ key: String) throws -> JSONFields {
        guard let v = members[key] else { throw missing(key, "an object") }
        return try JSONFields(v, path: "\(path).\(key)")
    }

    func optionalObject(_ key: String) throws -> JSONFields? {
        guard let v = members[key], !v.isNull else { return nil }
        return try JSONFields(v, path: "\(path).\(key)")
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard let a = members[key]?.arrayValue else { throw missing(key, "an array") }
        return a
    }
}
