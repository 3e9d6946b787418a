import Testing

@testable import Audit

@Suite struct CanonicalJSONTests {
    func text(_ v: JSONValue) throws -> String { try CanonicalJSON.string(v) }

    @Test func sortsKeysByUTF8BytesAtEveryLevel() throws {
        let v: JSONValue = ["b": 1, "a": ["z": true, "y": nil, "A": "x"], "é": 2, "B": 3, "aa": 4]
        #expect(try text(v) == #"{"B":3,"a":{"A":"x","y":null,"z":true},"aa":4,"b":1,"é":2}"#)
    }

    @Test func keysSortByScalarValueNotByStringCollation() throws {
        // U+FF21 (fullwidth A, EF BC A1) sorts after U+00E9 (C3 A9) by bytes.
        let v: JSONValue = ["\u{FF21}": 1, "\u{E9}": 2, "~": 3]
        #expect(try text(v) == "{\"~\":3,\"\u{E9}\":2,\"\u{FF21}\":1}")
    }

    @Test func escapesOnlyWhatJSONRequires() throws {
        let s = "q\"b\\s/\u{08}\u{09}\u{0A}\u{0C}\u{0D}\u{00}\u{1F}\u{7F}\u{2028}é😀"
        let expected = #""q\"b\\s/\b\t\n\f\r\u0000\u001f"# + "\u{7F}\u{2028}é😀\""
        #expect(try text(.string(s)) == expected)
    }

    @Test func writesNumbersDeterministically() throws {
        #expect(try text([0, -1, 42, .int(Int64.min), .int(Int64.max)]) == "[0,-1,42,-9223372036854775808,9223372036854775807]")
        #expect(try text([0.1, 1.0, -0.0, 1e-7, 1e16, 2.5e-300, 123456.789]) == "[0.1,1.0,-0.0,1e-07,1e+16,2.5e-300,123456.789]")
    }

    @Test func refusesNonFiniteNumbers() {
        #expect(throws: AuditError.self) { try CanonicalJSON.encode(.double(.nan)) }
        #expect(throws: AuditError.self) { try CanonicalJSON.encode(["x": .double(.infinity)]) }
    }

    @Test func hasNoWhitespace() throws {
        #expect(try text(["a": [1, [2, []], [:]], "b": ""]) == #"{"a":[1,[2,[]],{}],"b":""}"#)
    }

    @Test func roundTripsThroughTheParser() throws {
        let v: JSONValue = [
            "s": "line\nbreak \u{1} \"q\" é 😀", "i": -12, "d": 0.25, "e": 1e+16, "t": true, "f": false, "n": nil,
            "a": [1, "x", [:], []], "o": ["k": ["deep": [1.5]]],
        ]
        let bytes = try CanonicalJSON.encode(v)
        let parsed = try JSONParser.parse(bytes)
        #expect(parsed == v)
        #expect(try CanonicalJSON.encode(parsed) == bytes)
    }

    @Test func parsedNonCanonicalTextReencodesDifferently() throws {
        for text in [#"{"b":1,"a":2}"#, #"{"a": 1}"#, #"{"a":1.50}"#, #"{"a":"\u0041"}"#, #"{"a":"\/"}"#, #"{"a":1E2}"#, "[-0]"] {
            let parsed = try JSONParser.parse(text)
            #expect(try CanonicalJSON.string(parsed) != text, "\(text) should not be canonical")
        }
    }

    @Test func parsesIntegersAndDoublesApart() throws {
        #expect(try JSONParser.parse("5") == .int(5))
        #expect(try JSONParser.parse("5.0") == .double(5))
        #expect(try JSONParser.parse("5e0") == .double(5))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(Int64.min))
    }

