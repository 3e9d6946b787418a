import Foundation

/// The quasi-identifiers a released header keeps, as read from one output file.
///
/// Values are the attribute texts as written (`nil` when the attribute is absent or empty). They are
/// normalised before comparison (see `QuasiIdentifiers.init(instance:)`), so "70" and "70.0" kg fall in
/// one class.
public struct InstanceQuasiIdentifiers: Sendable, Hashable {
    /// The (pseudonymous) Patient ID: who the record is about.
    public var patientID: String
    /// The (pseudonymous) Study Instance UID: which record it belongs to.
    public var studyUID: String
    /// Patient's Age (0010,1010), e.g. "045Y".
    public var age: String?
    /// Patient's Sex (0010,0040).
    public var sex: String?
    /// Patient's Size (0010,1020), metres.
    public var size: String?
    /// Patient's Weight (0010,1030), kilograms.
    public var weight: String?
    /// Modality (0008,0060).
    public var modality: String?
    /// Study Date (0008,0020) as written (shifted when the profile shifts dates).
    public var studyDate: String?

    public init(
        patientID: String, studyUID: String, age: String? = nil, sex: String? = nil, size: String? = nil,
        weight: String? = nil, modality: String? = nil, studyDate: String? = nil
    ) {
        self.patientID = patientID
        self.studyUID = studyUID
        self.age = age
        self.sex = sex
        self.size = size
        self.weight = weight
        self.modality = modality
        self.studyDate = studyDate
    }
}

/// One record of the risk model: one study of one patient, with the quasi-identifiers it releases.
public struct QuasiIdentifiers: Sendable, Hashable {
    public var age: String
    public var sex: String
    public var size: String
    public var weight: String
    /// The study's modalities, sorted and joined with "+", e.g. "CT+PT".
    public var modality: String
    /// The year of the study date, or "" when there is none.
    public var year: String

    /// The names of the quasi-identifiers, in the order the report lists them.
    public static let names = ["age", "sex", "size", "weight", "modality", "year"]

    public init(age: String, sex: String, size: String, weight: String, modality: String, year: String) {
        self.age = age
        self.sex = sex
        self.size = size
        self.weight = weight
        self.modality = modality
        self.year = year
    }

    /// The normalised values of one instance: texts trimmed and upper-cased, numbers in one decimal
    /// form, the year taken from the first four digits of the date. An absent value is "" (a value of
    /// its own: it matches other absent values).
    public init(instance i: InstanceQuasiIdentifiers) {
        func text(_ s: String?) -> String { (s ?? "").trimmingCharacters(in: .whitespaces).uppercased() }
        func number(_ s: String?) -> String {
            let t = text(s)
            guard let v = Double(t), v.isFinite else { return t }
            return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        }
        let date = text(i.studyDate)
        let year = date.prefix(4)
        self.init(
            age: text(i.age), sex: text(i.sex), size: number(i.size), weight: number(i.weight), modality: text(i.modality),
            year: year.count == 4 && year.allSatisfy(\.isASCII) && year.allSatisfy(\.isNumber) ? String(year) : "")
    }
}

/// A k-anonymity summary over the quasi-identifiers kept in released files, as the basis for an
/// Expert Determination.
///
/// **The model.** One record per study (pseudonymous patient ID and study UID). A study's age, sex,
/// size, weight and year come from its first instance in path order; its modality is the sorted set of
/// its instances' modalities. Records with equal quasi-identifiers form an equivalence class. A class's
/// size is the number of distinct patients in it, not of records, so one patient's repeated studies
/// never make each other look anonymous. **k** is the size of the smallest class; a record is
/// **unique** when its class holds one patient.
public struct KAnonymitySummary: Sendable, Equatable {
    /// Records (studies) in the model.
    public var records: Int
    /// Distinct patients.
    public var patients: Int
    /// Equivalence classes.
    public var classes: Int
    /// The smallest class size in patients (0 when there are no records).
    public var k: Int
    /// Records whose class holds a single patient.
    public var uniqueRecords: Int
    /// Class sizes (in patients) and how many classes have that size, smallest first.
    public var classSizes: [(size: Int, classes: Int)]

