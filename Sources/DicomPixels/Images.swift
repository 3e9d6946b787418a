/// An 8-bit greyscale image, rows top to bottom, `width` bytes per row.
public struct GrayImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]
    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }
    public subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }
}

/// An 8-bit RGB image, interleaved R G B, rows top to bottom.
public struct RGBImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt8]
    public init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }
    /// The (r, g, b) triple at column x, row y.
    public subscript(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
        let i = (y * width + x) * 3
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// Luminance (ITU-R BT.601 weights) as a grey image.
    public var grayscale: GrayImage {
        let n = width * height
        let out = [UInt8](unsafeUninitializedCapacity: n) { buf, count in
            pixels.withUnsafeBufferPointer { p in
                for i in 0..<n {
                    let v = 299 * Int(p[3 * i]) + 587 * Int(p[3 * i + 1]) + 114 * Int(p[3 * i + 2])
                    buf[i] = UInt8((v + 500) / 1000)
                }
            }
            count = n
        }
        return GrayImage(width: width, height: height, pixels: out)
    }
}

/// A rendered frame: grey for monochrome, RGB for colour.
public enum RenderedImage: Sendable, Equatable {
    case gray(GrayImage)
    case rgb(RGBImage)

    public var width: Int { switch self { case .gray(let g): g.width; case .rgb(let c): c.width } }
    public var height: Int { switch self { case .gray(let g): g.height; case .rgb(let c): c.height } }
    /// The image as grey (colour converted by luminance), e.g. for text detection.
    public var grayscale: GrayImage { switch self { case .gray(let g): g; case .rgb(let c): c.grayscale } }
}
