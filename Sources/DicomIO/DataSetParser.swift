import DicomCore
import DicomDictionary

/// Signals, inside a progressive header-only read, that the buffer ended before the file did.
struct NeedMoreData: Error {}

/// Parses encoded data set bytes into `DataSet`s. Lengths are checked against the bytes that exist before
/// anything is sliced or allocated, nesting is bounded, and every error names the offset and the tag.
struct DataSetParser {
    let bytes: [UInt8]
    /// Offset of `bytes[0]` in the file, for error messages.
    let baseOffset: Int
    /// The full size of the file's data set region; larger than `bytes.count` while a header-only read is partial.
    let declaredSize: Int
    var explicitVR: Bool
    var bigEndian: Bool
    let stopAtPixels: Bool
    var stoppedAtPixels = false
    /// Pixel Representation (0028,0103) once seen, to resolve "US or SS" in implicit VR.
    var pixelRepresentation: UInt16?
    var warnings: [String] = []

    static let maxDepth = 64

    init(bytes: [UInt8], baseOffset: Int, declaredSize: Int? = nil, explicitVR: Bool, bigEndian: Bool, stopAtPixels: Bool) {
        self.bytes = bytes
        self.baseOffset = baseOffset
        self.declaredSize = declaredSize ?? bytes.count
        self.explicitVR = explicitVR
        self.bigEndian = bigEndian
        self.stopAtPixels = stopAtPixels
    }

    var isPartial: Bool { declaredSize > bytes.count }

    // MARK: primitive reads

    @inline(__always)
    func u16(_ p: Int) -> UInt16 {
        let a = UInt16(bytes[p]), b = UInt16(bytes[p + 1])
        return bigEndian ? (a << 8 | b) : (b << 8 | a)
    }

    @inline(__always)
    func u32(_ p: Int) -> UInt32 {
        let a = UInt32(bytes[p]), b = UInt32(bytes[p + 1]), c = UInt32(bytes[p + 2]), d = UInt32(bytes[p + 3])
        return bigEndian ? (a << 24 | b << 16 | c << 8 | d) : (d << 24 | c << 16 | b << 8 | a)
    }

    /// Little-endian reads for item tags inside UN sequences, which are always implicit little endian.
    @inline(__always)
    func u32LE(_ p: Int) -> UInt32 {
        UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
    }

    /// Throws unless `count` bytes exist at `p` (inside `limit`).
    @inline(__always)
    func require(_ p: Int, _ count: Int, limit: Int, tag: Tag?, what: @autoclosure () -> String) throws {
        if p + count <= limit && p + count <= bytes.count { return }
        if p + count <= limit && isPartial { throw NeedMoreData() }
        let remaining = max(0, min(limit, bytes.count) - p)
        throw DicomError(.truncated, "\(what()): needs \(count) bytes, \(remaining) remain", offset: baseOffset + p, tag: tag)
    }

    /// Throws unless a value of `length` bytes at `p` fits inside `limit` and the bytes read so far.
    @inline(__always)
    func requireValue(_ p: Int, _ length: Int, limit: Int, start: Int, tag: Tag, what: String) throws {
        if p + length <= limit && p + length <= bytes.count { return }
        if p + length <= limit && isPartial { throw NeedMoreData() }
        throw DicomError(.lengthExceedsData, "\(what) \(length) exceeds the \(max(0, min(limit, bytes.count) - p)) bytes that remain",
                         offset: baseOffset + start, tag: tag)
    }

    // MARK: data sets

    /// Parses elements from `pos` up to `end`, or, when `untilItemDelimiter`, up to the item delimitation item.
    mutating func parseDataSet(pos: inout Int, end: Int, depth: Int, untilItemDelimiter: Bool) throws -> DataSet {
        if depth > Self.maxDepth {
            throw DicomError(.nestingTooDeep, "sequences nested deeper than \(Self.maxDepth) levels", offset: baseOffset + pos)
        }
        var ds = DataSet()
        while pos < end {
            // Trailing bytes shorter than an element header at the top level: lenient stop with a warning.
            if pos + 8 > end && depth == 0 && !untilItemDelimiter && end - pos < 8 && !isPartial {
                if bytes[pos..<end].allSatisfy({ $0 == 0 }) {
                    warnings.append("\(end - pos) trailing NUL bytes after the last element at offset \(baseOffset + pos)")
                    pos = end
                    break
                }
            }
            try require(pos, 4, limit: end, tag: nil, what: "element tag")
            let tag = Tag(group: u16(pos), element: u16(pos + 2))
            if tag == .itemDelimitation {
                try require(pos, 8, limit: end, tag: tag, what: "item delimitation length")
                pos += 8
                if untilItemDelimiter { return ds }
                warnings.append("stray item delimitation item at offset \(baseOffset + pos - 8) ignored")
                continue
            }
            if tag == .sequenceDelimitation || tag == .item {
                throw DicomError(.badItem, "\(tag == .item ? "item" : "sequence delimitation") tag outside a sequence", offset: baseOffset + pos, tag: tag)
            }
            if depth == 0 && stopAtPixels && tag.raw >= Tag.floatPixelData.raw && tag.group == 0x7FE0 {
                stoppedAtPixels = true
                return ds
            }
            let element = try parseElement(tag: tag, pos: &pos, end: end, depth: depth)
            ds.append(element)
        }
        if untilItemDelimiter {
            throw DicomError(.truncated, "item of undefined length ends without an item delimitation item", offset: baseOffset + pos)
        }
        return ds
    }

