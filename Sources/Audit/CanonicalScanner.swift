/// A one-pass check that bytes are exactly the canonical JSON `CanonicalJSON` writes, without
/// building any values; for a top-level object it also returns where each member lies.
///
/// It accepts a text exactly when `CanonicalJSON.encode(JSONParser.parse(text)) == text` (the test
/// suite checks the two agree), but costs a fraction of a parse and re-encode: this is what lets
/// `AuditLog.verify` check 100,000 entries in about a second.
enum CanonicalScanner {
    /// One member of the top-level object.
    struct Member {
        /// The member name (canonical, so it is its own text between the quotes when it has no escapes).
        var key: String
        /// From the key's opening quote to the end of the value.
        var range: Range<Int>
        /// The value's bytes.
        var value: Range<Int>
    }

    /// Checks `bytes` is canonical JSON; returns the members of a top-level object, or [] for any other value.
    static func scan(_ bytes: UnsafeRawBufferPointer) throws -> [Member] {
        var s = Scanner(bytes: bytes)
        var members: [CanonicalScanner.Member] = []
        try s.value(depth: 0, topLevel: &members)
        guard s.index == bytes.count else { throw s.error("unexpected text after the JSON value") }
        return members
    }

    /// True when `bytes` is exactly canonical JSON.
    static func isCanonical(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { (try? scan($0)) != nil }
    }
}

private struct Scanner {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    func error(_ message: String) -> AuditError {
        AuditError(.notCanonical, message, offset: index)
    }

    @inline(__always) func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func value(depth: Int, topLevel: inout [CanonicalScanner.Member]) throws {
        guard let b = peek() else { throw error("the text ends where a value should start") }
        switch b {
        case UInt8(ascii: "{"):
            guard depth < JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth)") }
            try object(depth: depth + 1, record: depth == 0, members: &topLevel)
        case UInt8(ascii: "["):
            guard depth < JSONParser.maxDepth else { throw error("nesting deeper than \(JSONParser.maxDepth)") }
            index += 1
            if peek() == UInt8(ascii: "]") {
                index += 1
                return
            }
            var none: [CanonicalScanner.Member] = []
            while true {
                try value(depth: depth + 1, topLevel: &none)
                guard let c = peek() else { throw error("the text ends inside an array") }
                index += 1
                if c == UInt8(ascii: "]") { return }
                guard c == UInt8(ascii: ",") else { index -= 1; throw error("expected ',' or ']'") }
            }
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
        default:
            throw error("unexpected byte where a value should start")
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard index + n <= bytes.count else { throw error("expected \(word)") }
        let w = word.utf8Start
        for i in 0..<n where bytes[index + i] != w[i] { throw error("expected \(word)") }
        index += n
    }

    /// The bytes of a member name: a range of the input, or unescaped bytes.
    enum KeyBytes {
        case raw(Range<Int>)
        case owned([UInt8])
    }

    func precedes(_ a: KeyBytes, _ b: KeyBytes) -> Bool {
        switch (a, b) {
        case (.raw(let x), .raw(let y)):
            return UnsafeRawBufferPointer(rebasing: bytes[x]).lexicographicallyPrecedes(UnsafeRawBufferPointer(rebasing: bytes[y]))
        case (.raw(let x), .owned(let y)):
            return UnsafeRawBufferPointer(rebasing: bytes[x]).lexicographicallyPrecedes(y)
        case (.owned(let x), .raw(let y)):
            return x.lexicographicallyPrecedes(UnsafeRawBufferPointer(rebasing: bytes[y]))
        case (.owned(let x), .owned(let y)):
            return x.lexicographicallyPrecedes(y)
        }
    }

    /// An object; with `record`, appends each member to `members` (used for the top level only).
    mutating func object(depth: Int, record: Bool, members: inout [CanonicalScanner.Member]) throws {
        index += 1  // {
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        var previous: KeyBytes?
        var nonASCIIKeys: Set<String> = []
        var none: [CanonicalScanner.Member] = []
        while true {
            let keyStart = index
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a quoted member name") }
            let (contentRange, unescaped, ascii) = try string()
            let current: KeyBytes = unescaped.map(KeyBytes.owned) ?? .raw(contentRange)
            // Members must be in strictly increasing order of their (unescaped) UTF-8 bytes.
            if let previous, !precedes(previous, current) {
                index = keyStart
                throw error("members are not in canonical order (or a name repeats)")
            }
            previous = current
            var keyText = ""
            if record || !ascii {
                keyText = unescaped.map { String(decoding: $0, as: UTF8.self) }
                    ?? String(decoding: UnsafeRawBufferPointer(rebasing: bytes[contentRange]), as: UTF8.self)
            }
            if !ascii {
                // Names equal under Unicode canonical equivalence count as one name, as in JSONParser.
                guard nonASCIIKeys.insert(keyText).inserted else {
                    index = keyStart
                    throw error("two member names are canonically equivalent")
                }
            }
            guard peek() == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            let valueStart = index
            try value(depth: depth, topLevel: &none)
            if record {
                members.append(CanonicalScanner.Member(key: keyText, range: keyStart..<index, value: valueStart..<index))
            }
            guard let c = peek() else { throw error("the text ends inside an object") }
            index += 1
            if c == UInt8(ascii: "}") { return }
            guard c == UInt8(ascii: ",") else { index -= 1; throw error("expected ',' or '}'") }
        }
    }

