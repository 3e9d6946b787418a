import DicomCore
import Foundation

/// How to choose the VOI window when rendering monochrome frames.
public struct RenderOptions: Sendable, Equatable {
    /// A window that overrides everything in the file.
    public var window: Window?
    /// Use the file's VOI LUT or window when present (else the histogram).
    public var useFileWindow: Bool = true
    /// Percentiles of the modality values the histogram window spans.
    public var lowPercentile: Double = 0.01
    public var highPercentile: Double = 0.99
    /// Draw overlay planes in white on top.
    public var drawOverlays: Bool = true

    public init(window: Window? = nil, useFileWindow: Bool = true, lowPercentile: Double = 0.01,
                highPercentile: Double = 0.99, drawOverlays: Bool = true) {
        self.window = window
        self.useFileWindow = useFileWindow
        self.lowPercentile = lowPercentile
        self.highPercentile = highPercentile
        self.drawOverlays = drawOverlays
    }
}

/// Renders decoded frames to 8-bit grey or RGB: modality LUT, VOI LUT or window (from the file or the
/// histogram), MONOCHROME1 inversion, YBR to RGB, palette colour, and overlays on top.
public struct FrameRenderer: Sendable {
    public var display: DisplayAttributes
    public var options: RenderOptions

    public init(display: DisplayAttributes = DisplayAttributes(), options: RenderOptions = RenderOptions()) {
        self.display = display
        self.options = options
    }

    /// A renderer with the display attributes of `dataSet`.
    public init(dataSet: DataSet, options: RenderOptions = RenderOptions()) throws(PixelError) {
        self.init(display: try DisplayAttributes(dataSet: dataSet), options: options)
    }

    /// Renders `frame`: grey for monochrome, RGB for colour and palette.
    public func render(_ frame: Frame) throws(PixelError) -> RenderedImage {
        let d = frame.description
        var image: RenderedImage
        switch d.photometric {
        case .monochrome1, .monochrome2:
            image = .gray(renderMonochrome(frame))
        case .paletteColor:
            guard let palette = display.palette else {
                throw PixelError(.missingAttribute, "PALETTE COLOR frame without a palette", tag: PixelTag.redPaletteData)
            }
            image = .rgb(renderPalette(frame, palette))
        case .rgb, .ybrICT, .ybrRCT:
            image = .rgb(renderColour(frame, ybr: false))
        case .ybrFull, .ybrFull422, .ybrPartial420:
            image = .rgb(renderColour(frame, ybr: true))
        }
        if options.drawOverlays && !display.overlays.isEmpty { drawOverlays(&image, frame: frame.index) }
        return image
    }

    /// Renders `frame` to grey (colour by luminance), the input text detection wants.
    public func renderGray(_ frame: Frame) throws(PixelError) -> GrayImage { try render(frame).grayscale }

    // MARK: monochrome

    /// The window used for `frame`: the override, the file's, or 1st-99th percentile of modality values.
    public func window(for frame: Frame) -> Window {
        if let w = options.window { return w }
        if options.useFileWindow, let w = display.windows.first { return w }
        let (lo, hi) = percentiles(frame)
        return Window(center: (lo + hi) / 2 + 0.5, width: max(1, hi - lo + 1))
    }

    private func modality(_ v: Int) -> Double {
        if let lut = display.modalityLUT { return Double(lut.lookup(v)) }
        return Double(v) * display.rescaleSlope + display.rescaleIntercept
    }

    /// Stored value -> 0...255 for monochrome frames.
    private func monochromeMapping(_ frame: Frame) -> (Int) -> UInt8 {
        let invert = frame.description.photometric == .monochrome1
        if options.window == nil, options.useFileWindow, let lut = display.voiLUT {
            let maxOut = Double((1 << lut.bitsPerEntry) - 1)
            return { v in
                let m = Int(self.modality(v).rounded(.down))
                let y = UInt8(max(0, min(255, (Double(lut.lookup(m)) / maxOut * 255).rounded())))
                return invert ? 255 - y : y
            }
        }
        let w = window(for: frame)
        let fn = display.voiFunction
        return { v in
            let x = self.modality(v)
            var y: Double
            switch fn {
            case .linear:
                let c = w.center - 0.5, width = max(w.width - 1, 1e-9)
                if x <= c - width / 2 { y = 0 } else if x > c + width / 2 { y = 1 } else { y = (x - c) / width + 0.5 }
            case .linearExact:
                if x <= w.center - w.width / 2 { y = 0 } else if x > w.center + w.width / 2 { y = 1 } else { y = (x - w.center) / w.width + 0.5 }
            case .sigmoid:
                y = 1 / (1 + exp(-4 * (x - w.center) / w.width))
            }
            let out = UInt8(max(0, min(255, (y * 255).rounded())))
            return invert ? 255 - out : out
        }
    }

    private func renderMonochrome(_ frame: Frame) -> GrayImage {
        let map = monochromeMapping(frame)
        let pixels: [UInt8]
        switch frame.samples {
        case .uint8(let a): pixels = Self.mapThroughTable(a, map)
        case .int8(let a): pixels = Self.mapThroughTable(a, map)
        case .uint16(let a): pixels = Self.mapThroughTable(a, map)
        case .int16(let a): pixels = Self.mapThroughTable(a, map)
        case .uint32(let a): pixels = a.map { map(Int($0)) }
        case .int32(let a): pixels = a.map { map(Int($0)) }
        }
        return GrayImage(width: frame.columns, height: frame.rows, pixels: pixels)
    }

