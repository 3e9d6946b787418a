/// One attribute of a data set. Values stay as raw little-endian bytes until asked for (lazy conversion);
/// readers byte-swap big-endian input on the way in and writers swap back on the way out.
public struct DataElement: Sendable, Equatable {
    public var tag: Tag
    public var vr: VR
    public var value: ElementValue

    public init(tag: Tag, vr: VR, value: ElementValue) {
        self.tag = tag
        self.vr = vr
        self.value = value
    }

    /// An element holding raw bytes.
    public init(tag: Tag, vr: VR, bytes: ArraySlice<UInt8>) {
        self.init(tag: tag, vr: vr, value: .bytes(bytes))
    }

    /// The raw value bytes, or nil for sequences and encapsulated pixel data.
    public var bytes: ArraySlice<UInt8>? {
        if case .bytes(let b) = value { return b }
        return nil
    }

    /// The items of a sequence, or nil when the element is not one.
    public var items: [SequenceItem]? {
        if case .sequence(let s) = value { return s.items }
        return nil
    }

    /// True when the element has no value (zero length, or a sequence without items).
    public var isEmpty: Bool {
        switch value {
        case .bytes(let b): return b.isEmpty
        case .sequence(let s): return s.items.isEmpty
        case .encapsulated(let e): return e.fragments.isEmpty
        }
    }
}

/// The value of an element: raw bytes, a sequence of items, or encapsulated pixel data.
public enum ElementValue: Sendable, Equatable {
    /// Little-endian value bytes exactly as stored (without padding added or removed).
    case bytes(ArraySlice<UInt8>)
    /// A sequence of items (SQ, or UN of undefined length read as a sequence per CP-246).
    case sequence(Sequence)
    /// Encapsulated (compressed) pixel data: a Basic Offset Table and fragments, not decoded.
    case encapsulated(EncapsulatedPixelData)

    /// The items of a sequence and whether it was encoded with undefined length.
    public struct Sequence: Sendable, Equatable {
        public var items: [SequenceItem]
        /// Written back with a sequence delimitation item when true.
        public var undefinedLength: Bool
        public init(items: [SequenceItem], undefinedLength: Bool = true) {
            self.items = items
            self.undefinedLength = undefinedLength
        }
    }
}

/// One item of a sequence: a nested data set and how its length was encoded.
public struct SequenceItem: Sendable, Equatable {
    public var dataSet: DataSet
    /// Written back with an item delimitation item when true.
    public var undefinedLength: Bool
    public init(_ dataSet: DataSet, undefinedLength: Bool = false) {
        self.dataSet = dataSet
        self.undefinedLength = undefinedLength
    }
}

/// Encapsulated pixel data (PS3.5 §A.4): the Basic Offset Table item and the fragment items, kept as bytes.
public struct EncapsulatedPixelData: Sendable, Equatable {
    /// The value of the first item; empty when the table is empty.
    public var offsetTable: ArraySlice<UInt8>
    /// Each fragment's bytes, in order.
    public var fragments: [ArraySlice<UInt8>]
    public init(offsetTable: ArraySlice<UInt8>, fragments: [ArraySlice<UInt8>]) {
        self.offsetTable = offsetTable
        self.fragments = fragments
    }
}
