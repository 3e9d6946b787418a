import GRDB

/// The batch schema as named, ordered migrations. A migration, once released, is never edited;
/// changes go into a new one appended at the end.
enum Schema {
    /// The names of the migrations, in order.
    static var migrationNames: [String] { migrator.migrations }

    static let migrator: DatabaseMigrator = {
        var m = DatabaseMigrator()

        m.registerMigration("v1-files") { db in
            try db.execute(sql: """
                CREATE TABLE batch_meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE instance (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    path TEXT NOT NULL UNIQUE,
                    size INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    patient_id TEXT NOT NULL DEFAULT '',
                    study_uid TEXT NOT NULL DEFAULT '',
                    series_uid TEXT NOT NULL DEFAULT '',
                    sop_uid TEXT NOT NULL DEFAULT '',
                    pseudo_patient_id TEXT NOT NULL DEFAULT '',
                    pseudo_study_uid TEXT NOT NULL DEFAULT '',
                    pseudo_series_uid TEXT NOT NULL DEFAULT '',
                    pseudo_sop_uid TEXT NOT NULL DEFAULT '',
                    instance_number INTEGER NOT NULL DEFAULT 0,
                    modality TEXT NOT NULL DEFAULT '',
                    rows INTEGER NOT NULL DEFAULT 0,
                    columns INTEGER NOT NULL DEFAULT 0,
                    frames INTEGER NOT NULL DEFAULT 1,
                    transfer_syntax TEXT NOT NULL DEFAULT '',
                    state TEXT NOT NULL,
                    review_reasons TEXT NOT NULL DEFAULT '',
                    quarantine_reason TEXT,
                    finding_count INTEGER NOT NULL DEFAULT 0,
                    scanned_at TEXT NOT NULL
                );
                -- The browser's order, and the same order within a state or a modality.
                CREATE INDEX instance_by_order ON instance(patient_id, study_uid, series_uid, instance_number, path);
                CREATE INDEX instance_by_state ON instance(state, patient_id, study_uid, series_uid, instance_number, path);
                CREATE INDEX instance_by_modality ON instance(modality, patient_id, study_uid, series_uid, instance_number, path);
                CREATE INDEX instance_by_series ON instance(series_uid);
                -- Counts per modality and state for the overview (a covering index: 100k rows in ~30 ms).
                CREATE INDEX instance_by_modality_state ON instance(modality, state);

                -- The planned tag actions of an instance as one JSON array (100k x 100 rows would be large).
                CREATE TABLE planned_actions (
                    instance_id INTEGER PRIMARY KEY REFERENCES instance(id) ON DELETE CASCADE,
                    actions TEXT NOT NULL
                );
                """)
        }

        m.registerMigration("v2-findings") { db in
            try db.execute(sql: """
                CREATE TABLE finding (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    instance_id INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
                    frame INTEGER NOT NULL,
                    x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL, h INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    confidence REAL NOT NULL,
                    class TEXT NOT NULL
                );
                CREATE INDEX finding_by_instance ON finding(instance_id, class);
                CREATE INDEX finding_by_class ON finding(class, instance_id);
                """)
        }

        m.registerMigration("v3-masks") { db in
            try db.execute(sql: """
                CREATE TABLE mask (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    instance_id INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
                    finding_id INTEGER REFERENCES finding(id) ON DELETE SET NULL,
                    frame INTEGER NOT NULL,
                    x INTEGER NOT NULL, y INTEGER NOT NULL, w INTEGER NOT NULL, h INTEGER NOT NULL,
                    origin TEXT NOT NULL,
                    status TEXT NOT NULL,
                    pending TEXT,
                    edited_by TEXT,
                    prior TEXT,
                    created_by TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX mask_by_instance ON mask(instance_id);
                CREATE INDEX mask_by_status ON mask(status, instance_id);
                """)
        }

        m.registerMigration("v4-decisions") { db in
            try db.execute(sql: """
                CREATE TABLE decision (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    batch_id TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    target TEXT NOT NULL,
                    instance_id INTEGER,
                    kind TEXT NOT NULL,
                    reviewer TEXT NOT NULL,
                    time TEXT NOT NULL,
                    reason TEXT NOT NULL DEFAULT '',
                    payload TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    signature BLOB,
                    signer_key BLOB,
                    signer_fingerprint TEXT,
                    undone INTEGER NOT NULL DEFAULT 0,
                    undo TEXT NOT NULL
                );
                CREATE INDEX decision_by_reviewer ON decision(reviewer, undone, id);
                CREATE INDEX decision_by_instance ON decision(instance_id);

                CREATE TABLE override (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    instance_id INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
                    subject TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX override_by_instance ON override(instance_id);
                CREATE INDEX override_by_status ON override(status);
                """)
        }

        m.registerMigration("v5-roles") { db in
            try db.execute(sql: """
                CREATE TABLE role (
                    name TEXT NOT NULL,
                    role TEXT NOT NULL,
                    public_key BLOB NOT NULL,
                    fingerprint TEXT NOT NULL,
                    added_at TEXT NOT NULL,
                    PRIMARY KEY (name, role)
                ) WITHOUT ROWID;
                """)
        }

        m.registerMigration("v6-commits") { db in
            try db.execute(sql: """
                CREATE TABLE batch_commit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    committed_at TEXT NOT NULL,
                    operator TEXT NOT NULL,
                    audit_entry_hash TEXT NOT NULL,
                    revision INTEGER NOT NULL
                );
                CREATE TABLE committed_output (
                    commit_id INTEGER NOT NULL REFERENCES batch_commit(id) ON DELETE CASCADE,
                    instance_id INTEGER NOT NULL,
                    path TEXT NOT NULL,
                    input_sha256 TEXT NOT NULL,
                    output_sha256 TEXT NOT NULL,
                    PRIMARY KEY (commit_id, instance_id)
                ) WITHOUT ROWID;
                """)
        }
        m.registerMigration("v7-reveals") { db in
            try db.execute(sql: """
                -- Each time someone showed an instance's original identity (the workstation's reveal key).
                CREATE TABLE reveal (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    instance_id INTEGER,
                    path TEXT NOT NULL,
                    reviewer TEXT NOT NULL,
                    time TEXT NOT NULL
                );
                """)
        }
        return m
    }()
}
