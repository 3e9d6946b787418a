import Foundation
import GRDB
import Testing
@testable import ReviewStore

@Suite struct MigrationTests {
    @Test func migrationsRunInOrderAndOnce() throws {
        let t = TempBatch()
        let first = try t.open()
        #expect(try first.appliedMigrations() == BatchStore.migrationNames)
        #expect(BatchStore.migrationNames == ["v1-files", "v2-findings", "v3-masks", "v4-decisions", "v5-roles", "v6-commits", "v7-reveals"])
        try first.upsertScanned(makeRecord(1))
        let id = first.batchID
        // Reopening runs nothing again and keeps the data and the batch id.
        let second = try t.open()
        #expect(try second.appliedMigrations() == BatchStore.migrationNames)
        #expect(second.batchID == id)
        #expect(!id.isEmpty)
        #expect(try second.count() == 1)
        let q = try t.rawQueue()
        let rows = try q.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM grdb_migrations") }
        #expect(rows == BatchStore.migrationNames.count)
    }

    @Test func walModeAndIntegrity() throws {
        let t = TempBatch()
        let s = try t.open()
        #expect(try s.journalMode() == "wal")
        #expect(try s.integrityCheck() == ["ok"])
        #expect(FileManager.default.fileExists(atPath: t.directory + "/batch.sqlite"))
    }

    @Test func metadataRoundTripsAndManagedKeysAreRefused() throws {
        let t = TempBatch()
        let s = try t.open()
        try s.setMetadata(BatchStore.MetadataKey.profile, #"{"name":"basic"}"#)
        try s.setMetadata(BatchStore.MetadataKey.profile, #"{"name":"retain-dates"}"#)
        #expect(try s.metadata(BatchStore.MetadataKey.profile) == #"{"name":"retain-dates"}"#)
        #expect(try s.metadata("absent") == nil)
        #expect(throws: ReviewStoreError.self) { try s.setMetadata("batch_id", "forged") }
    }
}
