import DicomCore

/// One piece of identifying text harvested from an original header.
public struct PHIToken: Sendable, Hashable {
    /// What kind of identifier the token comes from.
    public enum Kind: String, Sendable, Hashable {
        case name, identifier, birthDate, address, phone, institution, uid
    }
    /// The token as text (decoded through the data set's character set).
    public let text: String
    public let kind: Kind
    /// The attribute it was harvested from (the first one, when several hold it).
    public let source: Tag
}

/// A match of a token in a text.
public struct PHIMatch: Sendable, Equatable {
    public let token: PHIToken
    public let range: Range<String.Index>
}

/// PHI tokens harvested from an original header, and the search for them in retained text.
///
/// Harvested (at every depth): the components of every PN value of 3 or more characters (family, given and
/// middle names; prefixes and suffixes are skipped); patient, other-patient, accession, admission, study,
/// order and procedure-step IDs; the birth date as `YYYYMMDD`, `YYYY-MM-DD`, `DD.MM.YYYY` and `MM/DD/YYYY`;
/// addresses, residence and telephone numbers (whole values, their words of 3 or more characters, and phone
/// digits); institution and department names (whole values and distinctive words of 4 or more characters);
/// instance UIDs of 8 or more characters (not well-known or SOP-class-like ones), which link free text back to
/// the original instances.
///
/// Matching is case-insensitive (ASCII letters) and respects word edges: a token matches where the
/// characters on either side are not of the same class (letter or digit) as the token's own edge, so
/// `LEE` does not match inside `SLEEP`, while `12345` matches inside `MRN12345`.
public struct PHITokens: Sendable {
    /// One harvested token: its bytes as stored, lowercased bytes for matching, kind and source.
    struct Entry: Sendable {
        let raw: [UInt8]
        let lower: [UInt8]
        let kind: PHIToken.Kind
        let source: Tag
    }

    /// Deduplicated, longest first.
    let entries: [Entry]
    /// The character set of the harvested data set (the raw bytes are in it).
    let charset: SpecificCharacterSet
    /// For each lowercased first byte, the indices of the entries starting with it.
    let byFirstByte: [[Int]]
    /// `entries[i].lower`, kept apart for the search loop.
    let patterns: [[UInt8]]

    /// The tokens as text, longest first.
    public var tokens: [PHIToken] { entries.indices.map(token(at:)) }

    public var isEmpty: Bool { entries.isEmpty }

    public static let empty = PHITokens(collected: [], charset: .default)

    func token(at i: Int) -> PHIToken {
        let e = entries[i]
        return PHIToken(text: charset.decode(e.raw[...], vr: .LO), kind: e.kind, source: e.source)
    }

    init(collected: [Entry], charset: SpecificCharacterSet) {
        // Longest first; among equals the first harvested, so that a token names where it was first seen.
        let order = collected.indices.sorted { a, b in
            let x = collected[a].lower, y = collected[b].lower
            if x.count != y.count { return x.count > y.count }
            if x != y { return x.lexicographicallyPrecedes(y) }
            return a < b
        }
        var kept: [Entry] = []
        kept.reserveCapacity(order.count)
        for i in order where kept.last?.lower != collected[i].lower { kept.append(collected[i]) }
        entries = kept
        patterns = kept.map(\.lower)
        self.charset = charset
        var idx = [[Int]](repeating: [], count: 256)
        for (i, e) in kept.enumerated() { idx[Int(e.lower[0])].append(i) }
        byFirstByte = idx
    }

    /// Harvests the PHI tokens of an original data set (see the type's description).
    public static func harvest(from dataSet: DataSet) -> PHITokens {
        var h = Harvester()
        h.walk(dataSet, depth: 0)
        return PHITokens(collected: h.out, charset: dataSet.declaredCharacterSet ?? .default)
    }

    /// Every non-overlapping match of a token in `text` (longest tokens win), in text order.
    public func matches(in text: String) -> [PHIMatch] {
        let all = tokens
        let patterns = all.map { Array($0.text.utf8).map(Self.lower) }
        var idx = [[Int]](repeating: [], count: 256)
        for (i, p) in patterns.enumerated() where !p.isEmpty { idx[Int(p[0])].append(i) }
        let bytes = Array(text.utf8)
        return Self.search(bytes[...], patterns: patterns, index: idx).map { m in
            let u = text.utf8
            let lo = u.index(u.startIndex, offsetBy: m.range.lowerBound)
            let hi = u.index(u.startIndex, offsetBy: m.range.upperBound)
            return PHIMatch(token: all[m.token], range: lo..<hi)
        }
    }