    /// Parses one element whose tag has been peeked at `pos`.
    mutating func parseElement(tag: Tag, pos: inout Int, end: Int, depth: Int) throws -> DataElement {
        let start = pos
        var vr: VR
        var length: UInt32
        var vrWasExplicit = false
        if explicitVR {
            try require(pos, 8, limit: end, tag: tag, what: "explicit VR element header")
            guard let v = VR(byte0: bytes[pos + 4], byte1: bytes[pos + 5]) else {
                let b0 = bytes[pos + 4], b1 = bytes[pos + 5]
                throw DicomError(.badVR, "bytes 0x\(hex(b0))\(hex(b1)) are not a value representation", offset: baseOffset + pos + 4, tag: tag)
            }
            vr = v
            vrWasExplicit = true
            if vr.hasLongLength {
                try require(pos, 12, limit: end, tag: tag, what: "explicit VR long element header")
                length = u32(pos + 8)
                pos += 12
            } else {
                length = UInt32(u16(pos + 6))
                pos += 8
            }
        } else {
            try require(pos, 8, limit: end, tag: tag, what: "implicit VR element header")
            length = u32(pos + 4)
            pos += 8
            vr = implicitVR(for: tag)
        }
        _ = vrWasExplicit

        if length == 0xFFFF_FFFF {
            if tag == .pixelData && (vr == .OB || vr == .OW || vr == .UN) {
                let px = try parseEncapsulated(tag: tag, pos: &pos, end: end)
                // Encapsulated pixel data is OB; an implicit-VR reading of it has no VR of its own.
                return DataElement(tag: tag, vr: (vr == .UN || !explicitVR) ? .OB : vr, value: .encapsulated(px))
            }
            if vr == .SQ || vr == .UN {
                // CP-246: UN of undefined length holds an implicit little-endian sequence.
                let seq = try parseSequence(tag: tag, pos: &pos, end: end, definedEnd: nil, depth: depth, implicitInside: vr == .UN || !explicitVR, littleEndianInside: vr == .UN)
                return DataElement(tag: tag, vr: vr, value: .sequence(seq))
            }
            throw DicomError(.badLength, "undefined length is not allowed for VR \(vr.rawValue)", offset: baseOffset + start, tag: tag)
        }

        let len = Int(length)
        try requireValue(pos, len, limit: end, start: start, tag: tag, what: "value length")
        if vr == .UN && len > 0 && DataDictionary.vr(for: tag) == .SQ {
            // A sequence sent as UN with a defined length: its items are implicit little endian (CP-246).
            var probe = self
            var p = pos
            if let seq = try? probe.parseSequence(tag: tag, pos: &p, end: pos + len, definedEnd: pos + len, depth: depth,
                                                   implicitInside: true, littleEndianInside: true), p == pos + len {
                warnings += probe.warnings.dropFirst(warnings.count)
                pos = p
                return DataElement(tag: tag, vr: .UN, value: .sequence(seq))
            }
        }
        if vr == .SQ {
            let seq = try parseSequence(tag: tag, pos: &pos, end: pos + len, definedEnd: pos + len, depth: depth, implicitInside: !explicitVR, littleEndianInside: false)
            return DataElement(tag: tag, vr: .SQ, value: .sequence(seq))
        }
        var value = bytes[pos..<(pos + len)]
        pos += len
        if tag.raw == 0x0028_0103 && len >= 2 {
            pixelRepresentation = bigEndian ? UInt16(value[value.startIndex]) << 8 | UInt16(value[value.startIndex + 1])
                                            : UInt16(value[value.startIndex + 1]) << 8 | UInt16(value[value.startIndex])
        }
        if bigEndian, let unit = vr.binaryUnitSize, len % unit == 0, len > 0 {
            value = ArraySlice(ByteSwap.swapped(value, unit: unit))
        }
        return DataElement(tag: tag, vr: vr, value: .bytes(value))
    }

