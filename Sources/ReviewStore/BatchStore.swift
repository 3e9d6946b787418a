import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state of one review batch in `DIR/batch.sqlite`: scanned files, planned actions, findings,
/// masks, signed decisions, roles and commits.
///
/// SQLite in WAL mode through a GRDB `DatabasePool`: many readers and one writer at a time, across
/// threads and processes. Writers wait (busy timeout) instead of failing with "database is locked".
/// Every public mutation is one IMMEDIATE transaction. The store keeps plain records; it knows
/// nothing of DICOM parsing, pixels or terminals.
public final class BatchStore: Sendable {
    /// The database file name inside a batch folder.
    public static let fileName = "batch.sqlite"

    /// Path of the SQLite file.
    public let path: String
    /// A random identifier made when the batch was created; part of every signed decision.
    public let batchID: String
    let pool: DatabasePool

    /// Opens (creating if needed) `directory/batch.sqlite` and runs any pending migrations.
    public static func open(directory: String, busyTimeout: TimeInterval = 5) throws -> BatchStore {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReviewStoreError(.io, "cannot create the batch folder: \(error.localizedDescription)", file: directory)
        }
        return try BatchStore(path: (directory as NSString).appendingPathComponent(fileName), busyTimeout: busyTimeout)
    }

    /// Opens (creating if needed) the database at `path` and runs any pending migrations.
    public init(path: String, busyTimeout: TimeInterval = 5) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "dcmveil-batch"
        do {
            // Opening switches the file to WAL, which needs a lock no busy timeout covers yet; two processes
            // opening a new batch at once would see "database is locked". A file lock serialises opening
            // and migrating (microseconds when the batch exists and is up to date).
            let lockPath = path + "-migration-lock"
            let fd = openLockFile(lockPath)
            guard fd >= 0 else {
                throw ReviewStoreError(.io, "cannot open the migration lock: \(String(cString: strerror(errno)))", file: lockPath)
            }
            defer { close(fd) }
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    throw ReviewStoreError(.io, "cannot lock for opening: \(String(cString: strerror(errno)))", file: lockPath)
                }
            }
            defer { flock(fd, LOCK_UN) }
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrate(pool, path: path)
            batchID = try pool.write { db in
                try db.execute(
                    sql: "INSERT OR IGNORE INTO batch_meta(key, value) VALUES ('batch_id', ?), ('created_at', ?), ('revision', '0')",
                    arguments: [UUID().uuidString.lowercased(), Timestamp.now()])
                return try String.fetchOne(db, sql: "SELECT value FROM batch_meta WHERE key = 'batch_id'") ?? ""
            }
        } catch let e as ReviewStoreError {
            throw e
        } catch {
            throw ReviewStoreError(.database, "cannot open the batch: \(error)", file: path)
        }
    }

    /// Runs pending migrations; the caller holds the batch's open lock, so two processes never both try.
    private static func migrate(_ pool: DatabasePool, path: String) throws {
        if try pool.read({ try Schema.migrator.hasCompletedMigrations($0) }) { return }
        try Schema.migrator.migrate(pool)
    }

    // MARK: transactions

    /// Runs `body` in one IMMEDIATE write transaction; database errors become `ReviewStoreError`.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let e as ReviewStoreError {
            throw e
        } catch {
            throw ReviewStoreError(.database, "\(what): \(error)", file: path)
        }
    }

    /// Runs `body` on a read-only snapshot.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let e as ReviewStoreError {
            throw e
        } catch {
            throw ReviewStoreError(.database, "\(what): \(error)", file: path)
        }
    }

    /// Counts every change that affects what a commit would produce (scans and decisions).
    static func bumpRevision(_ db: Database) throws {
        try db.execute(sql: "UPDATE batch_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'revision'")
    }

    static func revision(_ db: Database) throws -> Int {
        Int(try String.fetchOne(db, sql: "SELECT value FROM batch_meta WHERE key = 'revision'") ?? "0") ?? 0
    }

    // MARK: metadata

    /// Well-known keys of the batch metadata.
    public enum MetadataKey {
        /// The full effective profile, as JSON text.
        public static let profile = "profile"
        /// Key fingerprints (pseudonym key, signing key) as a JSON object.
        public static let keyFingerprints = "key_fingerprints"
        /// The batch input folder, as given to scan.
        public static let input = "input"
        public static let createdAt = "created_at"
    }

    /// A metadata value, or nil.
    public func metadata(_ key: String) throws -> String? {
        try read("reading metadata") { db in
            try String.fetchOne(db, sql: "SELECT value FROM batch_meta WHERE key = ?", arguments: [key])
        }
    }

    /// Sets a metadata value (the profile JSON, key fingerprints, the input folder...).
    public func setMetadata(_ key: String, _ value: String) throws {
        guard key != "batch_id", key != "revision" else {
            throw ReviewStoreError(.invalidInput, "metadata key \(key) is managed by the store", file: path)
        }
        try write("writing metadata") { db in
            try db.execute(
                sql: "INSERT INTO batch_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        }
    }

    /// The number of changes (scans and decisions) so far; a commit records it.
    public func revision() throws -> Int {
        try read("reading the revision") { db in try Self.revision(db) }
    }

    // MARK: maintenance

    /// The names of the migrations applied to this file, in order.
    public func appliedMigrations() throws -> [String] {
        try read("reading migrations") { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// The names of all migrations the code knows, in order.
    public static var migrationNames: [String] { Schema.migrationNames }

    /// The result lines of `PRAGMA integrity_check` (`["ok"]` when sound).
    public func integrityCheck() throws -> [String] {
        try read("checking integrity") { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// The journal mode in use (`wal`).
    public func journalMode() throws -> String {
        try read("reading the journal mode") { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}

/// `open(2)` of a lock file (a free function: inside `BatchStore`, `open` names the batch opener).
private func openLockFile(_ path: String) -> Int32 {
    open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
}