    /// Matches in raw value bytes encoded in the harvested data set's character set.
    func matches(bytes: ArraySlice<UInt8>) -> [(range: Range<Int>, token: Int)] {
        Self.search(bytes, patterns: patterns, index: byFirstByte)
    }

    static func search(_ b: ArraySlice<UInt8>, patterns: [[UInt8]], index: [[Int]]) -> [(range: Range<Int>, token: Int)] {
        guard !patterns.isEmpty, !b.isEmpty else { return [] }
        var out: [(range: Range<Int>, token: Int)] = []
        // Over raw buffers: this runs on every kept text value of every file.
        b.withUnsafeBufferPointer { text in
            index.withUnsafeBufferPointer { index in
                patterns.withUnsafeBufferPointer { patterns in
                    var i = 0
                    let end = text.count
                    while i < end {
                        var matched = false
                        for pi in index[Int(lower(text[i]))] {
                            let n = patterns[pi].count
                            guard i + n <= end else { continue }
                            let ok = patterns[pi].withUnsafeBufferPointer { p -> Bool in
                                var k = 1
                                while k < n {
                                    if lower(text[i + k]) != p[k] { return false }
                                    k += 1
                                }
                                // Word edges: the neighbours must not continue the token's first/last character class.
                                if i > 0, sameClass(text[i - 1], p[0]) { return false }
                                if i + n < end, sameClass(text[i + n], p[n - 1]) { return false }
                                return true
                            }
                            guard ok else { continue }
                            out.append(((b.startIndex + i)..<(b.startIndex + i + n), pi))
                            i += n
                            matched = true
                            break
                        }
                        if !matched { i += 1 }
                    }
                }
            }
        }
        return out
    }

    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c }

    /// 0 = other, 1 = letter (ASCII letters and every non-ASCII byte), 2 = digit.
    @inline(__always) static func charClass(_ c: UInt8) -> Int {
        if c >= 0x30 && c <= 0x39 { return 2 }
        if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80 { return 1 }
        return 0
    }

    @inline(__always) static func sameClass(_ a: UInt8, _ b: UInt8) -> Bool {
        let ca = charClass(a)
        return ca != 0 && ca == charClass(b)
    }
}

/// Collects tokens from an original data set.
private struct Harvester {
    var out: [PHITokens.Entry] = []

    /// What a public attribute's value is harvested as (besides PN and UI, which go by VR).
    enum Source { case identifier, address, phone, institution }

    /// A switch rather than sets: this runs for every element of every file.
    static func source(_ raw: UInt32) -> Source? {
        switch raw {
        case 0x0010_0020, 0x0010_1000, 0x0010_0021, 0x0008_0050, 0x0038_0010, 0x0020_0010, 0x0040_1001,
             0x0040_0009, 0x0040_0253, 0x0040_2016, 0x0040_2017, 0x0038_0060, 0x0010_1090, 0x0040_050A,
             0x0012_0040, 0x0012_0042, 0x0010_2160:
            return .identifier
        case 0x0010_1040, 0x0008_0092, 0x0008_0081, 0x0040_1102, 0x0010_2150, 0x0010_2152, 0x0038_0400, 0x0038_0300:
            return .address
        case 0x0010_2154, 0x0008_0094, 0x0040_1103:
            return .phone
        case 0x0008_0080, 0x0008_1040, 0x0040_A027, 0x0010_2299:
            return .institution
        default:
            return nil
        }
    }
    /// Lowercase words too common in addresses and institution names to mean anything alone.
    static let stopwords: Set<[UInt8]> = Set([
        "hospital", "hospitals", "clinic", "clinics", "klinik", "klinikum", "center", "centre", "medical", "university",
        "universitaet", "general", "health", "healthcare", "radiology", "imaging", "department", "dept", "institute",
        "street", "road", "avenue", "lane", "drive", "boulevard", "the", "and", "for", "saint", "suite", "floor",
        "building", "city", "north", "south", "east", "west", "regional", "memorial", "children", "childrens",
        "county", "community", "services", "care", "unit", "main", "national", "state", "foundation",
    ].map { Array($0.utf8) })

