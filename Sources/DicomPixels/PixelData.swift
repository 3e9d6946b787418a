import DicomCore

/// The pixel data of one instance: its description, its transfer syntax and its bytes, with frames
/// decoded on demand one at a time. Creating it checks the description and sizes but decodes nothing.
public struct PixelData: Sendable {
    public let description: PixelDescription
    public let syntax: PixelSyntax
    let storage: Storage
    /// For encapsulated data, the fragment indices of each frame.
    let frameFragments: [Range<Int>]

    enum Storage: Sendable {
        case native(ArraySlice<UInt8>)
        case encapsulated(EncapsulatedPixelData)
    }

    /// Reads the description and (7FE0,0010) of `dataSet`, stored in transfer syntax `transferSyntax`.
    /// Throws when attributes are missing or contradictory, sizes overflow, or native data is too short.
    public init(dataSet: DataSet, transferSyntax: String) throws(PixelError) {
        let syntax = PixelSyntax(uid: transferSyntax)
        let description = try PixelDescription(dataSet: dataSet)
        guard let element = dataSet[.pixelData] else {
            throw PixelError(.missingAttribute, "the data set has no Pixel Data", tag: .pixelData)
        }
        var extended: [UInt64]?
        if let eot = dataSet[PixelTag.extendedOffsetTable]?.bytes, !eot.isEmpty {
            extended = eot.littleEndianIntegers(UInt64.self)
        }
        var value = element.value
        if BigEndianFix.needed(syntax: syntax, description: description, vr: element.vr), case .bytes(let b) = value {
            value = .bytes(BigEndianFix.swapWordHalves(b))
        }
        try self.init(description: description, syntax: syntax, value: value, extendedOffsets: extended)
    }

    /// Builds from parts: a validated description, a syntax and the Pixel Data value.
    public init(description: PixelDescription, syntax: PixelSyntax, value: ElementValue,
                extendedOffsets: [UInt64]? = nil) throws(PixelError) {
        self.description = description
        self.syntax = syntax
        switch (syntax.codec, value) {
        case (.native, .bytes(let bytes)):
            // Native 4:2:2 is unpacked for 8-bit samples; compressed frames (12-bit JPEG) come out of their codec whole.
            if description.photometric == .ybrFull422 && description.bitsAllocated != 8 {
                throw PixelError(.unsupportedLayout, "native YBR_FULL_422 is supported with 8 bits allocated only", tag: PixelTag.bitsAllocated)
            }
            if description.photometric == .ybrFull422 && description.columns % 2 != 0 {
                throw PixelError(.inconsistent, "native YBR_FULL_422 needs an even number of columns, not \(description.columns)", tag: PixelTag.columns)
            }
            guard bytes.count >= description.nativeLength else {
                throw PixelError(.insufficientData, "Pixel Data has \(bytes.count) bytes; \(description.numberOfFrames) frame(s) need \(description.nativeLength)", tag: .pixelData)
            }
            storage = .native(bytes)
            frameFragments = []
        case (.native, _):
            throw PixelError(.inconsistent, "native transfer syntax \(syntax.uid) with encapsulated or sequence Pixel Data", tag: .pixelData)
        case (.unknown, _):
            throw PixelError(.unsupportedSyntax, "transfer syntax \(syntax.uid) has no pixel decoder", tag: .pixelData)
        case (_, .encapsulated(let pixels)):
            storage = .encapsulated(pixels)
            frameFragments = try FrameFragments.map(pixels, frames: description.numberOfFrames, extendedOffsets: extendedOffsets)
        case (_, _):
            throw PixelError(.inconsistent, "compressed transfer syntax \(syntax.uid) without encapsulated Pixel Data", tag: .pixelData)
        }
    }

    public var numberOfFrames: Int { description.numberOfFrames }

    /// Decodes frame `index` (zero-based).
    public func frame(_ index: Int) throws(PixelError) -> Frame {
        guard index >= 0, index < description.numberOfFrames else {
            throw PixelError(.frameOutOfRange, "frame \(index) of \(description.numberOfFrames)", frame: index)
        }
        switch storage {
        case .native(let bytes):
            let d = description
            let bitStart = d.bitsPerNativeFrame * index
            let samples = bytes.withUnsafeBytes { raw in
                FrameUnpacker.unpack(raw, byteOffset: bitStart >> 3, bitOffset: bitStart & 7, layout: d)
            }
            return Frame(index: index, description: FrameUnpacker.decodedDescription(d), samples: samples)
        case .encapsulated:
            do {
                let raw = try decodedFrame(index)
                let samples = raw.bytes.withUnsafeBytes { FrameUnpacker.unpack($0, byteOffset: 0, layout: raw.layout) }
                return Frame(index: index, description: FrameUnpacker.decodedDescription(raw.layout), samples: samples)
            } catch {
                throw error.inFrame(index)
            }
        }
    }

    /// The compressed bytes of frame `index`: its fragments joined (one fragment is returned without copying).
    public func compressedFrame(_ index: Int) throws(PixelError) -> ArraySlice<UInt8> {
        guard case .encapsulated(let pixels) = storage else {
            throw PixelError(.inconsistent, "native pixel data has no compressed frames")
        }
        guard index >= 0, index < frameFragments.count else {
            throw PixelError(.frameOutOfRange, "frame \(index) of \(frameFragments.count)", frame: index)
        }
        let range = frameFragments[index]
        if range.count == 1 { return pixels.fragments[range.lowerBound] }
        var joined: [UInt8] = []
        for i in range { joined.append(contentsOf: pixels.fragments[i]) }
        return joined[...]
    }

    /// Decodes an encapsulated frame to native little-endian bytes and the layout of those bytes.
    func decodedFrame(_ index: Int) throws(PixelError) -> RawFrame {
        let data = try compressedFrame(index)
        var layout = description
        layout.numberOfFrames = 1
        var raw = try CodecRegistry.decode(data, syntax: syntax, description: layout)
        // Codecs deliver every chroma sample: 4:2:2 is a property of native storage only.
        if raw.layout.photometric == .ybrFull422 { raw.layout.photometric = .ybrFull }
        return raw
    }
}

/// A decoded frame as native little-endian bytes, with the layout (bits, planar configuration,
/// photometric) the bytes are in. Masking and re-encoding work on this.
struct RawFrame {
    var bytes: [UInt8]
    var layout: PixelDescription
    /// For JPEG 2000: the codestream used a multiple component transform (YBR_ICT / YBR_RCT).
    var colourTransform = false
}

/// Readers byte-swap big-endian OW values in 16-bit units; 32-bit samples then still have their two
/// halves in big-endian order. This swaps the halves back (and, on writing, forward again).
enum BigEndianFix {
    static func needed(syntax: PixelSyntax, description: PixelDescription, vr: VR) -> Bool {
        syntax.uid == PixelSyntax.explicitVRBigEndian && description.bitsAllocated == 32 && vr == .OW
    }

    static func swapWordHalves(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var out = Array(bytes)
        var i = 0
        while i + 3 < out.count {
            out.swapAt(i, i + 2)
            out.swapAt(i + 1, i + 3)
            i += 4
        }
        return out[...]
    }
}
