/// An ordered collection of data elements: a whole data set, a sequence item, or the file meta group.
/// Elements keep the order in which they were read so that an unchanged data set writes back byte for byte;
/// new elements are inserted in tag order.
public struct DataSet: Sendable, Equatable {
    public private(set) var elements: [DataElement]
    /// True while `elements` is in ascending tag order, which lets lookups use binary search.
    private var isSorted: Bool

    public init(_ elements: [DataElement] = []) {
        self.elements = elements
        self.isSorted = zip(elements, elements.dropFirst()).allSatisfy { $0.tag < $1.tag }
    }

    public var count: Int { elements.count }
    public var isEmpty: Bool { elements.isEmpty }

    /// Index of the element with `tag`, if present.
    public func index(of tag: Tag) -> Int? {
        if isSorted {
            var lo = 0, hi = elements.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                let t = elements[mid].tag
                if t == tag { return mid }
                if t < tag { lo = mid + 1 } else { hi = mid }
            }
            return nil
        }
        return elements.firstIndex { $0.tag == tag }
    }

    public subscript(tag: Tag) -> DataElement? {
        get { index(of: tag).map { elements[$0] } }
        set {
            if let newValue {
                precondition(newValue.tag == tag, "element tag must match subscript tag")
                set(newValue)
            } else {
                remove(tag)
            }
        }
    }

    public func contains(_ tag: Tag) -> Bool { index(of: tag) != nil }

    /// Inserts or replaces an element, keeping tag order for new elements.
    public mutating func set(_ element: DataElement) {
        if let i = index(of: element.tag) {
            elements[i] = element
            return
        }
        if isSorted {
            var lo = 0, hi = elements.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if elements[mid].tag < element.tag { lo = mid + 1 } else { hi = mid }
            }
            elements.insert(element, at: lo)
        } else {
            let i = elements.firstIndex { $0.tag > element.tag } ?? elements.count
            elements.insert(element, at: i)
        }
    }

    /// Appends an element as read; the reader uses this to keep file order.
    public mutating func append(_ element: DataElement) {
        if let last = elements.last, last.tag >= element.tag { isSorted = false }
        elements.append(element)
    }

    @discardableResult
    public mutating func remove(_ tag: Tag) -> DataElement? {
        guard let i = index(of: tag) else { return nil }
        return elements.remove(at: i)
    }

    /// Removes every element for which `predicate` is true.
    public mutating func removeAll(where predicate: (DataElement) throws -> Bool) rethrows {
        try elements.removeAll(where: predicate)
    }

    /// Replaces the value of the element at `index`.
    public mutating func update(at index: Int, _ body: (inout DataElement) throws -> Void) rethrows {
        var e = elements[index]
        let tag = e.tag
        try body(&e)
        precondition(e.tag == tag, "update must not change the tag")
        elements[index] = e
    }

    /// Sorts elements into tag order (a repair for files written out of order).
    public mutating func sortByTag() {
        elements.sort { $0.tag < $1.tag }
        isSorted = true
    }

    public static func == (a: DataSet, b: DataSet) -> Bool { a.elements == b.elements }
}
