import DicomCore
import DicomDictionary

/// A dcmdump-like text listing: tag, VR, value, length, VM and keyword, with sequences indented.
public enum DicomDump {
    /// Lists the file meta group and the data set.
    public static func text(_ file: DicomFile, maxValueLength: Int = 64) -> String {
        var out = ""
        if !file.meta.isEmpty {
            out += "# File meta information (\(file.transferSyntax.name))\n"
            list(file.meta, depth: 0, charset: .default, max: maxValueLength, into: &out)
            out += "\n"
        }
        out += "# Data set\n"
        list(file.dataSet, depth: 0, charset: file.dataSet.declaredCharacterSet ?? .default, max: maxValueLength, into: &out)
        if file.stoppedBeforePixels { out += "# stopped before pixel data (header-only read)\n" }
        for w in file.warnings { out += "# warning: \(w)\n" }
        return out
    }

    static func list(_ ds: DataSet, depth: Int, charset inherited: SpecificCharacterSet, max: Int, into out: inout String) {
        let charset = ds.declaredCharacterSet ?? inherited
        let indent = String(repeating: "  ", count: depth)
        for e in ds.elements {
            let name = DataDictionary.keyword(for: e.tag) ?? (e.tag.isPrivate ? (e.tag.isPrivateCreator ? "PrivateCreator" : "Private") : "Unknown")
            switch e.value {
            case .sequence(let seq):
                let len = seq.undefinedLength ? "u/l" : "defined"
                out += "\(indent)\(e.tag) \(e.vr.rawValue) (Sequence, \(seq.items.count) item\(seq.items.count == 1 ? "" : "s"), \(len))  # \(name)\n"
                for (i, item) in seq.items.enumerated() {
                    out += "\(indent)  (FFFE,E000) Item #\(i + 1) (\(item.undefinedLength ? "u/l" : "defined"))\n"
                    list(item.dataSet, depth: depth + 2, charset: charset, max: max, into: &out)
                }
            case .encapsulated(let px):
                out += "\(indent)\(e.tag) \(e.vr.rawValue) (Encapsulated, offset table \(px.offsetTable.count) bytes, \(px.fragments.count) fragment\(px.fragments.count == 1 ? "" : "s"), \(px.fragments.reduce(0) { $0 + $1.count }) bytes)  # \(name)\n"
            case .bytes(let b):
                let shown = render(e.vr, b, charset: charset, max: max)
                out += "\(indent)\(e.tag) \(e.vr.rawValue) \(shown)  # \(b.count), \(multiplicity(e.vr, b)) \(name)\n"
            }
        }
    }

    static func multiplicity(_ vr: VR, _ b: ArraySlice<UInt8>) -> Int {
        if b.isEmpty { return 0 }
        if let unit = vr.binaryUnitSize, vr != .OW, vr != .OF, vr != .OD, vr != .OL, vr != .OV { return b.count / (vr == .AT ? 4 : unit) }
        if vr.isText && !vr.isSingleValuedText { return b.reduce(1) { $0 + ($1 == 0x5C ? 1 : 0) } }
        return 1
    }

    static func render(_ vr: VR, _ b: ArraySlice<UInt8>, charset: SpecificCharacterSet, max: Int) -> String {
        if b.isEmpty { return "(no value)" }
        func clip(_ s: String) -> String { s.count > max ? String(s.prefix(max)) + "..." : s }
        switch vr {
        case .US: return clip(b.littleEndianIntegers(UInt16.self).map(String.init).joined(separator: "\\"))
        case .SS: return clip(b.littleEndianIntegers(UInt16.self).map { String(Int16(bitPattern: $0)) }.joined(separator: "\\"))
        case .UL: return clip(b.littleEndianIntegers(UInt32.self).map(String.init).joined(separator: "\\"))
        case .SL: return clip(b.littleEndianIntegers(UInt32.self).map { String(Int32(bitPattern: $0)) }.joined(separator: "\\"))
        case .UV: return clip(b.littleEndianIntegers(UInt64.self).map(String.init).joined(separator: "\\"))
        case .SV: return clip(b.littleEndianIntegers(UInt64.self).map { String(Int64(bitPattern: $0)) }.joined(separator: "\\"))
        case .FL: return clip(b.littleEndianIntegers(UInt32.self).map { "\(Float(bitPattern: $0))" }.joined(separator: "\\"))
        case .FD: return clip(b.littleEndianIntegers(UInt64.self).map { "\(Double(bitPattern: $0))" }.joined(separator: "\\"))
        case .AT:
            let v = b.littleEndianIntegers(UInt16.self)
            return stride(from: 0, to: v.count - 1, by: 2).map { Tag(group: v[$0], element: v[$0 + 1]).description }.joined(separator: "\\")
        case .OB, .OD, .OF, .OL, .OV, .OW, .UN:
            let hex = b.prefix(16).map { let s = String($0, radix: 16); return s.count == 1 ? "0" + s : s }.joined(separator: "\\")
            return hex + (b.count > 16 ? "..." : "")
        default:
            let text = DataSet.decodeStrings(b, vr: vr, charset: charset).joined(separator: "\\")
            let escaped = text.unicodeScalars.map { $0.value < 0x20 ? "." : String($0) }.joined()
            return "[" + clip(escaped) + "]"
        }
    }
}
