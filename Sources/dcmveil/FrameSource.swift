import DicomCore
import DicomIO
import DicomPixels
import Foundation
import Workstation

/// Frames of the batch's original files for the pixel view: decoded on demand, windowed to 8-bit grey,
/// optionally masked and encoded as PNG. Keeps the last parsed file and a few decoded frames, so
/// stepping through frames and changing the window do not re-read the file, and memory stays bounded.
final class FrameSource: @unchecked Sendable {
    /// How many decoded frames are kept.
    static let cachedFrames = 6

    private struct OpenFile {
        let path: String
        let pixels: PixelData
        let dataSet: DataSet
    }

    private struct CachedFrame {
        let path: String
        let index: Int
        let frame: Frame
    }

    private let lock = NSLock()
    private var file: OpenFile?
    /// Most recently used last.
    private var frames: [CachedFrame] = []

    /// The rendered frame `index` of the file at `path`: grey after `windowLevel` (nil: the file's own
    /// window, else the histogram's), with `masks` painted black, and PNG bytes when `wantPNG`.
    func render(path: String, index: Int, windowLevel: WindowLevel?, masks: [PixelRect], wantPNG: Bool) throws
        -> (image: FrameImage, frameCount: Int, windowLevel: WindowLevel)
    {
        lock.lock()
        defer { lock.unlock() }
        let open = try openFile(path)
        let frame = try decodedFrame(open, index: index)
        let options = RenderOptions(window: windowLevel.map { Window(center: $0.center, width: $0.width) }, drawOverlays: false)
        let renderer = try FrameRenderer(dataSet: open.dataSet, options: options)
        var grey = try renderer.renderGray(frame)
        for r in masks { paint(r, in: &grey) }
        let used = renderer.window(for: frame)
        let png = wantPNG ? try PNGWriter.write(grey) : nil
        return (FrameImage(width: grey.width, height: grey.height, grey: grey.pixels, png: png),
                max(1, open.pixels.numberOfFrames), WindowLevel(center: used.center, width: used.width))
    }

    private func openFile(_ path: String) throws -> OpenFile {
        if let file, file.path == path { return file }
        let parsed = try DicomReader.parse(try DicomReader.readBytes(path: path))
        let opened = OpenFile(path: path, pixels: try PixelData(dataSet: parsed.dataSet, transferSyntax: parsed.transferSyntax.uid),
                              dataSet: parsed.dataSet)
        file = opened
        return opened
    }

    private func decodedFrame(_ open: OpenFile, index: Int) throws -> Frame {
        if let i = frames.firstIndex(where: { $0.path == open.path && $0.index == index }) {
            let hit = frames.remove(at: i)
            frames.append(hit)
            return hit.frame
        }
        let frame = try open.pixels.frame(index)
        frames.append(CachedFrame(path: open.path, index: index, frame: frame))
        if frames.count > Self.cachedFrames { frames.removeFirst(frames.count - Self.cachedFrames) }
        return frame
    }

    /// Blacks out a rectangle (clipped to the image): the "after" preview of a mask.
    private func paint(_ r: PixelRect, in image: inout GrayImage) {
        let x0 = max(0, r.x), x1 = min(image.width, r.maxX)
        let y0 = max(0, r.y), y1 = min(image.height, r.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            let row = y * image.width
            for x in x0..<x1 { image.pixels[row + x] = 0 }
        }
    }
}
