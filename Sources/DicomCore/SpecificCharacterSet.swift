#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The character repertoire of a data set, from Specific Character Set (0008,0005), and the decoding of
/// text values through it (PS3.5 §6.1, including ISO 2022 code extensions with escape sequences).
public struct SpecificCharacterSet: Sendable, Equatable, CustomStringConvertible {
    /// The defined terms as written in the data set, e.g. `["ISO 2022 IR 6", "ISO 2022 IR 87"]`.
    public let terms: [String]
    /// Terms this build does not know; their text is decoded as Latin-1, which keeps every byte, and reported.
    public let unknownTerms: [String]

    /// The default repertoire (ISO_IR 6, ASCII).
    public static let `default` = SpecificCharacterSet(terms: [])

    public init(terms: [String]) {
        self.terms = terms.map { $0.trimmingSpaces() }
        self.unknownTerms = self.terms.filter { !$0.isEmpty && Self.encodingOf(term: $0) == nil }
    }

    /// True when text is UTF-8 (ISO_IR 192).
    public var isUTF8: Bool { terms.first == "ISO_IR 192" }
    /// True when values may switch charsets with escape sequences.
    public var usesCodeExtensions: Bool { terms.count > 1 || (terms.first?.hasPrefix("ISO 2022") ?? false) }

    public var description: String { terms.isEmpty ? "ISO_IR 6" : terms.joined(separator: "\\") }

    /// The converter name (iconv) for a defined term, or nil when the term is unknown.
    static func encodingOf(term: String) -> String? {
        switch term {
        case "", "ISO_IR 6", "ISO 2022 IR 6": return "ASCII"
        case "ISO_IR 100", "ISO 2022 IR 100": return "ISO-8859-1"
        case "ISO_IR 101", "ISO 2022 IR 101": return "ISO-8859-2"
        case "ISO_IR 109", "ISO 2022 IR 109": return "ISO-8859-3"
        case "ISO_IR 110", "ISO 2022 IR 110": return "ISO-8859-4"
        case "ISO_IR 144", "ISO 2022 IR 144": return "ISO-8859-5"
        case "ISO_IR 127", "ISO 2022 IR 127": return "ISO-8859-6"
        case "ISO_IR 126", "ISO 2022 IR 126": return "ISO-8859-7"
        case "ISO_IR 138", "ISO 2022 IR 138": return "ISO-8859-8"
        case "ISO_IR 148", "ISO 2022 IR 148": return "ISO-8859-9"
        case "ISO_IR 203", "ISO 2022 IR 203": return "ISO-8859-15"
        case "ISO_IR 13", "ISO 2022 IR 13": return "SHIFT_JIS"
        case "ISO_IR 166", "ISO 2022 IR 166": return "TIS-620"
        case "ISO 2022 IR 87": return "ISO-2022-JP"
        case "ISO 2022 IR 159": return "ISO-2022-JP-2"
        case "ISO 2022 IR 149": return "EUC-KR"
        case "ISO 2022 IR 58": return "GB2312"
        case "ISO_IR 192": return "UTF-8"
        case "GB18030": return "GB18030"
        case "GBK": return "GBK"
        default: return nil
        }
    }

    /// Converter for the text after an ISO 2022 escape sequence, and whether the escape stays in the input.
    static func encodingOf(escape: [UInt8]) -> (name: String, keepEscape: Bool)? {
        switch escape {
        case [0x28, 0x42]: return ("ASCII", false)                 // ESC ( B
        case [0x28, 0x4A]: return ("SHIFT_JIS", false)             // ESC ( J  JIS X 0201 Romaji
        case [0x29, 0x49]: return ("SHIFT_JIS", false)             // ESC ) I  JIS X 0201 Katakana
        case [0x24, 0x42]: return ("ISO-2022-JP", true)            // ESC $ B  JIS X 0208
        case [0x24, 0x28, 0x44]: return ("ISO-2022-JP-2", true)    // ESC $ ( D  JIS X 0212
        case [0x24, 0x29, 0x43]: return ("EUC-KR", false)          // ESC $ ) C  KS X 1001
        case [0x24, 0x29, 0x41]: return ("GB2312", false)          // ESC $ ) A  GB 2312
        case [0x2D, 0x41]: return ("ISO-8859-1", false)
        case [0x2D, 0x42]: return ("ISO-8859-2", false)
        case [0x2D, 0x43]: return ("ISO-8859-3", false)
        case [0x2D, 0x44]: return ("ISO-8859-4", false)
        case [0x2D, 0x4C]: return ("ISO-8859-5", false)
        case [0x2D, 0x47]: return ("ISO-8859-6", false)
        case [0x2D, 0x46]: return ("ISO-8859-7", false)
        case [0x2D, 0x48]: return ("ISO-8859-8", false)
        case [0x2D, 0x4D]: return ("ISO-8859-9", false)
        case [0x2D, 0x54]: return ("TIS-620", false)
        case [0x2D, 0x62]: return ("ISO-8859-15", false)
        default: return nil
        }
    }