    @Test func parsesEscapesAndSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00 \u00e9 \/ \b""#) == .string("😀 é / \u{08}"))
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#,  // duplicate key
        "{\"e\u{301}\":1,\"\u{E9}\":2}",  // keys equal under canonical equivalence
        #""\ud800""#,  // lone high surrogate
        #""\udc00x""#,  // lone low surrogate
        "01", "1.", ".5", "-", "1e", "+1", "--1",  // bad numbers
        "9223372036854775808", "-9223372036854775809", "1e400",  // out of range
        "[1,]", "{\"a\":1,}", "{a:1}", "[1 2]", "{\"a\" 1}",  // bad structure
        "tru", "nul", "True",  // bad literals
        "\"tab\there\"", "\"unterminated",  // raw control character, no end
        #""\x""#,  // unknown escape
        "1 2", "{} x", "",  // trailing text, empty
    ])
    func refusesMalformedJSON(_ text: String) {
        #expect(throws: AuditError.self) { try JSONParser.parse(text) }
    }

    @Test func refusesInvalidUTF8() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]
        #expect(throws: AuditError.self) { try JSONParser.parse(bytes) }
        let overlong: [UInt8] = [0x22, 0xC0, 0xAF, 0x22]
        #expect(throws: AuditError.self) { try JSONParser.parse(overlong) }
    }

    @Test func refusesNestingPastTheLimit() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: AuditError.self) { try JSONParser.parse(deep) }
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? JSONParser.parse(ok)) != nil)
    }

    @Test func reportsTheOffsetOfAnError() {
        do {
            _ = try JSONParser.parse(#"{"a":[1,2,x]}"#)
            Issue.record("expected an error")
        } catch let e as AuditError {
            #expect(e.kind == .malformedJSON)
            #expect(e.offset == 10)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

@Suite struct CanonicalScannerTests {
    /// The scanner and parse-then-encode must agree on whether text is canonical.
    func agree(_ bytes: [UInt8]) -> Bool {
        let byEncoding = (try? CanonicalJSON.encode(try JSONParser.parse(bytes))) == bytes
        return CanonicalScanner.isCanonical(bytes) == byEncoding
    }

    @Test func agreesWithParseAndEncodeOnHandPickedTexts() {
        let texts = [
            #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, #"{"b":1,"a":2}"#, #"{"a":1,"a":1}"#, #"{"a": 1}"#, " 1",
            "1.0", "1.50", "1e-07", "1e-7", "1E+16", "1e+16", "-0", "0", "-0.0", "01", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "12345678901234567890",
            #""\u001f""#, #""\u001F""#, #""\u0041""#, #""\/""#, #""\n""#, #""\u000a""#, "\"\u{7F}\"", "\"é\"", #""\u00e9""#,
            "{\"\\u0001\":1,\"A\":2}", "{\"A\":2,\"\\u0001\":1}", "{\"e\u{301}\":1,\"\u{E9}\":2}", "{\"\u{E9}\":2,\"e\u{301}\":1}",
            "{\"~\":3,\"\u{E9}\":2}", "{\"\u{E9}\":2,\"~\":3}", "[]", "{}", "[1,]", "[1 ]", "\"\u{1}\"", #"{"":1,"a":2}"#,
            #"{"a":2,"":1}"#, "[1.0e5]", "[100000.0]", "[0.1]", "[1e+300]",
        ]
        for t in texts {
            #expect(agree(Array(t.utf8)), "\(t)")
        }
        #expect(agree([0x22, 0xC3, 0x28, 0x22]))
        #expect(agree([0x22, 0xED, 0xA0, 0x80, 0x22]))  // an encoded surrogate
    }

    @Test func agreesWithParseAndEncodeOnMutatedEntries() throws {
        let line = try CanonicalJSON.encode(
            ["b": ["x": [1, 2.5, -3], "y": "q\"\\\n\u{1}é"], "a": nil, "c": true, "d": ["": 1e-7, "\u{1}": "t"]])
        #expect(CanonicalScanner.isCanonical(line))
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,.-+eE0123456789 \/"tfnu"#.utf8) + [0x01, 0x7F, 0xC3, 0xA9, 0xFF]
        for _ in 0..<3000 {
            var m = line
            let edits = Int.random(in: 1...2, using: &rng)
            for _ in 0..<edits {
                let i = Int.random(in: 0..<m.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: m[i] = alphabet.randomElement(using: &rng) ?? 0
                case 1: m.insert(alphabet.randomElement(using: &rng) ?? 0, at: i)
                default: m.remove(at: i)
                }
            }
            #expect(agree(m), "\(String(decoding: m, as: UTF8.self))")
        }
    }
}
