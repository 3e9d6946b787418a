import DicomCore

/// The Image Pixel module attributes that say how to read pixel data, validated against each other.
public struct PixelDescription: Sendable, Equatable {
    public var rows: Int
    public var columns: Int
    public var samplesPerPixel: Int
    public var bitsAllocated: Int
    public var bitsStored: Int
    public var highBit: Int
    /// 0 unsigned, 1 two's complement.
    public var pixelRepresentation: Int
    public var photometric: Photometric
    /// 0 colour-by-pixel (interleaved), 1 colour-by-plane.
    public var planarConfiguration: Int
    public var numberOfFrames: Int

    /// Upper bound on pixels per frame accepted from a file (64 Mi pixels, e.g. 8192 x 8192).
    static let maxPixelsPerFrame = 1 << 26
    /// Upper bound on frames accepted from a file.
    static let maxFrames = 1 << 20

    /// Builds a description directly, validating it.
    public init(rows: Int, columns: Int, samplesPerPixel: Int, bitsAllocated: Int, bitsStored: Int, highBit: Int,
                pixelRepresentation: Int, photometric: Photometric, planarConfiguration: Int = 0,
                numberOfFrames: Int = 1) throws(PixelError) {
        self.rows = rows
        self.columns = columns
        self.samplesPerPixel = samplesPerPixel
        self.bitsAllocated = bitsAllocated
        self.bitsStored = bitsStored
        self.highBit = highBit
        self.pixelRepresentation = pixelRepresentation
        self.photometric = photometric
        self.planarConfiguration = planarConfiguration
        self.numberOfFrames = numberOfFrames
        try validate()
    }

    /// Reads and validates the Image Pixel module of `dataSet`.
    public init(dataSet ds: DataSet) throws(PixelError) {
        func required(_ tag: Tag, _ name: String) throws(PixelError) -> Int {
            guard ds.contains(tag) else { throw PixelError(.missingAttribute, "\(name) is absent", tag: tag) }
            guard let v = ds.int(tag) else { throw PixelError(.invalidAttribute, "\(name) has no integer value", tag: tag) }
            return v
        }
        let rows = try required(PixelTag.rows, "Rows")
        let columns = try required(PixelTag.columns, "Columns")
        let bitsAllocated = try required(PixelTag.bitsAllocated, "BitsAllocated")
        let bitsStored = ds.contains(PixelTag.bitsStored) ? try required(PixelTag.bitsStored, "BitsStored") : bitsAllocated
        let highBit = ds.contains(PixelTag.highBit) ? try required(PixelTag.highBit, "HighBit") : bitsStored - 1
        let pixelRepresentation = ds.contains(PixelTag.pixelRepresentation) ? try required(PixelTag.pixelRepresentation, "PixelRepresentation") : 0
        guard let text = ds.string(PixelTag.photometricInterpretation) else {
            throw PixelError(.missingAttribute, "PhotometricInterpretation is absent", tag: PixelTag.photometricInterpretation)
        }
        guard let photometric = Photometric(rawValue: text.uppercased()) else {
            throw PixelError(.unsupportedLayout, "photometric interpretation \(text) is not supported", tag: PixelTag.photometricInterpretation)
        }
        let samples = ds.contains(PixelTag.samplesPerPixel) ? try required(PixelTag.samplesPerPixel, "SamplesPerPixel") : photometric.samplesPerPixel
        let planar = samples > 1 ? (ds.int(PixelTag.planarConfiguration) ?? 0) : 0
        var frames = 1
        if let e = ds[PixelTag.numberOfFrames], let b = e.bytes, !b.isEmpty {
            guard let f = ds.int(PixelTag.numberOfFrames) else {
                throw PixelError(.invalidAttribute, "NumberOfFrames is not an integer", tag: PixelTag.numberOfFrames)
            }
            frames = f
        }
        try self.init(rows: rows, columns: columns, samplesPerPixel: samples, bitsAllocated: bitsAllocated,
                      bitsStored: bitsStored, highBit: highBit, pixelRepresentation: pixelRepresentation,
                      photometric: photometric, planarConfiguration: planar, numberOfFrames: frames)
    }

