import Testing
import DicomCore
import DicomIO
import DicomFixtures

/// Malformed, truncated and lying input gives a typed error, never a trap, a hang or an unbounded allocation.
@Suite struct HostileInputTests {
    static func sampleBytes(_ syntax: TransferSyntax) throws -> [UInt8] {
        var file = DataSetBuilder().file(syntax: syntax)
        file.dataSet = RoundTripTests.everyVR()
        return try DicomWriter.encode(file)
    }

    @Test(arguments: [TransferSyntax.explicitVRLittleEndian, .implicitVRLittleEndian, .explicitVRBigEndian])
    func everyTruncationIsACleanError(syntax: TransferSyntax) throws {
        let bytes = try Self.sampleBytes(syntax)
        var errors = 0
        for n in 0..<bytes.count {
            do {
                _ = try DicomReader.parse(Array(bytes[0..<n]))
            } catch let e as DicomError {
                errors += 1
                #expect(e.offset != nil || e.kind == .notDicom || e.kind == .badFileMeta, "no offset for \(e)")
            }
        }
        // Most truncations must be reported (a few cut exactly at an element boundary and are valid data sets).
        #expect(errors > bytes.count * 9 / 10)
    }

    @Test func bitFlipsNeverTrap() throws {
        let bytes = try Self.sampleBytes(.explicitVRLittleEndian)
        var rng = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            var b = bytes
            let flips = Int(rng.next() % 4) + 1
            for _ in 0..<flips {
                let i = Int(rng.next() % UInt64(b.count))
                b[i] ^= UInt8(1 << (rng.next() % 8))
            }
            do { _ = try DicomReader.parse(b) } catch is DicomError { }
        }
    }

    @Test func lengthLargerThanFileNamesTagAndOffset() throws {
        // (0010,0010) PN claims 0x7FF0 bytes in a tiny bare data set.
        let bytes = annotatedHex("""
            08 00 60 00  43 53 02 00  43 54                  # (0008,0060) CS "CT"
            10 00 10 00  50 4E F0 7F  44 6F                  # (0010,0010) PN length 32752, 2 bytes present
            """)
        let e = try #require(throws: DicomError.self) { try DicomReader.parse(bytes) }
        #expect(e.kind == .lengthExceedsData)
        #expect(e.tag == Tag(0x0010_0010))
        #expect(e.offset == 10)
        #expect(e.description.contains("(0010,0010)"))
    }

    @Test func hugeLongLengthIsNotAllocated() throws {
        let bytes = annotatedHex("""
            08 00 60 00  43 53 02 00  43 54
            E0 7F 10 00  4F 57 00 00  F0 FF FF FF            # pixel data claiming ~4 GiB
            """)
        let e = try #require(throws: DicomError.self) { try DicomReader.parse(bytes) }
        #expect(e.kind == .lengthExceedsData)
        #expect(e.tag == .pixelData)
    }

    @Test func itemLengthLyingInsideSequence() throws {
        let bytes = annotatedHex("""
            08 00 60 00  43 53 02 00  43 54
            08 00 40 11  53 51 00 00  10 00 00 00            # (0008,1140) SQ defined length 16
            FE FF 00 E0  40 00 00 00                         # item claims 64 bytes
            08 00 50 11  55 49 00 00
            """)
        let e = try #require(throws: DicomError.self) { try DicomReader.parse(bytes) }
        #expect(e.kind == .lengthExceedsData)
        #expect(e.tag == Tag(0x0008_1140))
    }

    @Test func garbageIsNotDicom() throws {
        let e = try #require(throws: DicomError.self) { try DicomReader.parse(Array("hello, this is not a DICOM file at all".utf8)) }
        #expect(e.kind == .notDicom)
    }

    @Test func deepNestingIsBounded() throws {
        // 200 nested undefined-length sequences.
        var bytes: [UInt8] = annotatedHex("08 00 60 00 43 53 02 00 43 54")
        for _ in 0..<200 {
            bytes += annotatedHex("08 00 40 11 53 51 00 00 FF FF FF FF FE FF 00 E0 FF FF FF FF")
        }
        let e = try #require(throws: DicomError.self) { try DicomReader.parse(bytes) }
        #expect(e.kind == .nestingTooDeep || e.kind == .truncated)
    }

    @Test func badVRIsReported() throws {
        let bytes = annotatedHex("""
            08 00 60 00  43 53 02 00  43 54
            10 00 10 00  7A 7A 02 00  41 42                  # VR "zz"
            """)
        let e = try #require(throws: DicomError.self) { try DicomReader.parse(bytes) }
        #expect(e.kind == .badVR)
        #expect(e.offset == 14)
    }

    @Test func missingFileIsAnIOErrorNamingIt() throws {
        let e = try #require(throws: DicomError.self) { try DicomReader.read(path: "/nonexistent/x.dcm") }
        #expect(e.kind == .io)
        #expect(e.description.contains("/nonexistent/x.dcm"))
    }
}