    /// The VR of an implicit-VR element: the dictionary's, with "US or SS" resolved by Pixel Representation
    /// and "OB or OW" read as OW (PS3.5 Annex A.1: implicit VR pixel data is OW).
    func implicitVR(for tag: Tag) -> VR {
        guard let entry = DataDictionary.entry(for: tag) else { return DataDictionary.vr(for: tag) }
        let vrs = entry.vrs
        if vrs.count <= 1 { return entry.vr }
        if vrs.contains(.OW) { return .OW }
        if vrs.contains(.SS) && vrs.contains(.US) { return pixelRepresentation == 1 ? .SS : .US }
        return entry.vr
    }

    /// Parses sequence items up to the sequence delimiter (undefined length) or `definedEnd`.
    mutating func parseSequence(tag: Tag, pos: inout Int, end: Int, definedEnd: Int?, depth: Int, implicitInside: Bool, littleEndianInside: Bool) throws -> ElementValue.Sequence {
        let savedExplicit = explicitVR, savedBigEndian = bigEndian
        if implicitInside { explicitVR = false }
        if littleEndianInside { bigEndian = false }
        defer { explicitVR = savedExplicit; bigEndian = savedBigEndian }
        var items: [SequenceItem] = []
        let limit = definedEnd ?? end
        while true {
            if let definedEnd, pos >= definedEnd { break }
            try require(pos, 8, limit: limit, tag: tag, what: "item header in sequence")
            let itemTag = Tag(group: u16(pos), element: u16(pos + 2))
            let itemLength = u32(pos + 4)
            let itemStart = pos
            pos += 8
            if itemTag == .sequenceDelimitation {
                if definedEnd != nil {
                    warnings.append("sequence delimitation inside defined-length sequence \(tag) ignored")
                    continue
                }
                return .init(items: items, undefinedLength: true)
            }
            guard itemTag == .item else {
                throw DicomError(.badItem, "expected an item tag (FFFE,E000) in sequence \(tag), found \(itemTag)", offset: baseOffset + itemStart, tag: tag)
            }
            if itemLength == 0xFFFF_FFFF {
                let ds = try parseDataSet(pos: &pos, end: limit, depth: depth + 1, untilItemDelimiter: true)
                items.append(SequenceItem(ds, undefinedLength: true))
            } else {
                let itemEnd = pos + Int(itemLength)
                try requireValue(pos, Int(itemLength), limit: limit, start: itemStart, tag: tag, what: "item length")
                let ds = try parseDataSet(pos: &pos, end: itemEnd, depth: depth + 1, untilItemDelimiter: false)
                pos = itemEnd
                items.append(SequenceItem(ds, undefinedLength: false))
            }
        }
        return .init(items: items, undefinedLength: false)
    }

    /// Parses encapsulated pixel data: the Basic Offset Table item, fragments, and the sequence delimiter.
    mutating func parseEncapsulated(tag: Tag, pos: inout Int, end: Int) throws -> EncapsulatedPixelData {
        var table: ArraySlice<UInt8>? = nil
        var fragments: [ArraySlice<UInt8>] = []
        while true {
            try require(pos, 8, limit: end, tag: tag, what: "pixel data item header")
            let itemTag = Tag(group: u16(pos), element: u16(pos + 2))
            let length = Int(u32(pos + 4))
            let itemStart = pos
            pos += 8
            if itemTag == .sequenceDelimitation { break }
            guard itemTag == .item else {
                throw DicomError(.badItem, "expected a fragment item (FFFE,E000) in encapsulated pixel data, found \(itemTag)", offset: baseOffset + itemStart, tag: tag)
            }
            if length == 0xFFFF_FFFF {
                throw DicomError(.badLength, "fragment of undefined length", offset: baseOffset + itemStart, tag: tag)
            }
            try requireValue(pos, length, limit: end, start: itemStart, tag: tag, what: "fragment length")
            let v = bytes[pos..<(pos + length)]
            pos += length
            if table == nil { table = v } else { fragments.append(v) }
        }
        return EncapsulatedPixelData(offsetTable: table ?? [], fragments: fragments)
    }

    private func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }
}

/// Byte-order conversion for binary values.
enum ByteSwap {
    static func swapped(_ v: ArraySlice<UInt8>, unit: Int) -> [UInt8] {
        var out = Array(v)
        out.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i + unit <= p.count {
                var a = i, b = i + unit - 1
                while a < b { p.swapAt(a, b); a += 1; b -= 1 }
                i += unit
            }
        }
        return out
    }
}