    mutating func add(_ bytes: ArraySlice<UInt8>, _ kind: PHIToken.Kind, _ tag: Tag) {
        var b = bytes
        while let l = b.last, l == 0x20 || l == 0 { b.removeLast() }
        while let f = b.first, f == 0x20 { b.removeFirst() }
        guard b.count >= 3 else { return }
        // A token of nothing but punctuation or one repeated character finds only noise.
        guard b.contains(where: { PHITokens.charClass($0) != 0 }) else { return }
        out.append(PHITokens.Entry(raw: Array(b), lower: b.map(PHITokens.lower), kind: kind, source: tag))
    }

    mutating func walk(_ ds: DataSet, depth: Int) {
        guard depth < 64 else { return }
        for e in ds.elements {
            switch e.value {
            case .sequence(let s):
                for item in s.items { walk(item.dataSet, depth: depth + 1) }
            case .encapsulated:
                continue
            case .bytes(let b):
                guard !b.isEmpty, !e.tag.isPrivate else { continue }
                let raw = e.tag.raw
                if e.vr == .PN {
                    names(b, e.tag)
                } else if e.vr == .UI {
                    // Instance UIDs quoted in free text link the text back to the original instance.
                    guard !WellKnownAttributes.isClassUID(raw) else { continue }
                    for v in b.split(separator: 0x5C) {
                        let u = DateShift.trim(v)
                        if u.count >= 8 && !UIDRemapper.isWellKnown(u) { add(u, .uid, e.tag) }
                    }
                } else if raw == 0x0010_0030 {
                    birthDate(b, e.tag)
                } else if let source = Self.source(raw) {
                    for v in b.split(separator: 0x5C) {
                        switch source {
                        case .identifier:
                            add(v, .identifier, e.tag)
                        case .address:
                            add(v, .address, e.tag)
                            words(v, .address, e.tag, minLength: 3)
                        case .phone:
                            add(v, .phone, e.tag)
                            let digits = v.filter { $0 >= 0x30 && $0 <= 0x39 }
                            if digits.count >= 7 { add(ArraySlice(digits), .phone, e.tag) }
                        case .institution:
                            add(v, .institution, e.tag)
                            words(v, .institution, e.tag, minLength: 4)
                        }
                    }
                }
            }
        }
    }

    /// Family, given and middle names of every component group (alphabetic, ideographic, phonetic).
    mutating func names(_ b: ArraySlice<UInt8>, _ tag: Tag) {
        for value in b.split(separator: 0x5C) {
            for group in value.split(separator: 0x3D, omittingEmptySubsequences: false) {
                for (i, comp) in group.split(separator: 0x5E, omittingEmptySubsequences: false).enumerated() where i < 3 {
                    add(comp, .name, tag)
                    // "VAN DER BERG", "SMITH-JONES": the parts too.
                    let parts = comp.split(whereSeparator: { $0 == 0x20 || $0 == 0x2D || $0 == 0x2C || $0 == 0x2E })
                    if parts.count > 1 { for p in parts { add(p, .name, tag) } }
                }
            }
        }
    }

    mutating func words(_ v: ArraySlice<UInt8>, _ kind: PHIToken.Kind, _ tag: Tag, minLength: Int) {
        let parts = v.split(whereSeparator: { c in c == 0x20 || c == 0x2C || c == 0x5E || c == 0x3B || c == 0x2F || c == 0x0A || c == 0x0D })
        guard parts.count > 1 else { return }
        for p in parts where p.count >= minLength {
            var word: [UInt8] = []
            word.reserveCapacity(p.count)
            for c in p where c != 0x2E && c != 0x27 { word.append(PHITokens.lower(c)) }  // without . and '
            if Self.stopwords.contains(word) { continue }
            add(p, kind, tag)
        }
    }

    mutating func birthDate(_ b: ArraySlice<UInt8>, _ tag: Tag) {
        var d = b
        while let l = d.last, l == 0x20 || l == 0 { d.removeLast() }
        guard d.count == 8, d.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { add(d, .birthDate, tag); return }
        let a = Array(d)
        let y = a[0..<4], m = a[4..<6], dd = a[6..<8]
        add(ArraySlice(a), .birthDate, tag)
        add(ArraySlice(Array(y) + [0x2D] + Array(m) + [0x2D] + Array(dd)), .birthDate, tag)
        add(ArraySlice(Array(dd) + [0x2E] + Array(m) + [0x2E] + Array(y)), .birthDate, tag)
        add(ArraySlice(Array(m) + [0x2F] + Array(dd) + [0x2F] + Array(y)), .birthDate, tag)
    }
}
