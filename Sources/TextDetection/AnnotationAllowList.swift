/// Harmless annotation that is never proposed for masking by default: orientation markers,
/// units, positions (L, R, AP, cm, kV, SUPINE, …). Comparison ignores case and surrounding
/// punctuation.
public struct AnnotationAllowList: Sendable, Hashable, Codable {
    /// The allowed words, upper-cased.
    public private(set) var words: Set<String>
    /// Also allow a number followed by a unit of the list ("5cm", "120kV", "2.5mm").
    public var allowsMeasurements: Bool

    /// The default list.
    public static let standard = AnnotationAllowList(words: [
        "L", "R", "A", "P", "H", "F", "S", "I",
        "AP", "PA", "LAT", "LATERAL", "LL", "RL", "LR", "OBL", "OBLIQUE",
        "LAO", "RAO", "LPO", "RPO", "CRAN", "CAUD",
        "SUPINE", "PRONE", "ERECT", "UPRIGHT", "STANDING", "DECUBITUS", "PORTABLE",
        "LEFT", "RIGHT", "AX", "AXIAL", "SAG", "SAGITTAL", "COR", "CORONAL",
        "INSP", "EXP",
        "CM", "MM", "KV", "KVP", "MA", "MAS", "MS", "HU", "DB", "HZ", "MHZ", "KHZ", "FPS", "%",
        "W", "C", "WL", "WW",
    ], allowsMeasurements: true)

    public init(words: Set<String>, allowsMeasurements: Bool = true) {
        self.words = Set(words.map { $0.uppercased() })
        self.allowsMeasurements = allowsMeasurements
    }

    /// A copy with `extra` words added.
    public func adding(_ extra: [String]) -> AnnotationAllowList {
        var copy = self
        copy.words.formUnion(extra.map { $0.uppercased() })
        return copy
    }

    /// True when `text` is allowed annotation.
    public func allows(_ text: String) -> Bool {
        let trimmed = text.uppercased().trimmingCharacters(in: Self.punctuation)
        guard !trimmed.isEmpty else { return false }
        if words.contains(trimmed) { return true }
        guard allowsMeasurements else { return false }
        // A number with a unit: digits with at most one decimal separator (so not a date such as
        // "04.12.1961"), then a listed unit of measure (not a letter such as "A": "1961A" is no measurement).
        let digits = trimmed.prefix { $0.isNumber || $0 == "." || $0 == "," }
        let unit = String(trimmed.dropFirst(digits.count))
        return digits.contains(where: \.isNumber) && digits.filter({ $0 == "." || $0 == "," }).count <= 1
            && Self.units.contains(unit) && words.contains(unit)
    }

    /// Units of measure that may follow a number ("5cm", "120kV", "30%").
    static let units: Set<String> = ["CM", "MM", "KV", "KVP", "MA", "MAS", "MS", "HU", "DB", "HZ", "MHZ", "KHZ", "FPS", "%"]

    private static let punctuation = Set<Character>(" .,:;()[]{}\"'")
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        guard let start = firstIndex(where: { !set.contains($0) }),
              let end = lastIndex(where: { !set.contains($0) })
        else { return "" }
        return String(self[start...end])
    }
}
