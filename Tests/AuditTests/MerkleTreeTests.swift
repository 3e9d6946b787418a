import Testing

@testable import Audit

@Suite struct MerkleTreeTests {
    // Known answers computed independently (Python hashlib) for leaves "a", "b", "c", "d", "e".
    @Test(arguments: [
        (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (1, "022a6979e6dab7aa5ae4c3e5e45f7e977112a7e63593820dbec1ec738a24f93c"),
        (2, "b137985ff484fb600db93107c77b0365c80d78f5b429ded0fd97361d077999eb"),
        (3, "36642e73c2540ab121e3a6bf9545b0a24982cd830eb13d3cd19de3ce6c021ec1"),
        (4, "33376a3bd63e9993708a84ddfe6c28ae58b83505dd1fed711bd924ec5a6239f0"),
        (5, "fe14a5426fbd70c0fa73f52342afed0da0bd23c4838662ccf6b88a3070ead97b"),
    ])
    func knownRoots(count: Int, root: String) {
        let leaves = ["a", "b", "c", "d", "e"].prefix(count).map { Array($0.utf8) }
        #expect(MerkleTree.rootHex(leaves: Array(leaves)) == root)
    }

    @Test func oddLeafIsPromotedNotDuplicated() {
        let abc = MerkleTree.rootHex(leaves: ["a", "b", "c"].map { Array($0.utf8) })
        let abcc = MerkleTree.rootHex(leaves: ["a", "b", "c", "c"].map { Array($0.utf8) })
        #expect(abc != abcc)
    }

    @Test func manifestRowsHashAsTheirCanonicalLine() throws {
        let row = try ManifestRow(
            path: "a/b.dcm", inputSHA256: String(repeating: "1", count: 64), outputSHA256: String(repeating: "2", count: 64),
            masks: "")
        let expectedLine = #"{"input":""# + String(repeating: "1", count: 64) + #"","masks":"","output":""#
            + String(repeating: "2", count: 64) + #"","path":"a/b.dcm"}"#
        #expect(String(decoding: row.canonicalBytes(), as: UTF8.self) == expectedLine)
        let manifest = try Manifest(rows: [row])
        #expect(manifest.merkleRoot == "fe43ef9f37035716dcd2ccf8201517cfddfd5ff8366727a82c0e182bbc367a5e")
        #expect(manifest.sha256 == "973b3c4fe6ba3d3adefb7c8a45ce28d24a372851f9d2240b58188ff7027f1d95")
    }

    @Test func manifestSortsRoundTripsAndRefusesDuplicates() throws {
        let h = String(repeating: "a", count: 64)
        let rows = try ["z.dcm", "a/2.dcm", "a/1.dcm"].map {
            try ManifestRow(path: $0, inputSHA256: h, outputSHA256: $0 == "z.dcm" ? nil : h, masks: "10,10,20,20")
        }
        let manifest = try Manifest(rows: rows)
        #expect(manifest.rows.map(\.path) == ["a/1.dcm", "a/2.dcm", "z.dcm"])
        #expect(try Manifest.parse(manifest.encoded()) == manifest)
        #expect(throws: AuditError.self) { try Manifest(rows: rows + [rows[0]]) }
        // Unsorted lines are refused on read.
        let reversed: [UInt8] = manifest.rows.reversed().flatMap { row -> [UInt8] in row.canonicalBytes() + [0x0A] }
        #expect(throws: AuditError.self) { try Manifest.parse(reversed) }
    }

    @Test(arguments: ["", "/abs", "../up", "a/../b", "a//b", "./a", "a/"])
    func refusesUnsafePaths(_ path: String) {
        #expect(throws: AuditError.self) {
            try ManifestRow(path: path, inputSHA256: String(repeating: "a", count: 64), outputSHA256: nil, masks: "")
        }
    }
}
