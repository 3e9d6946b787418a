import Foundation
import Testing

@testable import StandardTables

/// Parsing of small inline JSON, valid and malformed.
@Suite struct AttributeParsingTests {
    func parse(_ json: String) throws -> [AttributeRow] { try AttributeRow.parseAll(Data(json.utf8), file: "a.json") }

    /// The error thrown by `body`, or nil when it throws none (or another type).
    func error(_ body: () throws -> Void) -> StandardTablesError? {
        do { try body() } catch let e as StandardTablesError { return e } catch { return nil }
        return nil
    }

    func row(_ tag: String, _ keyword: String = "Foo", vr: String = "LO", vm: String = "1", retired: String = "N", name: String = "Foo") -> String {
        #"{"tag":"\#(tag)","name":"\#(name)","keyword":"\#(keyword)","valueRepresentation":"\#(vr)","valueMultiplicity":"\#(vm)","retired":"\#(retired)","id":"x"}"#
    }

    @Test func validRows() throws {
        let rows = try parse("[" + [
            row("(0010,0010)", "PatientName", vr: "PN", name: "Patient's Name"),
            row("(0028,0106)", "SmallestImagePixelValue", vr: "US or SS"),
            row("(60xx,3000)", "OverlayData", vr: "OB or OW"),
            row("(FFFE,E000)", "Item", vr: "See Note 2"),
            row("(0008,0202)", "", vr: "", vm: "", retired: "Y", name: ""),
            row("(0018,0061)", "", vr: "DS", retired: "Y", name: "  two\\n lines "),
        ].joined(separator: ",") + "]")
        #expect(rows.count == 6)
        #expect(rows[0] == AttributeRow(tag: TagPattern(parsing: "(0010,0010)")!, keyword: "PatientName", name: "Patient's Name", vrs: ["PN"], vm: "1", isRetired: false))
        #expect(rows[1].vrs == ["US", "SS"])
        #expect(rows[2].tag.text == "60XX3000" && rows[2].tag.isRepeating && rows[2].vrs == ["OB", "OW"])
        #expect(rows[3].vrs.isEmpty)
        #expect(rows[4].vrs.isEmpty && rows[4].keyword.isEmpty && rows[4].isRetired)
        #expect(rows[5].name == "two lines")
    }

    @Test func notJSONOrWrongShape() {
        #expect(error { _ = try parse("[{") }?.message.hasPrefix("not valid JSON") == true)
        #expect(error { _ = try parse(#"{"tag":"(0010,0010)"}"#) }?.message.contains("JSON array") == true)
        let e = error { _ = try parse("[" + row("(0010,0010)") + ", 42]") }
        #expect(e?.row == 2 && e?.message == "expected a JSON object")
    }

