/// Decoded samples of one frame, in the narrowest integer type that holds them: unsigned or signed
/// per Pixel Representation, 8/16/32 bits per Bits Allocated (1-bit data as `uint8` 0 or 1).
/// Values are already shifted down from High Bit and masked (or sign-extended) to Bits Stored.
public enum FrameSamples: Sendable, Equatable {
    case uint8([UInt8])
    case int8([Int8])
    case uint16([UInt16])
    case int16([Int16])
    case uint32([UInt32])
    case int32([Int32])

    /// Number of samples.
    public var count: Int {
        switch self {
        case .uint8(let a): return a.count
        case .int8(let a): return a.count
        case .uint16(let a): return a.count
        case .int16(let a): return a.count
        case .uint32(let a): return a.count
        case .int32(let a): return a.count
        }
    }

    /// The sample at `i` as an `Int`.
    public subscript(i: Int) -> Int {
        switch self {
        case .uint8(let a): return Int(a[i])
        case .int8(let a): return Int(a[i])
        case .uint16(let a): return Int(a[i])
        case .int16(let a): return Int(a[i])
        case .uint32(let a): return Int(a[i])
        case .int32(let a): return Int(a[i])
        }
    }

    /// All samples widened to `Int` (convenient for tests; allocates).
    public var ints: [Int] { (0..<count).map { self[$0] } }
}

/// One decoded frame: samples interleaved colour-by-pixel (R G B R G B … for colour), rows top to bottom.
public struct Frame: Sendable, Equatable {
    /// Zero-based frame number in the instance.
    public let index: Int
    /// The description of these samples: `photometric` is what the samples are now (YBR_FULL_422 is
    /// expanded to YBR_FULL; JPEG codecs may deliver RGB), `planarConfiguration` is 0, `numberOfFrames` 1.
    public let description: PixelDescription
    public let samples: FrameSamples

    public init(index: Int, description: PixelDescription, samples: FrameSamples) {
        self.index = index
        self.description = description
        self.samples = samples
    }

    public var rows: Int { description.rows }
    public var columns: Int { description.columns }
    public var samplesPerPixel: Int { description.samplesPerPixel }

    /// The value of `sample` (0 for grey) at column `x`, row `y`.
    public func value(x: Int, y: Int, sample: Int = 0) -> Int {
        samples[(y * columns + x) * samplesPerPixel + sample]
    }
}
