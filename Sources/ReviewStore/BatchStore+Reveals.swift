import GRDB

/// A record that someone was shown an instance's original identity.
public struct RevealRecord: Sendable, Hashable {
    public var id: Int64
    public var instanceID: Int64?
    public var path: String
    public var reviewer: String
    public var time: String
}

extension BatchStore {
    /// Logs that `reviewer` revealed the original identity of an instance (the workstation calls this
    /// before showing original keys). Not a decision: it changes nothing a commit produces.
    @discardableResult
    public func recordReveal(instance id: Int64, by reviewer: String) throws -> RevealRecord {
        try Self.validate(name: reviewer)
        let now = Timestamp.now()
        return try write("logging a reveal") { db in
            let i = try Self.instanceRow(id, db)
            try db.execute(
                sql: "INSERT INTO reveal (instance_id, path, reviewer, time) VALUES (?, ?, ?, ?)",
                arguments: [id, i.path, reviewer, now])
            return RevealRecord(id: db.lastInsertedRowID, instanceID: id, path: i.path, reviewer: reviewer, time: now)
        }
    }

    /// Every logged reveal, oldest first.
    public func reveals() throws -> [RevealRecord] {
        try read("listing reveals") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reveal ORDER BY id").map {
                RevealRecord(id: $0["id"], instanceID: $0["instance_id"], path: $0["path"], reviewer: $0["reviewer"], time: $0["time"])
            }
        }
    }
}
