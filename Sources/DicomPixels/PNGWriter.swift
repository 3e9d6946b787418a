import CPNG

/// An 8-bit RGB colour for outlines.
public struct RGBColor: Sendable, Equatable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }
    public static let red = RGBColor(red: 255, green: 0, blue: 0)
    public static let green = RGBColor(red: 0, green: 255, blue: 0)
    public static let yellow = RGBColor(red: 255, green: 255, blue: 0)
    public static let cyan = RGBColor(red: 0, green: 255, blue: 255)
}

/// A rectangle to outline on a preview, in image pixels.
public struct OutlineBox: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public var color: RGBColor
    /// Line thickness in pixels, drawn inside the rectangle.
    public var thickness: Int
    public init(x: Int, y: Int, width: Int, height: Int, color: RGBColor = .red, thickness: Int = 1) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.color = color
        self.thickness = thickness
    }
}

/// Writes PNG previews through libpng, with boxes outlined (a grey image with boxes becomes RGB).
public enum PNGWriter {
    public static func write(_ image: GrayImage, boxes: [OutlineBox] = []) throws(PixelError) -> [UInt8] {
        if boxes.isEmpty { return try encode(image.pixels, width: image.width, height: image.height, channels: 1) }
        var rgb = [UInt8](repeating: 0, count: image.pixels.count * 3)
        for (i, v) in image.pixels.enumerated() { rgb[3 * i] = v; rgb[3 * i + 1] = v; rgb[3 * i + 2] = v }
        return try write(RGBImage(width: image.width, height: image.height, pixels: rgb), boxes: boxes)
    }

    public static func write(_ image: RGBImage, boxes: [OutlineBox] = []) throws(PixelError) -> [UInt8] {
        var pixels = image.pixels
        let w = image.width, h = image.height
        for b in boxes {
            let x0 = max(0, b.x), y0 = max(0, b.y)
            let x1 = min(w, b.x + b.width), y1 = min(h, b.y + b.height)
            guard x1 > x0, y1 > y0 else { continue }
            let t = max(1, b.thickness)
            for y in y0..<y1 {
                for x in x0..<x1 where x < x0 + t || x >= x1 - t || y < y0 + t || y >= y1 - t {
                    let i = (y * w + x) * 3
                    pixels[i] = b.color.red; pixels[i + 1] = b.color.green; pixels[i + 2] = b.color.blue
                }
            }
        }
        return try encode(pixels, width: w, height: h, channels: 3)
    }

    public static func write(_ image: RenderedImage, boxes: [OutlineBox] = []) throws(PixelError) -> [UInt8] {
        switch image {
        case .gray(let g): return try write(g, boxes: boxes)
        case .rgb(let c): return try write(c, boxes: boxes)
        }
    }

    private static func encode(_ pixels: [UInt8], width: Int, height: Int, channels: Int) throws(PixelError) -> [UInt8] {
        guard width > 0, height > 0, pixels.count == width * height * channels else {
            throw PixelError(.inconsistent, "image of \(width) x \(height) x \(channels) has \(pixels.count) bytes")
        }
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 64)
        let code = pixels.withUnsafeBufferPointer { p in
            dcmveil_png_encode(p.baseAddress, UInt32(width), UInt32(height), Int32(channels), &out, &size, &message)
        }
        guard code == 0, let out else {
            throw PixelError(.codecFailure, "libpng: " + String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { dcmveil_png_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }
}
