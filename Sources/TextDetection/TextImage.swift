import DicomCore

/// An 8-bit grey image, row-major, one byte per pixel, no row padding.
///
/// This is the input of text detection; the pipeline renders decoded frames to it.
public struct TextImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]

    /// Makes an image; throws when the pixel count is not `width × height` or a side is not positive.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(TextDetectionError) {
        guard width > 0, height > 0, width.multipliedReportingOverflow(by: height).overflow == false,
              pixels.count == width * height
        else {
            throw .invalidImage(width: width, height: height, pixelCount: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The pixel at column `x`, row `y`; the caller keeps both in range.
    public subscript(x: Int, y: Int) -> UInt8 {
        pixels[y * width + x]
    }

    /// The rectangle covering the whole image.
    public var bounds: PixelRect { PixelRect(x: 0, y: 0, width: width, height: height) }
}
