import DicomCore

/// Which fragments of encapsulated pixel data belong to which frame (PS3.5 §A.4): from the Extended
/// Offset Table, the Basic Offset Table, one fragment per frame, or JPEG/J2K start markers.
enum FrameFragments {
    /// For each frame, the range of fragment indices holding it.
    static func map(_ pixels: EncapsulatedPixelData, frames: Int, extendedOffsets: [UInt64]?) throws(PixelError) -> [Range<Int>] {
        let fragments = pixels.fragments
        guard !fragments.isEmpty else { throw PixelError(.insufficientData, "encapsulated pixel data has no fragments", tag: .pixelData) }
        if frames == 1 { return [0..<fragments.count] }
        // Byte offset of each fragment item (its 8-byte header) from the first fragment item.
        var itemOffsets: [UInt64] = []
        itemOffsets.reserveCapacity(fragments.count)
        var position: UInt64 = 0
        for f in fragments {
            itemOffsets.append(position)
            position += 8 + UInt64(f.count)
        }
        func fromOffsets(_ offsets: [UInt64], _ what: String) throws(PixelError) -> [Range<Int>] {
            guard offsets.count == frames else {
                throw PixelError(.corruptStream, "\(what) has \(offsets.count) entries for \(frames) frames", tag: .pixelData)
            }
            var starts: [Int] = []
            var search = 0
            for off in offsets {
                while search < itemOffsets.count && itemOffsets[search] < off { search += 1 }
                guard search < itemOffsets.count, itemOffsets[search] == off else {
                    throw PixelError(.corruptStream, "\(what) offset \(off) does not start a fragment", tag: .pixelData)
                }
                if let last = starts.last, last == search {
                    throw PixelError(.corruptStream, "\(what) lists offset \(off) twice", tag: .pixelData)
                }
                starts.append(search)
            }
            guard starts.first == 0 else { throw PixelError(.corruptStream, "\(what) does not start at the first fragment", tag: .pixelData) }
            return (0..<frames).map { i in starts[i]..<(i + 1 < frames ? starts[i + 1] : fragments.count) }
        }
        if let extendedOffsets { return try fromOffsets(extendedOffsets, "Extended Offset Table") }
        if !pixels.offsetTable.isEmpty {
            let table = pixels.offsetTable.littleEndianIntegers(UInt32.self).map(UInt64.init)
            return try fromOffsets(table, "Basic Offset Table")
        }
        if fragments.count == frames { return (0..<frames).map { $0..<($0 + 1) } }
        // No table: a frame starts at each fragment beginning with JPEG SOI (FFD8) or J2K SOC (FF4F).
        var starts: [Int] = []
        for (i, f) in fragments.enumerated() where f.count >= 2 {
            let a = f[f.startIndex], b = f[f.startIndex + 1]
            if a == 0xFF && (b == 0xD8 || b == 0x4F) { starts.append(i) }
        }
        guard starts.count == frames, starts.first == 0 else {
            throw PixelError(.unsupportedLayout, "cannot tell which of \(fragments.count) fragments belong to which of \(frames) frames", tag: .pixelData)
        }
        return (0..<frames).map { i in starts[i]..<(i + 1 < frames ? starts[i + 1] : fragments.count) }
    }
}
