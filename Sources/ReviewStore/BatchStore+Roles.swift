import Foundation
import GRDB

/// What a person asks to do; checked against their roles once roles are configured.
public enum Permission: String, Sendable, CaseIterable {
    /// Approve or reject instances, accept or edit masks, override: an officer or a curator.
    case review
    /// Approve or reject someone else's mask edit or override: a curator.
    case curate
    /// Commit the batch: an officer or a curator.
    case commit
    /// Export a committed batch: an exporter.
    case export

    /// The roles that grant it.
    public var roles: Set<Role> {
        switch self {
        case .review, .commit: [.officer, .curator]
        case .curate: [.curator]
        case .export: [.exporter]
        }
    }
}

extension BatchStore {
    /// Registers `name` in `role` with their Ed25519 public key (32 raw bytes). A person has one key:
    /// adding a second role with another key is refused. Adding the same role again is a no-op.
    /// The first role switches the batch from single-person mode to enforced roles.
    @discardableResult
    public func addRole(name: String, role: Role, publicKey: [UInt8]) throws -> RoleAssignment {
        try Self.validate(name: name)
        guard DecisionKeys.isValidPublicKey(publicKey) else {
            throw ReviewStoreError(.invalidInput, "not a 32-byte Ed25519 public key (for \(name))")
        }
        let fp = DecisionKeys.fingerprint(publicKey)
        let now = Timestamp.now()
        return try write("adding a role") { db in
            let keys = try Row.fetchAll(db, sql: "SELECT public_key FROM role WHERE name = ?", arguments: [name])
                .map { Array(($0["public_key"] as Data?) ?? Data()) }
            if let other = keys.first(where: { $0 != publicKey }) {
                throw ReviewStoreError(
                    .invalidInput,
                    "\(name) is already registered with key \(DecisionKeys.fingerprint(other)); one person has one key")
            }
            try db.execute(
                sql: "INSERT OR IGNORE INTO role (name, role, public_key, fingerprint, added_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [name, role.rawValue, Data(publicKey), fp, now])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM role WHERE name = ? AND role = ?", arguments: [name, role.rawValue])
            return row.map(Self.roleAssignment) ?? RoleAssignment(name: name, role: role, publicKey: publicKey, fingerprint: fp, addedAt: now)
        }
    }

    /// Removes one role of a person. Returns false when they did not hold it.
    @discardableResult
    public func removeRole(name: String, role: Role) throws -> Bool {
        try write("removing a role") { db in
            try db.execute(sql: "DELETE FROM role WHERE name = ? AND role = ?", arguments: [name, role.rawValue])
            return db.changesCount > 0
        }
    }

    /// Every registered person and role, by name.
    public func roles() throws -> [RoleAssignment] {
        try read("listing roles") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM role ORDER BY name, role").map(Self.roleAssignment)
        }
    }

    /// `.singlePerson` while no role is registered, else `.roles`.
    public func mode() throws -> DecisionMode {
        try read("reading roles") { db in try Self.mode(db) }
    }

    /// Throws `.notPermitted` unless `name` may do `permission` (always allowed in single-person mode).
    /// Commit and export call this with the operator's name.
    public func authorize(_ name: String, for permission: Permission) throws {
        try read("checking roles") { db in try Self.authorize(name, permission, db) }
    }

    static func roleAssignment(_ row: Row) -> RoleAssignment {
        let key: [UInt8] = Array((row["public_key"] as Data?) ?? Data())
        return RoleAssignment(
            name: row["name"], role: Role(rawValue: row["role"]) ?? .officer, publicKey: key,
            fingerprint: row["fingerprint"], addedAt: row["added_at"])
    }

    static func mode(_ db: Database) throws -> DecisionMode {
        (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM role") ?? 0) == 0 ? .singlePerson : .roles
    }

    static func authorize(_ name: String, _ permission: Permission, _ db: Database) throws {
        guard try mode(db) == .roles else { return }
        let held = Set(try String.fetchAll(db, sql: "SELECT role FROM role WHERE name = ?", arguments: [name]).compactMap(Role.init(rawValue:)))
        guard !held.isDisjoint(with: permission.roles) else {
            let need = permission.roles.map(\.rawValue).sorted().joined(separator: " or ")
            let has = held.isEmpty ? "no role" : held.map(\.rawValue).sorted().joined(separator: ", ")
            throw ReviewStoreError(.notPermitted, "\(name) may not \(permission.rawValue): it needs the \(need) role (\(name) has \(has))")
        }
    }

    /// The registered public key of `name`, or nil.
    static func registeredKey(_ name: String, _ db: Database) throws -> [UInt8]? {
        try Row.fetchOne(db, sql: "SELECT public_key FROM role WHERE name = ? LIMIT 1", arguments: [name])
            .flatMap { ($0["public_key"] as Data?).map { Array($0) } }
    }

    static func validate(name: String) throws {
        guard !name.isEmpty, name.count <= 200, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ReviewStoreError(.invalidInput, "a person's name must be 1 to 200 printable characters")
        }
    }
}
