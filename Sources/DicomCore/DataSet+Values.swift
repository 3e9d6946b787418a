/// Typed access to element values. Text is decoded through a character set; numbers are little-endian.
extension DataSet {
    /// The character set this data set declares, or the default repertoire.
    public var declaredCharacterSet: SpecificCharacterSet? {
        guard let e = self[.specificCharacterSet], let b = e.bytes else { return nil }
        // Split at backslashes on the bytes (a backslash is 0x5C in every repertoire allowed here).
        let terms = b.split(separator: 0x5C, omittingEmptySubsequences: false).map(SpecificCharacterSet.latin1)
        return SpecificCharacterSet(terms: terms)
    }

    /// All values of a text element, split at backslashes (except LT/ST/UT/UR), with padding trimmed.
    public func strings(_ tag: Tag, charset: SpecificCharacterSet? = nil) -> [String]? {
        guard let e = self[tag], let b = e.bytes else { return nil }
        return DataSet.decodeStrings(b, vr: e.vr, charset: charset ?? declaredCharacterSet ?? .default)
    }

    /// The first value of a text element, trimmed; nil when absent or empty.
    public func string(_ tag: Tag, charset: SpecificCharacterSet? = nil) -> String? {
        guard let v = strings(tag, charset: charset)?.first, !v.isEmpty else { return nil }
        return v
    }

    /// Decodes and splits text bytes of `vr`.
    public static func decodeStrings(_ bytes: ArraySlice<UInt8>, vr: VR, charset: SpecificCharacterSet) -> [String] {
        if bytes.isEmpty { return [] }
        let text = charset.decode(bytes, vr: vr)
        if vr.isSingleValuedText {
            // Trailing spaces (and NULs) are padding; leading spaces are significant for LT/ST/UT.
            var t = Substring(text)
            while let l = t.last, l == " " || l == "\0" { t.removeLast() }
            return [String(t)]
        }
        return text.split(separator: "\\", omittingEmptySubsequences: false).map { part in
            var t = Substring(part)
            while let l = t.last, l == " " || l == "\0" { t.removeLast() }
            if vr != .UT { while t.first == " " { t.removeFirst() } }
            return String(t)
        }
    }

    /// Unsigned 16-bit values of a US/OW element.
    public func uint16s(_ tag: Tag) -> [UInt16]? {
        guard let b = self[tag]?.bytes else { return nil }
        return b.littleEndianIntegers(UInt16.self)
    }
    public func uint16(_ tag: Tag) -> UInt16? { uint16s(tag)?.first }

    /// Unsigned 32-bit values of a UL/OL element.
    public func uint32s(_ tag: Tag) -> [UInt32]? {
        guard let b = self[tag]?.bytes else { return nil }
        return b.littleEndianIntegers(UInt32.self)
    }
    public func uint32(_ tag: Tag) -> UInt32? { uint32s(tag)?.first }

    /// An integer from any integer VR (US, SS, UL, SL, IS).
    public func int(_ tag: Tag) -> Int? {
        guard let e = self[tag], let b = e.bytes else { return nil }
        switch e.vr {
        case .US: return b.littleEndianIntegers(UInt16.self).first.map(Int.init)
        case .SS: return b.littleEndianIntegers(UInt16.self).first.map { Int(Int16(bitPattern: $0)) }
        case .UL: return b.littleEndianIntegers(UInt32.self).first.map(Int.init)
        case .SL: return b.littleEndianIntegers(UInt32.self).first.map { Int(Int32(bitPattern: $0)) }
        case .IS, .DS: return string(tag).flatMap { Int($0) ?? Double($0).map { Int($0) } }
        default: return nil
        }
    }

    /// Sets a text element from values joined with backslashes, encoded in `charset`.
    public mutating func setStrings(_ tag: Tag, vr: VR, _ values: [String], charset: SpecificCharacterSet? = nil) {
        let cs = charset ?? declaredCharacterSet ?? .default
        let joined = values.joined(separator: "\\")
        set(DataElement(tag: tag, vr: vr, bytes: ArraySlice(cs.encode(joined, vr: vr).bytes)))
    }

    public mutating func setString(_ tag: Tag, vr: VR, _ value: String, charset: SpecificCharacterSet? = nil) {
        setStrings(tag, vr: vr, [value], charset: charset)
    }

    /// Sets a US element.
    public mutating func setUInt16(_ tag: Tag, _ value: UInt16) {
        set(DataElement(tag: tag, vr: .US, bytes: [UInt8(value & 0xFF), UInt8(value >> 8)]))
    }

    /// Sets an element to zero length, keeping its VR.
    public mutating func empty(_ tag: Tag) {
        guard let i = index(of: tag) else { return }
        update(at: i) { $0.value = $0.vr == .SQ ? .sequence(.init(items: [], undefinedLength: true)) : .bytes([]) }
    }
}

extension ArraySlice where Element == UInt8 {
    /// Reads consecutive little-endian integers; trailing bytes short of a whole value are ignored.
    public func littleEndianIntegers<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) -> [T] {
        let size = MemoryLayout<T>.size
        var out: [T] = []
        out.reserveCapacity(count / size)
        var i = startIndex
        while i + size <= endIndex {
            var v: T = 0
            for k in 0..<size { v |= T(self[i + k]) << (8 * k) }
            out.append(v)
            i += size
        }
        return out
    }
}

extension Tag {
    public static let specificCharacterSet = Tag(0x0008_0005)
    public static let transferSyntaxUID = Tag(0x0002_0010)
    public static let mediaStorageSOPClassUID = Tag(0x0002_0002)
    public static let mediaStorageSOPInstanceUID = Tag(0x0002_0003)
    public static let fileMetaInformationGroupLength = Tag(0x0002_0000)
    public static let fileMetaInformationVersion = Tag(0x0002_0001)
    public static let implementationClassUID = Tag(0x0002_0012)
    public static let implementationVersionName = Tag(0x0002_0013)
    public static let sopClassUID = Tag(0x0008_0016)
    public static let sopInstanceUID = Tag(0x0008_0018)
    public static let pixelData = Tag(0x7FE0_0010)
    public static let floatPixelData = Tag(0x7FE0_0008)
    public static let doubleFloatPixelData = Tag(0x7FE0_0009)
}
