import DicomCore

/// A DICOM Part 10 file (or a bare data set): preamble, file meta information and the data set.
public struct DicomFile: Sendable, Equatable {
    /// The 128-byte preamble, or nil for a bare data set without one.
    public var preamble: [UInt8]?
    /// File meta information, group 0002 (empty for a bare data set).
    public var meta: DataSet
    /// The data set proper. In memory every value is little-endian.
    public var dataSet: DataSet
    /// The syntax the data set was encoded in.
    public var transferSyntax: TransferSyntax
    /// True when reading stopped before (7FE0,0010) in header-only mode.
    public var stoppedBeforePixels: Bool
    /// Non-fatal oddities found while reading (syntax mismatch, unknown character set, …).
    public var warnings: [String]

    public init(preamble: [UInt8]? = [UInt8](repeating: 0, count: 128), meta: DataSet, dataSet: DataSet,
                transferSyntax: TransferSyntax, stoppedBeforePixels: Bool = false, warnings: [String] = []) {
        self.preamble = preamble
        self.meta = meta
        self.dataSet = dataSet
        self.transferSyntax = transferSyntax
        self.stoppedBeforePixels = stoppedBeforePixels
        self.warnings = warnings
    }
}

/// How much of a file to read.
public enum ReadMode: Sendable {
    /// Everything, pixel data included.
    case full
    /// Stop before (7FE0,0008)–(7FE0,0010) at the top level, reading no pixel bytes.
    case headerOnly
}
