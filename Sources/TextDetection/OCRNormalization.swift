/// Text normalisation and fuzzy comparison tolerant of typical OCR confusions.
public enum OCRNormalization {
    /// Upper-cases and folds characters OCR confuses into one: O→0, I/L→1, S→5, B→8.
    /// So "O" and "0", "l", "1" and "I", "S" and "5", "B" and "8" compare equal.
    public static func fold(_ text: String) -> String {
        String(text.uppercased().map { character -> Character in
            switch character {
            case "O": return "0"
            case "I", "L", "|": return "1"
            case "S": return "5"
            case "B": return "8"
            default: return character
            }
        })
    }

    /// The alphanumeric parts of `text` ("DOE^JOHN," → ["DOE", "JOHN"]).
    public static func words(_ text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// Levenshtein distance between two strings, by characters; stops early and returns
    /// `limit + 1` once the distance must exceed `limit`.
    public static func editDistance(_ a: String, _ b: String, limit: Int = Int.max) -> Int {
        let s = Array(a), t = Array(b)
        if abs(s.count - t.count) > limit { return limit == Int.max ? limit : limit + 1 }
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if limit != Int.max, rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[t.count]
    }

    /// The edit distance allowed when matching against a token of `length` folded characters:
    /// 0 below 5, 1 for 5–7, 2 from 8.
    public static func allowedDistance(forTokenLength length: Int) -> Int {
        switch length {
        case ..<5: return 0
        case 5...7: return 1
        default: return 2
        }
    }
}