    /// The smallest and largest sample.
    @inline(__always)
    static func extent<T: FixedWidthInteger>(_ s: UnsafeBufferPointer<T>) -> (Int, Int) {
        guard var lo = s.first else { return (0, 0) }
        var hi = lo
        for v in s {
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        return (Int(lo), Int(hi))
    }

    /// Maps samples of at most 16 bits through a table built once over the values present.
    private static func mapThroughTable<T: FixedWidthInteger>(_ samples: [T], _ map: (Int) -> UInt8) -> [UInt8] {
        let n = samples.count
        return samples.withUnsafeBufferPointer { s in
            let (lo, hi) = extent(s)
            let size = hi - lo + 1
            let table = [UInt8](unsafeUninitializedCapacity: size) { buf, count in
                for i in 0..<size { buf[i] = map(lo + i) }
                count = size
            }
            return [UInt8](unsafeUninitializedCapacity: n) { out, count in
                table.withUnsafeBufferPointer { t in
                    for i in 0..<n { out[i] = t[Int(s[i]) &- lo] }
                }
                count = n
            }
        }
    }

    /// The low and high percentile of modality values, from a histogram of stored values.
    private func percentiles(_ frame: Frame) -> (Double, Double) {
        let range = frame.description.storedRange
        let n = frame.samples.count
        guard n > 0 else { return (0, 1) }
        var sortedValues: [Int]
        if range.count <= 65536 {
            var counts: [Int32] = []
            var lo = 0
            func tally<T: FixedWidthInteger>(_ a: [T]) {
                a.withUnsafeBufferPointer { s in
                    let (l, h) = Self.extent(s)
                    lo = l
                    counts = [Int32](repeating: 0, count: h - l + 1)
                    counts.withUnsafeMutableBufferPointer { c in
                        for v in s { c[Int(v) &- l] &+= 1 }
                    }
                }
            }
            switch frame.samples {
            case .uint8(let a): tally(a)
            case .int8(let a): tally(a)
            case .uint16(let a): tally(a)
            case .int16(let a): tally(a)
            case .uint32(let a): tally(a)
            case .int32(let a): tally(a)
            }
            func value(at fraction: Double) -> Int {
                let target = Int((Double(n - 1) * fraction).rounded(.down))
                var seen = 0
                for (i, c) in counts.enumerated() {
                    seen += Int(c)
                    if seen > target { return lo + i }
                }
                return range.upperBound
            }
            let a = modality(value(at: options.lowPercentile)), b = modality(value(at: options.highPercentile))
            return (min(a, b), max(a, b))
        }
        // Wide samples: percentiles of an evenly strided sample of at most 65536 values.
        let step = max(1, n / 65536)
        sortedValues = stride(from: 0, to: n, by: step).map { frame.samples[$0] }
        sortedValues.sort()
        let a = modality(sortedValues[Int(Double(sortedValues.count - 1) * options.lowPercentile)])
        let b = modality(sortedValues[Int(Double(sortedValues.count - 1) * options.highPercentile)])
        return (min(a, b), max(a, b))
    }

    // MARK: colour

    private func renderColour(_ frame: Frame, ybr: Bool) -> RGBImage {
        let d = frame.description
        let bits = d.bitsStored
        let n = frame.samples.count
        let maxIn = Double((1 << bits) - 1)
        func to8(_ v: Int) -> Int { bits == 8 ? v : Int((Double(v) / maxIn * 255).rounded()) }
        var out = [UInt8](repeating: 0, count: n)
        switch frame.samples {
        case .uint8(let a) where bits == 8:
            out = a
        default:
            for i in 0..<n { out[i] = UInt8(clamping: to8(frame.samples[i])) }
        }
        if ybr {
            out.withUnsafeMutableBufferPointer { p in
                var i = 0
                while i + 2 < n {
                    let y = Double(p[i]), cb = Double(p[i + 1]) - 128, cr = Double(p[i + 2]) - 128
                    p[i] = UInt8(clamping: Int((y + 1.402 * cr).rounded()))
                    p[i + 1] = UInt8(clamping: Int((y - 0.344136 * cb - 0.714136 * cr).rounded()))
                    p[i + 2] = UInt8(clamping: Int((y + 1.772 * cb).rounded()))
                    i += 3
                }
            }
        }
        return RGBImage(width: frame.columns, height: frame.rows, pixels: out)
    }

    private func renderPalette(_ frame: Frame, _ palette: Palette) -> RGBImage {
        let n = frame.samples.count
        func channel(_ t: LookupTable, _ v: Int) -> UInt8 {
            let e = t.lookup(v)
            return UInt8(truncatingIfNeeded: t.bitsPerEntry > 8 ? e >> (t.bitsPerEntry - 8) : e)
        }
        var out = [UInt8](repeating: 0, count: n * 3)
        for i in 0..<n {
            let v = frame.samples[i]
            out[3 * i] = channel(palette.red, v)
            out[3 * i + 1] = channel(palette.green, v)
            out[3 * i + 2] = channel(palette.blue, v)
        }
        return RGBImage(width: frame.columns, height: frame.rows, pixels: out)
    }

    private func drawOverlays(_ image: inout RenderedImage, frame: Int) {
        switch image {
        case .gray(var g):
            for o in display.overlays {
                o.forEachSetPixel(frame: frame, width: g.width, height: g.height) { x, y in g.pixels[y * g.width + x] = 255 }
            }
            image = .gray(g)
        case .rgb(var c):
            for o in display.overlays {
                o.forEachSetPixel(frame: frame, width: c.width, height: c.height) { x, y in
                    let i = (y * c.width + x) * 3
                    c.pixels[i] = 255; c.pixels[i + 1] = 255; c.pixels[i + 2] = 255
                }
            }
            image = .rgb(c)
        }
    }
}
