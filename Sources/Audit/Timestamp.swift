import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// RFC 3339 UTC timestamps with milliseconds, e.g. `2026-11-29T13:26:56.120Z`.
enum Timestamp {
    /// The text of `date`, in UTC, truncated to the millisecond; nil outside the years 1970 to 9999.
    static func rfc3339(_ date: Date) -> String? {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite, interval >= 0, interval < 253_402_300_800 else { return nil }
        let wholeSeconds = interval.rounded(.down)
        var seconds = time_t(wholeSeconds)
        var millis = Int(((interval - wholeSeconds) * 1000).rounded(.down))
        if millis > 999 { millis = 999 }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}