    /// `uniqueRecords / records`, 0 when there are no records.
    public var uniqueShare: Double { records == 0 ? 0 : Double(uniqueRecords) / Double(records) }

    /// Groups the instances of the released files into study records and summarises them.
    public init(instances: [InstanceQuasiIdentifiers]) {
        // Study key -> (patient, qi of the first instance, modalities).
        struct Study {
            var patient: String
            var first: InstanceQuasiIdentifiers
            var modalities: Set<String>
        }
        var studies: [String: Study] = [:]
        for i in instances {
            let key = i.patientID + "\u{0}" + i.studyUID
            let modality = QuasiIdentifiers(instance: i).modality
            if studies[key] == nil {
                studies[key] = Study(patient: i.patientID, first: i, modalities: [])
            }
            if !modality.isEmpty { studies[key]?.modalities.insert(modality) }
        }
        var records: [(patient: String, qi: QuasiIdentifiers)] = []
        for s in studies.values {
            var qi = QuasiIdentifiers(instance: s.first)
            qi.modality = s.modalities.sorted().joined(separator: "+")
            records.append((s.patient, qi))
        }
        self.init(records: records)
    }

    /// Summarises study records given directly: (patient, quasi-identifiers).
    public init(records: [(patient: String, qi: QuasiIdentifiers)]) {
        var patientsByClass: [QuasiIdentifiers: Set<String>] = [:]
        var recordsByClass: [QuasiIdentifiers: Int] = [:]
        var patients = Set<String>()
        for r in records {
            patientsByClass[r.qi, default: []].insert(r.patient)
            recordsByClass[r.qi, default: 0] += 1
            patients.insert(r.patient)
        }
        self.records = records.count
        self.patients = patients.count
        classes = patientsByClass.count
        k = patientsByClass.values.map(\.count).min() ?? 0
        uniqueRecords = patientsByClass.filter { $0.value.count == 1 }.keys.reduce(0) { $0 + (recordsByClass[$1] ?? 0) }
        var sizes: [Int: Int] = [:]
        for p in patientsByClass.values { sizes[p.count, default: 0] += 1 }
        classSizes = sizes.keys.sorted().map { ($0, sizes[$0] ?? 0) }
    }

    public static func == (a: KAnonymitySummary, b: KAnonymitySummary) -> Bool {
        a.records == b.records && a.patients == b.patients && a.classes == b.classes && a.k == b.k
            && a.uniqueRecords == b.uniqueRecords && a.classSizes.elementsEqual(b.classSizes, by: { $0 == $1 })
    }

    /// The summary as JSON. `uniqueShare` is in per mille as an integer (canonical JSON prefers
    /// integers), beside the exact counts.
    public func json() -> JSONValue {
        [
            "model": "one record per study; class size in distinct patients",
            "quasiIdentifiers": .array(QuasiIdentifiers.names.map(JSONValue.string)),
            "records": .int(Int64(records)),
            "patients": .int(Int64(patients)),
            "classes": .int(Int64(classes)),
            "k": .int(Int64(k)),
            "uniqueRecords": .int(Int64(uniqueRecords)),
            "uniquePerMille": .int(Int64((uniqueShare * 1000).rounded())),
            "classSizes": .array(classSizes.map { ["size": .int(Int64($0.size)), "classes": .int(Int64($0.classes))] }),
        ]
    }

    /// Markdown lines for the report's risk section.
    public func markdownLines() -> [String] {
        guard records > 0 else { return ["- No released records to assess."] }
        let percent = (uniqueShare * 1000).rounded() / 10
        return [
            "- Quasi-identifiers kept in the output headers: \(QuasiIdentifiers.names.joined(separator: ", ")) (year of the study date as written).",
            "- Model: one record per study (\(records) records, \(patients) patients); a class's size counts distinct patients.",
            "- k-anonymity: **k = \(k)** (the smallest equivalence class); \(classes) classes.",
            "- Unique records: \(uniqueRecords) of \(records) (\(percent)%).",
            "- Class sizes: " + classSizes.map { "\($0.size) patient\($0.size == 1 ? "" : "s") × \($0.classes)" }.joined(separator: ", "),
        ]
    }
}
