import DicomCore

/// A VOI window: center and width in modality units (PS3.3 C.11.2.1.2).
public struct Window: Sendable, Equatable {
    public var center: Double
    public var width: Double
    public init(center: Double, width: Double) {
        self.center = center
        self.width = width
    }
}

/// The VOI LUT Function (0028,1056).
public enum VOIFunction: String, Sendable, Equatable {
    case linear = "LINEAR"
    case linearExact = "LINEAR_EXACT"
    case sigmoid = "SIGMOID"
}

/// A LUT from a Modality or VOI LUT Sequence item, or one palette channel: `descriptor` semantics of
/// PS3.3 C.11.1.1 (entries, first mapped value, bits per entry).
public struct LookupTable: Sendable, Equatable {
    public var firstMapped: Int
    public var bitsPerEntry: Int
    public var entries: [Int]

    /// Parses a descriptor (3 values, US or SS for the second) and its data (OW or US words, or bytes for 8-bit tables).
    init(descriptor: DataElement, data: DataElement, name: String) throws(PixelError) {
        guard let d = descriptor.bytes, d.count >= 6 else {
            throw PixelError(.invalidAttribute, "\(name) descriptor needs 3 values", tag: descriptor.tag)
        }
        let words = d.littleEndianIntegers(UInt16.self)
        let count = words[0] == 0 ? 65536 : Int(words[0])
        firstMapped = descriptor.vr == .SS ? Int(Int16(bitPattern: words[1])) : Int(words[1])
        bitsPerEntry = Int(words[2])
        guard (1...16).contains(bitsPerEntry) else {
            throw PixelError(.invalidAttribute, "\(name) has \(bitsPerEntry) bits per entry", tag: descriptor.tag)
        }
        guard let raw = data.bytes else { throw PixelError(.invalidAttribute, "\(name) data is not bytes", tag: data.tag) }
        let mask = (1 << bitsPerEntry) - 1
        if raw.count >= 2 * count {
            entries = raw.littleEndianIntegers(UInt16.self).prefix(count).map { Int($0) & mask }
        } else if bitsPerEntry <= 8 && raw.count >= count {
            entries = raw.prefix(count).map(Int.init)
        } else {
            throw PixelError(.insufficientData, "\(name) has \(raw.count) bytes for \(count) entries", tag: data.tag)
        }
    }

    /// The entry for input `x`, clamped to the table.
    @inline(__always)
    func lookup(_ x: Int) -> Int {
        let i = x - firstMapped
        if i <= 0 { return entries[0] }
        if i >= entries.count { return entries[entries.count - 1] }
        return entries[i]
    }
}

/// Red, green and blue palette tables of PALETTE COLOR images.
public struct Palette: Sendable, Equatable {
    public var red: LookupTable
    public var green: LookupTable
    public var blue: LookupTable

    /// The stored index whose colour is darkest (the fill for masks on palette images).
    public var darkestIndex: Int {
        var best = red.firstMapped, bestValue = Int.max
        for i in 0..<min(red.entries.count, green.entries.count, blue.entries.count) {
            let v = red.entries[i] + green.entries[i] + blue.entries[i]
            if v < bestValue { bestValue = v; best = red.firstMapped + i }
        }
        return best
    }
}

/// What the data set says about turning stored values into display values: rescale, modality and VOI
/// LUTs, windows, palette and overlays.
public struct DisplayAttributes: Sendable, Equatable {
    public var rescaleSlope: Double = 1
    public var rescaleIntercept: Double = 0
    public var modalityLUT: LookupTable?
    /// Windows from the file, first one used.
    public var windows: [Window] = []
    public var voiFunction: VOIFunction = .linear
    public var voiLUT: LookupTable?
    public var palette: Palette?
    public var overlays: [Overlay] = []

    public init() {}

    /// Reads the display attributes of `ds`. Malformed optional attributes (a window of width 0, a
    /// non-numeric slope) are ignored; a malformed palette on a PALETTE COLOR image throws.
    public init(dataSet ds: DataSet) throws(PixelError) {
        func doubles(_ tag: Tag) -> [Double] { (ds.strings(tag) ?? []).compactMap { Double($0) } }
        if let s = doubles(PixelTag.rescaleSlope).first, s.isFinite, s != 0 { rescaleSlope = s }
        if let i = doubles(PixelTag.rescaleIntercept).first, i.isFinite { rescaleIntercept = i }
        let centers = doubles(PixelTag.windowCenter), widths = doubles(PixelTag.windowWidth)
        windows = zip(centers, widths).filter { $0.0.isFinite && $0.1.isFinite && $0.1 >= 1 }.map { Window(center: $0.0, width: $0.1) }
        if let f = ds.string(PixelTag.voiLUTFunction), let v = VOIFunction(rawValue: f.uppercased()) { voiFunction = v }
        if let item = ds[PixelTag.modalityLUTSequence]?.items?.first?.dataSet,
           let d = item[PixelTag.lutDescriptor], let data = item[PixelTag.lutData] {
            modalityLUT = try? LookupTable(descriptor: d, data: data, name: "Modality LUT")
        }
        if let item = ds[PixelTag.voiLUTSequence]?.items?.first?.dataSet,
           let d = item[PixelTag.lutDescriptor], let data = item[PixelTag.lutData] {
            voiLUT = try? LookupTable(descriptor: d, data: data, name: "VOI LUT")
        }
        if ds.string(PixelTag.photometricInterpretation)?.uppercased() == Photometric.paletteColor.rawValue {
            guard let rd = ds[PixelTag.redPaletteDescriptor], let gd = ds[PixelTag.greenPaletteDescriptor],
                  let bd = ds[PixelTag.bluePaletteDescriptor], let r = ds[PixelTag.redPaletteData],
                  let g = ds[PixelTag.greenPaletteData], let b = ds[PixelTag.bluePaletteData] else {
                throw PixelError(.missingAttribute, "PALETTE COLOR without complete palette descriptors and data (segmented palettes are not supported)",
                                 tag: PixelTag.redPaletteData)
            }
            palette = Palette(red: try LookupTable(descriptor: rd, data: r, name: "red palette"),
                              green: try LookupTable(descriptor: gd, data: g, name: "green palette"),
                              blue: try LookupTable(descriptor: bd, data: b, name: "blue palette"))
        }
        overlays = Overlay.all(in: ds)
    }
}
