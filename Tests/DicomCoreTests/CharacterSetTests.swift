import Testing
import DicomCore

/// Text decoding through Specific Character Set, including ISO 2022 escapes (PS3.5 Annex H–K examples).
@Suite struct CharacterSetTests {
    @Test func latin1() {
        let cs = SpecificCharacterSet(terms: ["ISO_IR 100"])
        #expect(cs.decode([0x42, 0x75, 0x63, 0x5E, 0x4A, 0xE9, 0x72, 0xF4, 0x6D, 0x65], vr: .PN) == "Buc^Jérôme")
    }

    @Test func utf8() {
        let cs = SpecificCharacterSet(terms: ["ISO_IR 192"])
        #expect(cs.decode(ArraySlice("Wang^XiaoDong=王^小東".utf8), vr: .PN) == "Wang^XiaoDong=王^小東")
    }

    @Test func cyrillic() {
        let cs = SpecificCharacterSet(terms: ["ISO_IR 144"])
        // "Люкceмбypг" in ISO 8859-5 (PS3.5 example chrRuss)
        #expect(cs.decode([0xBB, 0xEE, 0xDA, 0x63, 0x65, 0xDC, 0xD1, 0x79, 0x70, 0xD3], vr: .PN) == "Люкceмбypг")
    }

    @Test func japaneseISO2022() {
        // PS3.5 H.3.1: Yamada^Tarou=山田^太郎=やまだ^たろう with ISO 2022 IR 87.
        let cs = SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"])
        let bytes: [UInt8] = Array("Yamada^Tarou=".utf8)
            + [0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x42, 0x5E, 0x1B, 0x24, 0x42, 0x42, 0x40, 0x4F, 0x3A, 0x1B, 0x28, 0x42, 0x3D]
            + [0x1B, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5E, 0x24, 0x40, 0x1B, 0x28, 0x42, 0x5E, 0x1B, 0x24, 0x42, 0x24, 0x3F, 0x24, 0x6D, 0x24, 0x26, 0x1B, 0x28, 0x42]
        #expect(cs.decode(ArraySlice(bytes), vr: .PN) == "Yamada^Tarou=山田^太郎=やまだ^たろう")
    }

    @Test func koreanISO2022() {
        // PS3.5 I.2: Hong^Gildong=洪^吉洞=홍^길동 with ISO 2022 IR 149.
        let cs = SpecificCharacterSet(terms: ["", "ISO 2022 IR 149"])
        let bytes: [UInt8] = Array("Hong^Gildong=".utf8)
            + [0x1B, 0x24, 0x29, 0x43, 0xFB, 0xF3, 0x5E, 0x1B, 0x24, 0x29, 0x43, 0xD1, 0xCE, 0xD4, 0xD7, 0x3D]
            + [0x1B, 0x24, 0x29, 0x43, 0xC8, 0xAB, 0x5E, 0x1B, 0x24, 0x29, 0x43, 0xB1, 0xE6, 0xB5, 0xBF]
        #expect(cs.decode(ArraySlice(bytes), vr: .PN) == "Hong^Gildong=洪^吉洞=홍^길동")
    }

    @Test func unknownSetKeepsEveryByte() {
        let cs = SpecificCharacterSet(terms: ["ISO_IR 999"])
        #expect(cs.unknownTerms == ["ISO_IR 999"])
        let bytes: [UInt8] = [0x41, 0xE9, 0xFF]
        let text = cs.decode(ArraySlice(bytes), vr: .LO)
        #expect(text.unicodeScalars.map { UInt8($0.value) } == bytes)
    }

    @Test func nonTextVRsIgnoreTheSet() {
        let cs = SpecificCharacterSet(terms: ["ISO_IR 192"])
        #expect(cs.decode(ArraySlice("1.2.3".utf8), vr: .UI) == "1.2.3")
    }

    @Test func encodingRoundTrips() {
        let latin = SpecificCharacterSet(terms: ["ISO_IR 100"])
        let (bytes, lossy) = latin.encode("Jérôme", vr: .PN)
        #expect(!lossy)
        #expect(latin.decode(ArraySlice(bytes), vr: .PN) == "Jérôme")
        let ascii = SpecificCharacterSet.default
        #expect(ascii.encode("Jérôme", vr: .PN).lossy)
    }
}
