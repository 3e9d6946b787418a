import DicomCore

/// A candidate region prepared for OCR: cut out, only its ink kept (as dark text on white,
/// everything else white), scaled up by an integer factor (bilinear), with a white margin.
struct RegionImage {
    let pixels: [UInt8]
    let width: Int
    let height: Int
    private let origin: PixelRect
    private let scale: Int
    private let margin: Int

    /// `inkMask`: one byte per image pixel, non-zero where the pixel is ink of the region's polarity.
    init(image: TextImage, region: PixelRect, inkMask: [UInt8], invert: Bool, scale: Int, margin: Int) {
        let crop = region.intersection(image.bounds)
        self.origin = crop
        self.scale = scale
        self.margin = margin
        let outWidth = crop.width * scale + 2 * margin
        let outHeight = crop.height * scale + 2 * margin
        width = outWidth
        height = outHeight
        // Stretch the region's own range to full contrast, inverted for bright ink.
        var low = 255, high = 0
        var source = [UInt8](repeating: 0, count: crop.width * crop.height)
        for y in crop.y..<crop.maxY {
            for x in crop.x..<crop.maxX {
                let v = Int(image.pixels[y * image.width + x])
                low = min(low, v)
                high = max(high, v)
            }
        }
        let range = max(1, high - low)
        var lut = [UInt8](repeating: 0, count: 256)
        for v in 0..<256 {
            let stretched = max(0, min(255, (v - low) * 255 / range))
            lut[v] = UInt8(invert ? 255 - stretched : stretched)
        }
        // The crop: ink keeps its (normalised) grey, the rest turns white.
        for y in 0..<crop.height {
            for x in 0..<crop.width {
                let index = (crop.y + y) * image.width + crop.x + x
                source[y * crop.width + x] = inkMask[index] != 0 ? lut[Int(image.pixels[index])] : 255
            }
        }
        var out = [UInt8](repeating: 255, count: outWidth * outHeight)
        let inv = 1.0 / Double(scale)
        for oy in 0..<(crop.height * scale) {
            // Sample at pixel centres.
            let sy = min(Double(crop.height - 1), max(0, (Double(oy) + 0.5) * inv - 0.5))
            let y0 = Int(sy), y1 = min(crop.height - 1, y0 + 1)
            let fy = sy - Double(y0)
            let row0 = y0 * crop.width, row1 = y1 * crop.width
            let outRow = (oy + margin) * outWidth + margin
            for ox in 0..<(crop.width * scale) {
                let sx = min(Double(crop.width - 1), max(0, (Double(ox) + 0.5) * inv - 0.5))
                let x0 = Int(sx), x1 = min(crop.width - 1, x0 + 1)
                let fx = sx - Double(x0)
                let a = Double(source[row0 + x0]), b = Double(source[row0 + x1])
                let c = Double(source[row1 + x0]), d = Double(source[row1 + x1])
                let top = a + (b - a) * fx, bottom = c + (d - c) * fx
                out[outRow + ox] = UInt8(max(0, min(255, (top + (bottom - top) * fy).rounded())))
            }
        }
        pixels = out
    }

    /// A box in this prepared image, mapped back to the full image (rounded outwards).
    func imageRect(of box: PixelRect) -> PixelRect {
        let left = (box.x - margin) / scale
        let top = (box.y - margin) / scale
        let right = (box.maxX - margin + scale - 1) / scale
        let bottom = (box.maxY - margin + scale - 1) / scale
        return PixelRect(x: origin.x + left, y: origin.y + top, width: right - left, height: bottom - top)
    }
}
