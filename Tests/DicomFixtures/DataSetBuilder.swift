import DicomCore
import DicomDictionary
import DicomIO

/// Builds data sets and files for tests, by keyword or tag, with values encoded as their VR requires.
public struct DataSetBuilder {
    public var dataSet = DataSet()

    public init() {}

    /// Adds a text element; the VR comes from the dictionary unless given.
    @discardableResult
    public mutating func text(_ keyword: String, _ values: String..., vr: VR? = nil) -> DataSetBuilder {
        let tag = DataSetBuilder.tag(keyword)
        dataSet.setStrings(tag, vr: vr ?? DataDictionary.vr(for: tag), values)
        return self
    }

    /// Adds a text element at an explicit tag.
    @discardableResult
    public mutating func text(_ tag: Tag, _ vr: VR, _ value: String) -> DataSetBuilder {
        dataSet.setStrings(tag, vr: vr, [value])
        return self
    }

    /// Adds an unsigned 16-bit element.
    @discardableResult
    public mutating func us(_ keyword: String, _ values: UInt16...) -> DataSetBuilder {
        var bytes: [UInt8] = []
        for v in values { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
        dataSet.set(DataElement(tag: DataSetBuilder.tag(keyword), vr: .US, bytes: ArraySlice(bytes)))
        return self
    }

    /// Adds raw little-endian bytes.
    @discardableResult
    public mutating func bytes(_ tag: Tag, _ vr: VR, _ bytes: [UInt8]) -> DataSetBuilder {
        dataSet.set(DataElement(tag: tag, vr: vr, bytes: ArraySlice(bytes)))
        return self
    }

    /// Adds a sequence of items.
    @discardableResult
    public mutating func sequence(_ keyword: String, _ items: [DataSet], undefinedLength: Bool = true, itemsUndefined: Bool = false) -> DataSetBuilder {
        let tag = DataSetBuilder.tag(keyword)
        dataSet.set(DataElement(tag: tag, vr: .SQ, value: .sequence(.init(items: items.map { SequenceItem($0, undefinedLength: itemsUndefined) }, undefinedLength: undefinedLength))))
        return self
    }

    /// Adds native pixel data for a `rows`×`columns` 16-bit monochrome image filled by `pixel(x, y)`.
    @discardableResult
    public mutating func monochrome16(rows: Int, columns: Int, pixel: (Int, Int) -> UInt16) -> DataSetBuilder {
        us("Rows", UInt16(rows)); us("Columns", UInt16(columns))
        us("SamplesPerPixel", 1); us("BitsAllocated", 16); us("BitsStored", 16); us("HighBit", 15); us("PixelRepresentation", 0)
        text("PhotometricInterpretation", "MONOCHROME2")
        var px = [UInt8](); px.reserveCapacity(rows * columns * 2)
        for y in 0..<rows { for x in 0..<columns { let v = pixel(x, y); px.append(UInt8(v & 0xFF)); px.append(UInt8(v >> 8)) } }
        dataSet.set(DataElement(tag: .pixelData, vr: .OW, bytes: ArraySlice(px)))
        return self
    }

    public static func tag(_ keyword: String) -> Tag {
        guard let t = DataDictionary.tag(forKeyword: keyword) else { preconditionFailure("test fixture names unknown keyword \(keyword)") }
        return t
    }

    /// Wraps the data set in a Part 10 file with a meta group for `syntax`.
    public func file(syntax: TransferSyntax = .explicitVRLittleEndian) -> DicomFile {
        var meta = DataSet()
        meta.set(DataElement(tag: .fileMetaInformationVersion, vr: .OB, bytes: [0x00, 0x01]))
        meta.setString(.mediaStorageSOPClassUID, vr: .UI, dataSet.string(.sopClassUID) ?? "1.2.840.10008.5.1.4.1.1.7")
        meta.setString(.mediaStorageSOPInstanceUID, vr: .UI, dataSet.string(.sopInstanceUID) ?? "1.2.3.4")
        meta.setString(.transferSyntaxUID, vr: .UI, syntax.uid)
        meta.setString(.implementationClassUID, vr: .UI, DicomWriter.implementationClassUID)
        return DicomFile(meta: meta, dataSet: dataSet, transferSyntax: syntax)
    }
}

/// Parses annotated hex: hex digit pairs, with everything after `#` on a line ignored.
public func annotatedHex(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    for line in text.split(separator: "\n") {
        let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let digits = code.filter { $0.isHexDigit }
        var i = digits.startIndex
        while i < digits.endIndex {
            let j = digits.index(i, offsetBy: 2)
            out.append(UInt8(digits[i..<j], radix: 16)!)
            i = j
        }
    }
    return out
}
