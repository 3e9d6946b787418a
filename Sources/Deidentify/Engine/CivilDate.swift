/// A proleptic Gregorian calendar date and its day number, for shifting DA and DT values by whole days.
struct CivilDate: Equatable {
    var year: Int
    var month: Int
    var day: Int

    /// Days since 1970-01-01 (negative before), after H. Hinnant's days_from_civil.
    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses exactly 8 ASCII digits `YYYYMMDD` of a real calendar date.
    init?(digits: ArraySlice<UInt8>) {
        guard digits.count == 8, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        func num(_ r: Range<Int>) -> Int {
            r.reduce(0) { $0 * 10 + Int(digits[digits.startIndex + $1] - 0x30) }
        }
        let y = num(0..<4), m = num(4..<6), d = num(6..<8)
        guard m >= 1, m <= 12, d >= 1, d <= CivilDate.daysIn(month: m, year: y) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `YYYYMMDD`, or nil outside years 1...9999.
    var digits: [UInt8]? {
        guard year >= 1, year <= 9999 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(8)
        func put(_ v: Int, _ width: Int) {
            var p = 1
            for _ in 1..<width { p *= 10 }
            var v = v
            while p > 0 { out.append(UInt8(0x30 + v / p)); v %= p; p /= 10 }
        }
        put(year, 4); put(month, 2); put(day, 2)
        return out
    }

    func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }
}