    /// Decodes a text value. Bytes that cannot be decoded are kept as Latin-1, so no input byte is lost.
    public func decode(_ bytes: ArraySlice<UInt8>, vr: VR) -> String {
        if bytes.isEmpty { return "" }
        guard vr.usesSpecificCharacterSet else { return Self.latin1(bytes) }
        let first = terms.first ?? ""
        if !usesCodeExtensions {
            if bytes.allSatisfy({ $0 < 0x80 }) { return Self.latin1(bytes) }
            switch first {
            case "ISO_IR 192": return String(decoding: bytes, as: UTF8.self)
            case "", "ISO_IR 6", "ISO_IR 100": return Self.latin1(bytes)
            default:
                let enc = Self.encodingOf(term: first) ?? "ISO-8859-1"
                return Self.convert(bytes, from: enc) ?? Self.latin1(bytes)
            }
        }
        if vr == .PN {
            // Component groups are decoded one by one; each starts in the initial charset.
            return bytes.split(separator: 0x3D, omittingEmptySubsequences: false)
                .map { decodeExtended($0) }.joined(separator: "=")
        }
        return decodeExtended(bytes)
    }

    /// ISO 2022: split at ESC, decode each fragment with the charset its escape names.
    private func decodeExtended(_ bytes: ArraySlice<UInt8>) -> String {
        let initial = Self.encodingOf(term: terms.first ?? "") ?? "ISO-8859-1"
        var out = ""
        var start = bytes.startIndex
        var i = start
        func flush(_ end: Int) {
            guard start < end else { return }
            let frag = bytes[start..<end]
            if frag.first == 0x1B {
                // Find the escape sequence (2 or 3 bytes after ESC).
                let body = frag.dropFirst()
                for len in [3, 2] where body.count >= len {
                    let esc = Array(body.prefix(len))
                    if let (name, keep) = Self.encodingOf(escape: esc) {
                        let text = keep ? frag : body.dropFirst(len)
                        out += Self.convert(text, from: name) ?? Self.latin1(text)
                        return
                    }
                }
                out += Self.latin1(frag)
            } else {
                if frag.allSatisfy({ $0 < 0x80 }) { out += Self.latin1(frag) }
                else { out += Self.convert(frag, from: initial) ?? Self.latin1(frag) }
            }
        }
        while i < bytes.endIndex {
            if bytes[i] == 0x1B && i != start { flush(i); start = i }
            i += 1
        }
        flush(bytes.endIndex)
        return out
    }

    /// Encodes text for a value of `vr`: UTF-8 under ISO_IR 192, the single-byte set otherwise.
    /// Characters the repertoire cannot hold are replaced with `?`, and `lossy` reports it.
    public func encode(_ text: String, vr: VR) -> (bytes: [UInt8], lossy: Bool) {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return (Array(text.utf8), false) }
        if isUTF8 { return (Array(text.utf8), false) }
        let first = terms.first ?? ""
        let enc = Self.encodingOf(term: first) ?? "ISO-8859-1"
        if usesCodeExtensions || enc == "ASCII" {
            let ascii = text.unicodeScalars.map { $0.isASCII ? UInt8($0.value) : UInt8(ascii: "?") }
            return (ascii, true)
        }
        if let b = Self.convertTo(text, encoding: enc) { return (b, false) }
        return (text.unicodeScalars.map { $0.isASCII ? UInt8($0.value) : UInt8(ascii: "?") }, true)
    }

    static func latin1(_ bytes: ArraySlice<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(Unicode.Scalar(b)) }
        return String(s)
    }

    /// iconv conversion to UTF-8; nil when the converter is missing or the input is invalid.
    static func convert(_ bytes: ArraySlice<UInt8>, from encoding: String) -> String? {
        guard let out = iconvRun(Array(bytes), from: encoding, to: "UTF-8") else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    static func convertTo(_ text: String, encoding: String) -> [UInt8]? {
        iconvRun(Array(text.utf8), from: "UTF-8", to: encoding)
    }

    private static func iconvRun(_ input: [UInt8], from: String, to: String) -> [UInt8]? {
        let cd = iconv_open(to, from)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var inBuf = input
        var out = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let outCap = out.count
        var ok = true
        var produced = 0
        inBuf.withUnsafeMutableBytes { inRaw in
            out.withUnsafeMutableBytes { outRaw in
                var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outPtr: UnsafeMutablePointer<CChar>? = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outCap
                if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { ok = false }
                // Flush any shift state.
                if ok, iconv(cd, nil, nil, &outPtr, &outLeft) == -1 { ok = false }
                produced = outCap - outLeft
            }
        }
        return ok ? Array(out.prefix(produced)) : nil
    }
}

extension String {
    /// Trims leading and trailing spaces (0x20) only.
    func trimmingSpaces() -> String {
        var u = Substring(self)
        while u.first == " " { u.removeFirst() }
        while u.last == " " { u.removeLast() }
        return String(u)
    }
}
