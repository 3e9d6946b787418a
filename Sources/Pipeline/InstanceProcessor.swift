import Crypto
import Deidentify
import DicomCore
import DicomIO
import DicomPixels
import TextDetection

/// One file in, one file out: read, plan the header actions, find text in the pixels, apply masks, verify,
/// and encode — with the record of what was done. `apply`, `scan` and `commit` all go through here.
public struct InstanceProcessor: Sendable {
    public let engine: Deidentifier
    /// Nil when pixels are not checked (`--no-pixel-check`): then no pixel cleaning is claimed.
    public let inspector: PixelInspector?

    public init(engine: Deidentifier, inspector: PixelInspector?) {
        self.engine = engine
        self.inspector = inspector
    }

    /// A file read from disk, with the hash of its exact bytes.
    public struct Input: Sendable {
        public var file: DicomFile
        public var sha256: String
        public var size: Int

        public init(file: DicomFile, sha256: String, size: Int) {
            self.file = file
            self.sha256 = sha256
            self.size = size
        }
    }

    /// Reads and (unless `hash` is false) hashes `path`. Non-DICOM input gives `.notDicom`; malformed DICOM
    /// gives a reader error.
    public static func read(path: String, hash: Bool = true) throws -> Input {
        let bytes = try DicomReader.readBytes(path: path)
        let file: DicomFile
        do { file = try DicomReader.parse(bytes) } catch let e as DicomError { throw e.inFile(path) }
        return Input(file: file, sha256: hash ? sha256Hex(bytes) : "", size: bytes.count)
    }

    /// The header plan and the pixel findings of an instance, without applying anything.
    public struct Examination: Sendable {
        public var deidentified: DeidentificationResult
        public var pixels: PixelInspection
        public var phiTokens: [String]
    }

    /// Plans the de-identification of `input` and inspects its pixels.
    public func examine(_ input: Input) throws(QuarantineReason) -> Examination {
        let ds = input.file.dataSet
        let harvest = PHITokens.harvest(from: ds)
        let tokens = harvest.tokens.map(\.text)
        var pixels = PixelInspection.none
        if let inspector, ds[.pixelData] != nil {
            pixels = try inspector.inspect(ds, transferSyntax: input.file.transferSyntax.uid, phiTokens: tokens)
        }
        let result: DeidentificationResult
        do { result = try engine.deidentify(meta: input.file.meta, dataSet: ds, pixels: .unchecked, tokens: harvest) } catch {
            throw QuarantineReason(error.description)
        }
        return Examination(deidentified: result, pixels: pixels, phiTokens: tokens)
    }

    /// The de-identified instance, ready to write.
    public struct Output: Sendable {
        public var file: DicomFile
        /// Relative output path: `<pseudonym>/<study>/<series>/<SOPInstanceUID>.dcm`.
        public var relativePath: String
        public var appliedMasks: [Mask]
        /// Set when masking forced another transfer syntax (e.g. lossy JPEG 2000 → explicit VR little endian).
        public var syntaxChange: String?
        public var header: DeidentificationResult
    }

    /// De-identifies `input` with `masks` applied to its pixels. With a pixel inspector, every masked
    /// instance is searched again and refused if PHI-class text is still read.
    public func produce(_ input: Input, masks: [Mask], phiTokens: [String]? = nil) throws(QuarantineReason) -> Output {
        let original = input.file
        let hasPixels = original.dataSet[.pixelData] != nil
        if hasPixels && inspector == nil && !masks.isEmpty {
            throw QuarantineReason("masks given but pixels are not being checked")
        }
        // Mask the original pixels first (geometry untouched), then de-identify the header around them.
        var source = original.dataSet
        var syntax = original.transferSyntax
        var applied: [Mask] = []
        var change: String? = nil
        if hasPixels && !masks.isEmpty {
            do {
                let r = try PixelMasker.apply(masks, to: source, transferSyntax: syntax.uid)
                source = r.dataSet
                applied = r.appliedMasks
                if r.syntaxChanged {
                    syntax = TransferSyntax.named(r.transferSyntax)
                    change = r.reason ?? "masking required \(syntax.name)"
                }
            } catch {
                throw QuarantineReason("masks cannot be applied: \(error)")
            }
        }
        if let inspector, hasPixels {
            let tokens = phiTokens ?? PHITokens.harvest(from: original.dataSet).tokens.map(\.text)
            // Verification: what is left must not read as PHI.
            let again = try inspector.inspect(source, transferSyntax: syntax.uid, phiTokens: tokens)
            let residual = again.findings.filter { f in
                f.findingClass == .phi && !applied.contains { m in m.frame == f.frame && m.covers(f.box) }
            }
            if let r = residual.first {
                throw QuarantineReason("PHI still readable after masking: \"\(r.text)\" at frame \(r.frame) \(r.box)")
            }
        }
        let status: PixelStatus = hasPixels && inspector != nil
            ? PixelStatus(cleaned: true, burnedInAnnotation: "NO")
            : .unchecked
        let result: DeidentificationResult
        do { result = try engine.deidentify(meta: original.meta, dataSet: source, pixels: status) } catch {
            throw QuarantineReason(error.description)
        }
        guard let rel = OutputLayout.relativePath(pseudonym: result.patientPseudonym, dataSet: result.dataSet) else {
            throw QuarantineReason("no valid SOPInstanceUID after de-identification")
        }
        var meta = result.meta
        meta.setString(.implementationClassUID, vr: .UI, DicomWriter.implementationClassUID)
        meta.setString(.implementationVersionName, vr: .SH, DicomWriter.implementationVersionName)
        // The preamble is application data and may hold anything: it is written as zeros.
        let out = DicomFile(preamble: [UInt8](repeating: 0, count: 128), meta: meta, dataSet: result.dataSet, transferSyntax: syntax)
        return Output(file: out, relativePath: rel, appliedMasks: applied, syntaxChange: change, header: result)
    }

    /// Lowercase hex SHA-256.
    public static func sha256Hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var h = SHA256()
        bytes.withContiguousStorageIfAvailable { h.update(bufferPointer: UnsafeRawBufferPointer($0)) } ?? h.update(data: Array(bytes))
        return h.finalize().map { b in let s = String(b, radix: 16); return s.count == 1 ? "0" + s : s }.joined()
    }

    /// SHA-256 of encoded byte runs.
    public static func sha256Hex(chunks: [ArraySlice<UInt8>]) -> String {
        var h = SHA256()
        for c in chunks { c.withUnsafeBytes { h.update(bufferPointer: $0) } }
        return h.finalize().map { b in let s = String(b, radix: 16); return s.count == 1 ? "0" + s : s }.joined()
    }
}

extension Mask {
    /// True when this mask covers `box` completely.
    func covers(_ box: PixelRect) -> Bool {
        box.x >= x && box.y >= y && box.x + box.width <= x + width && box.y + box.height <= y + height
    }
}