    /// A string in canonical form. Returns the range between the quotes, the unescaped bytes when
    /// there were escapes (nil when the raw bytes are the content), and whether it is all ASCII.
    mutating func string() throws -> (Range<Int>, [UInt8]?, Bool) {
        index += 1  // opening quote
        let start = index
        var ascii = true
        var unescaped: [UInt8]?
        while index < bytes.count {
            let b = bytes[index]
            // Plain bytes (printable ASCII other than quote and backslash) are the common case.
            if b >= 0x20 && b < 0x80 && b != 0x22 && b != 0x5C {
                if unescaped != nil { unescaped?.append(b) }
                index += 1
                continue
            }
            if b == UInt8(ascii: "\"") {
                let range = start..<index
                index += 1
                return (range, unescaped, ascii)
            }
            if b < 0x20 { throw error("a raw control character in a string") }
            if b == UInt8(ascii: "\\") {
                if unescaped == nil { unescaped = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index])) }
                index += 1
                guard let e = peek() else { throw error("the text ends inside an escape") }
                index += 1
                switch e {
                case UInt8(ascii: "\""): unescaped?.append(0x22)
                case UInt8(ascii: "\\"): unescaped?.append(0x5C)
                case UInt8(ascii: "b"): unescaped?.append(0x08)
                case UInt8(ascii: "t"): unescaped?.append(0x09)
                case UInt8(ascii: "n"): unescaped?.append(0x0A)
                case UInt8(ascii: "f"): unescaped?.append(0x0C)
                case UInt8(ascii: "r"): unescaped?.append(0x0D)
                case UInt8(ascii: "u"):
                    // Only \u00xx, lowercase, for a control without a short form.
                    guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "0"), bytes[index + 1] == UInt8(ascii: "0"),
                        let hi = lowerHex(bytes[index + 2]), let lo = lowerHex(bytes[index + 3])
                    else { throw error("a \\u escape that canonical form does not use") }
                    let v = hi << 4 | lo
                    guard v < 0x20, ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(v) else {
                        throw error("a \\u escape that canonical form does not use")
                    }
                    unescaped?.append(v)
                    index += 4
                default:
                    index -= 2
                    throw error("an escape that canonical form does not use")
                }
                continue
            }
            if b < 0x80 {
                unescaped?.append(b)
                index += 1
                continue
            }
            ascii = false
            let n = try utf8Sequence()
            unescaped?.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + n)]))
            index += n
        }
        throw error("the text ends inside a string")
    }

    /// The length of the valid UTF-8 sequence at `index` (lead byte >= 0x80).
    func utf8Sequence() throws -> Int {
        let b0 = bytes[index]
        func cont(_ i: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            index + i < bytes.count && bytes[index + i] >= lo && bytes[index + i] <= hi
        }
        switch b0 {
        case 0xC2...0xDF where cont(1): return 2
        case 0xE0 where cont(1, 0xA0) && cont(2): return 3
        case 0xE1...0xEC where cont(1) && cont(2), 0xEE...0xEF where cont(1) && cont(2): return 3
        case 0xED where cont(1, 0x80, 0x9F) && cont(2): return 3
        case 0xF0 where cont(1, 0x90) && cont(2) && cont(3): return 4
        case 0xF1...0xF3 where cont(1) && cont(2) && cont(3): return 4
        case 0xF4 where cont(1, 0x80, 0x8F) && cont(2) && cont(3): return 4
        default: throw error("a string is not valid UTF-8")
        }
    }

    @inline(__always) func lowerHex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    mutating func number() throws {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard let d0 = peek(), isDigit(d0) else { throw error("a '-' without digits") }
        index += 1
        if d0 == UInt8(ascii: "0") {
            if let d = peek(), isDigit(d) { throw error("a number with a leading zero") }
        } else {
            while let d = peek(), isDigit(d) { index += 1 }
        }
        var isInteger = true
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let d = peek(), isDigit(d) else { throw error("a '.' without digits") }
            while let d = peek(), isDigit(d) { index += 1 }
        }
        if peek() == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let d = peek(), isDigit(d) else { throw error("an exponent without digits") }
            while let d = peek(), isDigit(d) { index += 1 }
        }
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
        if isInteger {
            guard !(negative && d0 == UInt8(ascii: "0")) else { throw error("-0 is written 0") }
            // At most 19 digits; 19-digit values must fit Int64.
            let digits = text.count - (negative ? 1 : 0)
            if digits > 19 { throw error("an integer outside the 64-bit range") }
            if digits == 19 {
                let limit = Array((negative ? "9223372036854775808" : "9223372036854775807").utf8)
                let body = UnsafeRawBufferPointer(rebasing: text[(negative ? 1 : 0)...])
                if limit.lexicographicallyPrecedes(body) { throw error("an integer outside the 64-bit range") }
            }
            return
        }
        let s = String(decoding: text, as: UTF8.self)
        guard let d = Double(s), d.isFinite, d.description == s else {
            index = start
            throw error("a number not in canonical form (shortest round-trip text)")
        }
    }
}
