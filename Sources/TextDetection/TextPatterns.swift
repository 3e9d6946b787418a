/// Date and identifier patterns for burned-in text.
public enum TextPatterns {
    private static let months = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ]

    /// True when `text` contains a date: YYYY-MM-DD, DD/MM/YYYY, DD.MM.YY and the like
    /// (separators - / . or space), YYYYMMDD with a valid month and day, or a day, a month
    /// name and a year ("12-Apr-2023", "12 APR 23").
    /// Letters that OCR reads for digits are also tried as those digits ("2O23-O4-12").
    public static func isDate(_ text: String) -> Bool {
        if isDateAsWritten(text) { return true }
        let digitised = String(text.map { character -> Character in
            switch character {
            case "O", "o": return "0"
            case "I", "l", "|": return "1"
            case "S": return "5"
            case "B": return "8"
            default: return character
            }
        })
        return digitised != text && isDateAsWritten(digitised)
    }

    private static func isDateAsWritten(_ text: String) -> Bool {
        let upper = text.uppercased()
        let numbers = upper.split { !$0.isNumber && !$0.isLetter }.map(String.init)
        // Numeric with separators: three numeric fields in a row.
        if numbers.count >= 3 {
            for i in 0...(numbers.count - 3) {
                let a = numbers[i], b = numbers[i + 1], c = numbers[i + 2]
                if isYear(a), isMonthField(b), isDayField(c) { return true }
                if isDayField(a), isMonthField(b), isYearField(c) { return true }
                if isMonthField(a), isDayField(b), isYearField(c) { return true }
                if isDayField(a), isMonthName(b), isYearField(c) { return true }
            }
        }
        // Compact YYYYMMDD.
        for field in numbers where field.count == 8 && field.allSatisfy(\.isNumber) {
            let chars = Array(field)
            if isYear(String(chars[0..<4])), isMonthField(String(chars[4..<6])), isDayField(String(chars[6..<8])) {
                return true
            }
        }
        // "12APR2023" written together.
        for field in numbers where field.count >= 7 {
            let chars = Array(field)
            let dayLength = chars.prefix(while: \.isNumber).count
            guard (1...2).contains(dayLength), chars.count >= dayLength + 5 else { continue }
            let month = String(chars[dayLength..<(dayLength + 3)])
            let year = String(chars[(dayLength + 3)...])
            if months.contains(month), isYearField(year), isDayField(String(chars[0..<dayLength])) { return true }
        }
        return false
    }

    /// True when `text` holds an identifier: an alphanumeric run of at least `minimumLength`
    /// characters of which at least half are digits ("12345678", "A0049217", "MRN:884213").
    public static func isIdentifier(_ text: String, minimumLength: Int = 5) -> Bool {
        for word in OCRNormalization.words(text) where word.count >= minimumLength {
            let digits = word.filter(\.isNumber).count
            if digits * 2 >= word.count { return true }
        }
        return false
    }

    private static func isYear(_ s: String) -> Bool {
        guard s.count == 4, let v = Int(s) else { return false }
        return (1850...2150).contains(v)
    }
    private static func isYearField(_ s: String) -> Bool {
        s.count == 2 ? Int(s) != nil : isYear(s)
    }
    private static func isMonthField(_ s: String) -> Bool {
        guard (1...2).contains(s.count), let v = Int(s) else { return isMonthName(s) }
        return (1...12).contains(v)
    }
    private static func isMonthName(_ s: String) -> Bool {
        s.count >= 3 && months.contains(String(s.prefix(3))) && s.allSatisfy(\.isLetter)
    }
    private static func isDayField(_ s: String) -> Bool {
        guard (1...2).contains(s.count), let v = Int(s) else { return false }
        return (1...31).contains(v)
    }
}