    private func validate() throws(PixelError) {
        guard rows > 0, rows <= 65535 else { throw PixelError(.invalidAttribute, "Rows \(rows) is not in 1...65535", tag: PixelTag.rows) }
        guard columns > 0, columns <= 65535 else {
            throw PixelError(.invalidAttribute, "Columns \(columns) is not in 1...65535", tag: PixelTag.columns)
        }
        guard [1, 8, 16, 32].contains(bitsAllocated) else {
            throw PixelError(.unsupportedLayout, "BitsAllocated \(bitsAllocated) is not 1, 8, 16 or 32", tag: PixelTag.bitsAllocated)
        }
        guard bitsStored >= 1, bitsStored <= bitsAllocated else {
            throw PixelError(.inconsistent, "BitsStored \(bitsStored) is not in 1...\(bitsAllocated)", tag: PixelTag.bitsStored)
        }
        guard highBit >= bitsStored - 1, highBit < bitsAllocated else {
            throw PixelError(.inconsistent, "HighBit \(highBit) does not fit BitsStored \(bitsStored) in BitsAllocated \(bitsAllocated)", tag: PixelTag.highBit)
        }
        guard pixelRepresentation == 0 || pixelRepresentation == 1 else {
            throw PixelError(.invalidAttribute, "PixelRepresentation \(pixelRepresentation) is not 0 or 1", tag: PixelTag.pixelRepresentation)
        }
        guard samplesPerPixel == 1 || samplesPerPixel == 3 else {
            throw PixelError(.unsupportedLayout, "SamplesPerPixel \(samplesPerPixel) is not 1 or 3", tag: PixelTag.samplesPerPixel)
        }
        guard samplesPerPixel == photometric.samplesPerPixel else {
            throw PixelError(.inconsistent, "\(photometric.rawValue) needs \(photometric.samplesPerPixel) samples per pixel, not \(samplesPerPixel)", tag: PixelTag.samplesPerPixel)
        }
        guard planarConfiguration == 0 || planarConfiguration == 1 else {
            throw PixelError(.invalidAttribute, "PlanarConfiguration \(planarConfiguration) is not 0 or 1", tag: PixelTag.planarConfiguration)
        }
        guard numberOfFrames >= 1, numberOfFrames <= Self.maxFrames else {
            throw PixelError(.invalidAttribute, "NumberOfFrames \(numberOfFrames) is not in 1...\(Self.maxFrames)", tag: PixelTag.numberOfFrames)
        }
        if bitsAllocated == 1 && samplesPerPixel != 1 {
            throw PixelError(.unsupportedLayout, "1-bit pixel data must have one sample per pixel", tag: PixelTag.bitsAllocated)
        }
        if photometric == .paletteColor && bitsAllocated > 16 {
            throw PixelError(.unsupportedLayout, "PALETTE COLOR indices wider than 16 bits", tag: PixelTag.bitsAllocated)
        }
        // Overflow-checked sizes: pixels per frame, then bits for all frames.
        let (pixels, o1) = rows.multipliedReportingOverflow(by: columns)
        guard !o1, pixels <= Self.maxPixelsPerFrame else {
            throw PixelError(.sizeOverflow, "\(rows) x \(columns) pixels per frame exceeds \(Self.maxPixelsPerFrame)", tag: PixelTag.rows)
        }
        let (bits, o2) = pixels.multipliedReportingOverflow(by: samplesPerPixel * bitsAllocated)
        let (total, o3) = bits.multipliedReportingOverflow(by: numberOfFrames)
        guard !o2, !o3, total / 8 < Int(Int32.max) * 2 else {
            throw PixelError(.sizeOverflow, "\(numberOfFrames) frames of \(rows) x \(columns) x \(samplesPerPixel) samples overflow", tag: PixelTag.numberOfFrames)
        }
    }

    /// Pixels in one frame.
    public var pixelsPerFrame: Int { rows * columns }
    /// Samples in one decoded frame.
    public var samplesPerFrame: Int { rows * columns * samplesPerPixel }
    /// Bytes per sample once decoded (1-bit data decodes to one byte per pixel).
    public var bytesPerSample: Int { max(1, bitsAllocated / 8) }
    /// True for two's complement samples.
    public var isSigned: Bool { pixelRepresentation == 1 }

    /// Bits one native frame occupies (YBR_FULL_422 stores two chroma samples per pixel pair).
    public var bitsPerNativeFrame: Int {
        if photometric == .ybrFull422 { return rows * columns * 2 * bitsAllocated }
        return samplesPerFrame * bitsAllocated
    }
    /// Bytes one native frame occupies; 1-bit frames need not start on a byte boundary.
    public var bytesPerNativeFrame: Int { (bitsPerNativeFrame + 7) / 8 }
    /// Bytes all native frames occupy, without the padding byte.
    public var nativeLength: Int { (bitsPerNativeFrame * numberOfFrames + 7) / 8 }

    /// The smallest and largest stored values.
    public var storedRange: ClosedRange<Int> {
        isSigned ? -(1 << (bitsStored - 1))...((1 << (bitsStored - 1)) - 1) : 0...((1 << bitsStored) - 1)
    }
}

/// The attribute tags this module reads, kept in a namespace of its own so they never clash with the dictionary.
enum PixelTag {
    static let samplesPerPixel = Tag(0x0028_0002)
    static let photometricInterpretation = Tag(0x0028_0004)
    static let planarConfiguration = Tag(0x0028_0006)
    static let numberOfFrames = Tag(0x0028_0008)
    static let rows = Tag(0x0028_0010)
    static let columns = Tag(0x0028_0011)
    static let bitsAllocated = Tag(0x0028_0100)
    static let bitsStored = Tag(0x0028_0101)
    static let highBit = Tag(0x0028_0102)
    static let pixelRepresentation = Tag(0x0028_0103)
    static let windowCenter = Tag(0x0028_1050)
    static let windowWidth = Tag(0x0028_1051)
    static let rescaleIntercept = Tag(0x0028_1052)
    static let rescaleSlope = Tag(0x0028_1053)
    static let voiLUTFunction = Tag(0x0028_1056)
    static let redPaletteDescriptor = Tag(0x0028_1101)
    static let greenPaletteDescriptor = Tag(0x0028_1102)
    static let bluePaletteDescriptor = Tag(0x0028_1103)
    static let redPaletteData = Tag(0x0028_1201)
    static let greenPaletteData = Tag(0x0028_1202)
    static let bluePaletteData = Tag(0x0028_1203)
    static let modalityLUTSequence = Tag(0x0028_3000)
    static let voiLUTSequence = Tag(0x0028_3010)
    static let lutDescriptor = Tag(0x0028_3002)
    static let lutData = Tag(0x0028_3006)
    static let extendedOffsetTable = Tag(0x7FE0_0001)
    static let extendedOffsetTableLengths = Tag(0x7FE0_0002)
    static let burnedInAnnotation = Tag(0x0028_0301)
}