    @Test func malformedRowsNameRowAndField() {
        let missing = error { _ = try parse(#"[{"tag":"(0010,0010)","name":"n","keyword":"K","valueRepresentation":"LO","retired":"N"}]"#) }
        #expect(missing == StandardTablesError(file: "a.json", row: 1, rowTag: "(0010,0010)", field: "valueMultiplicity", message: "missing field"))
        #expect(missing?.description == #"a.json: row 1 (tag (0010,0010)), field "valueMultiplicity": missing field"#)

        let badTag = error { _ = try parse("[" + row("(0010,0010)", "A") + "," + row("(0010,00G0)", "B") + "]") }
        #expect(badTag?.row == 2 && badTag?.field == "tag" && badTag?.message.contains("(0010,00G0)") == true)
        #expect(error { _ = try parse("[" + row("0010,00100") + "]") }?.field == "tag")

        let badVR = error { _ = try parse("[" + row("(0010,0010)", vr: "US or QQ") + "]") }
        #expect(badVR?.field == "valueRepresentation" && badVR?.message.contains("US or QQ") == true)
        #expect(error { _ = try parse("[" + row("(0010,0010)", vr: "US/SS") + "]") }?.field == "valueRepresentation")

        let badRetired = error { _ = try parse("[" + row("(0010,0010)", retired: "maybe") + "]") }
        #expect(badRetired?.field == "retired" && badRetired?.message == #"expected Y or N, got "maybe""#)

        let badKeyword = error { _ = try parse("[" + row("(0010,0010)", "Patient Name") + "]") }
        #expect(badKeyword?.field == "keyword")

        let number = error { _ = try parse(#"[{"tag":"(0010,0010)","name":"n","keyword":"K","valueRepresentation":"LO","valueMultiplicity":1,"retired":"N"}]"#) }
        #expect(number?.field == "valueMultiplicity" && number?.message.hasPrefix("expected a string value") == true)

        let unknown = error { _ = try parse(#"[{"tag":"(0010,0010)","name":"n","keyword":"K","valueRepresentation":"LO","valueMultiplicity":"1","retired":"N","extra":"?"}]"#) }
        #expect(unknown?.field == "extra" && unknown?.message.hasPrefix("unknown column") == true)
    }

    @Test func duplicates() {
        let tag = error { _ = try parse("[" + row("(0010,0010)", "A") + "," + row("(0010,0010)", "B") + "]") }
        #expect(tag?.row == 2 && tag?.message == "duplicate tag (first in row 1)")
        let keyword = error { _ = try parse("[" + row("(0010,0010)", "A") + "," + row("(0010,0020)", "A") + "]") }
        #expect(keyword?.row == 2 && keyword?.field == "keyword")
        // Rows without a keyword may repeat the empty keyword.
        #expect(error { _ = try parse("[" + row("(0010,0010)", "") + "," + row("(0010,0020)", "") + "]") } == nil)
    }
}

@Suite struct ProfileParsingTests {
    func parse(_ json: String) throws -> [ProfileRow] { try ProfileRow.parseAll(Data(json.utf8), file: "p.json") }

    func error(_ body: () throws -> Void) -> StandardTablesError? {
        do { try body() } catch let e as StandardTablesError { return e } catch { return nil }
        return nil
    }

    let privateRow = #"{"name":"Private Attributes","tag":"(GGGG,EEEE) WHERE GGGG IS ODD","stdCompIOD":"N","basicProfile":"X","rtnSafePrivOpt":"C","id":"p"}"#

    @Test func validRows() throws {
        let rows = try parse("[" + [
            #"{"name":"Study Date","tag":"(0008,0020)","stdCompIOD":"Y","basicProfile":"Z","rtnLongModifDatesOpt":"C","rtnLongFullDatesOpt":"K","id":"1"}"#,
            #"{"name":"Curve Data","tag":"(50XX,XXXX)","stdCompIOD":"N","basicProfile":"X","cleanGraphOpt":"C","id":"2"}"#,
            #"{"name":"Icon Image Sequence\n\n(see Note 11)","tag":"(0088,0200)","stdCompIOD":"Y","basicProfile":"X/Z/U*","rtnUIDsOpt":"","id":"3"}"#,
            privateRow,
        ].joined(separator: ",") + "]")
        #expect(rows.count == 4)
        #expect(rows[0].target == .tag(TagPattern(parsing: "(0008,0020)")!) && rows[0].basic == "Z" && rows[0].inStandardIOD)
        // Options come in the table's column order, whatever the JSON key order.
        #expect(rows[0].options.map(\.column) == ["rtnLongFullDatesOpt", "rtnLongModifDatesOpt"])
        #expect(rows[0].options.map(\.action) == ["K", "C"])
        #expect(rows[1].target == .tag(TagPattern(parsing: "(50XX,XXXX)")!) && !rows[1].inStandardIOD)
        #expect(rows[2].name == "Icon Image Sequence (see Note 11)" && rows[2].options.isEmpty && rows[2].basic == "X/Z/U*")
        #expect(rows[3].target == .privateAttributes && rows[3].options.map(\.column) == ["rtnSafePrivOpt"])
    }

    @Test func malformedRows() {
        func one(_ row: String) -> StandardTablesError? { error { _ = try parse("[" + row + "," + privateRow + "]") } }
        let action = one(#"{"name":"A","tag":"(0010,0010)","stdCompIOD":"Y","basicProfile":"Q","id":"1"}"#)
        #expect(action?.row == 1 && action?.field == "basicProfile" && action?.message.contains(#"got "Q""#) == true)
        let option = one(#"{"name":"A","tag":"(0010,0010)","stdCompIOD":"Y","basicProfile":"X","cleanDescOpt":"Keep","id":"1"}"#)
        #expect(option?.field == "cleanDescOpt")
        let column = one(#"{"name":"A","tag":"(0010,0010)","stdCompIOD":"Y","basicProfile":"X","newOpt":"K","id":"1"}"#)
        #expect(column?.field == "newOpt" && column?.message.hasPrefix("unknown column") == true)
        let iod = one(#"{"name":"A","tag":"(0010,0010)","stdCompIOD":"yes","basicProfile":"X","id":"1"}"#)
        #expect(iod?.field == "stdCompIOD")
        let tag = one(#"{"name":"A","tag":"(GGGG,EEEE) WHERE GGGG IS EVEN","stdCompIOD":"Y","basicProfile":"X","id":"1"}"#)
        #expect(tag?.field == "tag" && tag?.rowTag == "(GGGG,EEEE) WHERE GGGG IS EVEN")
        let missing = one(#"{"name":"A","tag":"(0010,0010)","stdCompIOD":"Y","id":"1"}"#)
        #expect(missing?.field == "basicProfile" && missing?.message == "missing field")
        let duplicate = error { _ = try parse("[" + privateRow + "," + privateRow + "]") }
        #expect(duplicate?.row == 2 && duplicate?.message.hasPrefix("duplicate tag") == true)
    }

    @Test func privateRowIsRequired() {
        let e = error { _ = try parse(#"[{"name":"A","tag":"(0010,0010)","stdCompIOD":"Y","basicProfile":"X","id":"1"}]"#) }
        #expect(e?.row == nil && e?.message.hasPrefix("no row for private attributes") == true)
    }

    @Test func tagPatterns() {
        #expect(TagPattern(parsing: "(0028,04x0)")?.text == "002804X0")
        #expect(TagPattern(parsing: "7fe0,0010")?.description == "(7FE0,0010)")
        #expect(TagPattern(parsing: "(0010,0010)")?.isRepeating == false)
        #expect(TagPattern(parsing: "(0010,001)") == nil)
        #expect(TagPattern(parsing: "(00100010)") == nil)
        #expect(TagPattern(parsing: "(0010,00Y0)") == nil)
        #expect(TagPattern(parsing: "(００10,0010)") == nil)  // fullwidth digits
    }
}
