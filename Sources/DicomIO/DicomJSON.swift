import DicomCore
import DicomDictionary
import Foundation

/// The DICOM JSON model of PS3.18 §F.2 for a data set: `{"GGGGEEEE": {"vr": …, "Value": […]}}`.
public enum DicomJSON {
    /// Encodes `dataSet` (not the file meta group) as JSON text with keys in tag order.
    public static func encode(_ dataSet: DataSet, charset: SpecificCharacterSet? = nil) -> String {
        var out = ""
        out.reserveCapacity(4096)
        object(dataSet, charset: charset ?? dataSet.declaredCharacterSet ?? .default, into: &out)
        return out
    }

    static func object(_ ds: DataSet, charset inherited: SpecificCharacterSet, into out: inout String) {
        let charset = ds.declaredCharacterSet ?? inherited
        out += "{"
        var first = true
        for e in ds.elements.sorted(by: { $0.tag < $1.tag }) {
            if !first { out += "," }
            first = false
            out += "\"\(e.tag.jsonKey)\":"
            element(e, charset: charset, into: &out)
        }
        out += "}"
    }

    static func element(_ e: DataElement, charset: SpecificCharacterSet, into out: inout String) {
        switch e.value {
        case .sequence(let seq):
            // A UN of undefined length is a sequence (CP-246) and is shown as one.
            out += "{\"vr\":\"SQ\""
            if !seq.items.isEmpty {
                out += ",\"Value\":["
                for (i, item) in seq.items.enumerated() {
                    if i > 0 { out += "," }
                    object(item.dataSet, charset: charset, into: &out)
                }
                out += "]"
            }
            out += "}"
        case .encapsulated(let px):
            var enc = Encoder(explicitVR: true, bigEndian: false)
            enc.tag(.item); enc.u32(UInt32(px.offsetTable.count)); enc.buffer += px.offsetTable
            for f in px.fragments {
                enc.tag(.item); enc.u32(UInt32(f.count + (f.count & 1))); enc.buffer += f
                if f.count & 1 == 1 { enc.buffer.append(0) }
            }
            out += "{\"vr\":\"\(e.vr.rawValue)\",\"InlineBinary\":\"\(base64(enc.buffer))\"}"
        case .bytes(let b):
            // UN elements whose tag the dictionary knows are shown with the dictionary's VR.
            var vr = e.vr
            if vr == .UN {
                if e.tag.isPrivateCreator { vr = .LO }
                else if let known = DataDictionary.entry(for: e.tag)?.vrs.first, known != .SQ { vr = known }
            }
            out += "{\"vr\":\"\(vr.rawValue)\""
            if !b.isEmpty { value(vr, b, charset: charset, into: &out) }
            out += "}"
        }
    }

    static func value(_ vr: VR, _ b: ArraySlice<UInt8>, charset: SpecificCharacterSet, into out: inout String) {
        switch vr {
        case .OB, .OD, .OF, .OL, .OV, .OW, .UN:
            out += ",\"InlineBinary\":\"\(base64(Array(b)))\""
        case .US: numbers(b.littleEndianIntegers(UInt16.self).map { String($0) }, into: &out)
        case .SS: numbers(b.littleEndianIntegers(UInt16.self).map { String(Int16(bitPattern: $0)) }, into: &out)
        case .UL: numbers(b.littleEndianIntegers(UInt32.self).map { String($0) }, into: &out)
        case .SL: numbers(b.littleEndianIntegers(UInt32.self).map { String(Int32(bitPattern: $0)) }, into: &out)
        case .UV: numbers(b.littleEndianIntegers(UInt64.self).map { String($0) }, into: &out)
        case .SV: numbers(b.littleEndianIntegers(UInt64.self).map { String(Int64(bitPattern: $0)) }, into: &out)
        case .FL: numbers(b.littleEndianIntegers(UInt32.self).map { float(Double(Float(bitPattern: $0))) }, into: &out)
        case .FD: numbers(b.littleEndianIntegers(UInt64.self).map { float(Double(bitPattern: $0)) }, into: &out)
        case .AT:
            let v = b.littleEndianIntegers(UInt16.self)
            var tags: [String] = []
            var i = 0
            while i + 1 < v.count { tags.append("\"\(Tag(group: v[i], element: v[i + 1]).jsonKey)\""); i += 2 }
            out += ",\"Value\":[\(tags.joined(separator: ","))]"
        case .PN:
            let values = DataSet.decodeStrings(b, vr: .PN, charset: charset)
            let items = values.map { pn -> String in
                let groups = pn.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
                var parts: [String] = []
                for (name, g) in zip(["Alphabetic", "Ideographic", "Phonetic"], groups) where !g.isEmpty {
                    parts.append("\"\(name)\":\(quote(g))")
                }
                return "{" + parts.joined(separator: ",") + "}"
            }
            out += ",\"Value\":[\(items.joined(separator: ","))]"
        case .IS, .DS:
            let values = DataSet.decodeStrings(b, vr: vr, charset: charset)
            let items = values.map { v -> String in
                if v.isEmpty { return "null" }
                if vr == .IS, let i = Int(v) { return String(i) }
                if let d = Double(v), d.isFinite { return float(d) }
                return quote(v)
            }
            out += ",\"Value\":[\(items.joined(separator: ","))]"
        default:
            let values = DataSet.decodeStrings(b, vr: vr, charset: charset)
            out += ",\"Value\":[\(values.map { $0.isEmpty ? "null" : quote($0) }.joined(separator: ","))]"
        }
    }

    static func numbers(_ items: [String], into out: inout String) {
        out += ",\"Value\":[\(items.joined(separator: ","))]"
    }

    static func float(_ d: Double) -> String {
        if !d.isFinite { return d.isNaN ? "\"NaN\"" : (d > 0 ? "\"Infinity\"" : "\"-Infinity\"") }
        if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    /// JSON string literal with the escapes RFC 8259 requires.
    public static func quote(_ s: String) -> String {
        // Most strings need no escape: one scan of the bytes, one copy.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + s + "\"" }
        var o = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\r": o += "\\r"
            case "\t": o += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    o += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    o.unicodeScalars.append(u)
                }
            }
        }
        return o + "\""
    }

    static func base64<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        Data(bytes).base64EncodedString()
    }
}
