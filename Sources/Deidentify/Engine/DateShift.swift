/// Moves DA and DT values by a whole number of days, so that every interval between one patient's
/// dates is kept.
public struct DateShift: Sendable, Equatable {
    /// The number of days added (negative moves into the past). Never 0 when derived by ``offset(key:patientID:issuer:range:)``.
    public let days: Int

    public init(days: Int) { self.days = days }

    /// The keyed per-patient offset: HMAC-SHA-256(key, "date" || 0x00 || PatientID || 0x00 || IssuerOfPatientID),
    /// its first 8 bytes read big-endian, taken modulo the number of non-zero days in `range` and mapped onto
    /// them in ascending order. PatientID and issuer are the stored values without padding.
    public static func offset(key: PseudonymKey, patientID: String, issuer: String, range: ClosedRange<Int>) -> Int {
        offset(key: key, patientID: ArraySlice(patientID.utf8), issuer: ArraySlice(issuer.utf8), range: range)
    }

    static func offset(key: PseudonymKey, patientID: ArraySlice<UInt8>, issuer: ArraySlice<UInt8>, range: ClosedRange<Int>) -> Int {
        let mac = key.mac(domain: "date", [patientID, issuer])
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(mac[i]) }
        let hasZero = range.contains(0)
        // The width in unsigned arithmetic, so that no range (even Int.min...Int.max) can overflow.
        let width = UInt64(bitPattern: Int64(range.upperBound) &- Int64(range.lowerBound)) &+ 1
        let n = width == 0 ? UInt64.max : width - (hasZero ? 1 : 0)
        guard n > 0 else { return range.lowerBound == 0 ? 1 : range.lowerBound }
        var d = Int(truncatingIfNeeded: Int64(range.lowerBound) &+ Int64(bitPattern: v % n))
        if hasZero && d >= 0 { d &+= 1 }
        return d
    }

    /// Shifts every value of a DA element (backslash-separated; each may be a range `A-B` with either side
    /// empty). Also reads the old `YYYY.MM.DD` form and writes `YYYYMMDD`. Nil when a value is not a date.
    public func shiftDA(_ value: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        var first = true
        for part in value.split(separator: 0x5C, omittingEmptySubsequences: false) {
            if !first { out.append(0x5C) }
            first = false
            let v = Self.trim(part)
            if v.isEmpty { continue }
            if let dash = v.firstIndex(of: 0x2D) {
                if dash != v.startIndex {
                    guard let a = shiftOneDA(v[v.startIndex..<dash]) else { return nil }
                    out += a
                }
                out.append(0x2D)
                if dash + 1 < v.endIndex {
                    guard let b = shiftOneDA(v[(dash + 1)...]) else { return nil }
                    out += b
                }
            } else {
                guard let a = shiftOneDA(v) else { return nil }
                out += a
            }
        }
        return out
    }

    public func shiftDA(_ value: String) -> String? {
        shiftDA(ArraySlice(value.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    private func shiftOneDA(_ v: ArraySlice<UInt8>) -> [UInt8]? {
        var d = v
        if d.count == 10, d[d.startIndex + 4] == 0x2E, d[d.startIndex + 7] == 0x2E {
            d = ArraySlice(d.filter { $0 != 0x2E })
        }
        guard let date = CivilDate(digits: d) else { return nil }
        return date.adding(days: days).digits
    }

    /// Shifts the date part of every value of a DT element, keeping time, fraction and UTC offset as
    /// written. Values of year or year-month precision are shifted from their first day and written at the
    /// same precision. Nil when a value does not start with a date.
    public func shiftDT(_ value: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        var first = true
        for part in value.split(separator: 0x5C, omittingEmptySubsequences: false) {
            if !first { out.append(0x5C) }
            first = false
            let v = Self.trim(part)
            if v.isEmpty { continue }
            let digitEnd = v.firstIndex { $0 < 0x30 || $0 > 0x39 } ?? v.endIndex
            let n = digitEnd - v.startIndex
            let padded: [UInt8]
            let keep: Int
            switch n {
            case 4: padded = Array(v.prefix(4)) + Array("0101".utf8); keep = 4
            case 6: padded = Array(v.prefix(6)) + Array("01".utf8); keep = 6
            case 8...: padded = Array(v.prefix(8)); keep = 8
            default: return nil
            }
            guard let date = CivilDate(digits: padded[...]), let shifted = date.adding(days: days).digits else { return nil }
            out += shifted.prefix(keep)
            out += v[(v.startIndex + keep)...]
        }
        return out
    }

    public func shiftDT(_ value: String) -> String? {
        shiftDT(ArraySlice(value.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func trim(_ v: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = v
        while let l = s.last, l == 0x20 || l == 0 { s.removeLast() }
        while let f = s.first, f == 0x20 { s.removeFirst() }
        return s
    }
}
