/// A made-up patient with every identifier a real header would carry.
public struct SyntheticPatient: Sendable, Hashable {
    public var familyName: String
    public var givenName: String
    public var id: String
    public var issuer: String
    public var birthDate: String
    public var sex: String
    public var address: String
    public var phone: String

    public var dicomName: String { "\(familyName)^\(givenName)" }

    static let families = ["WHITFIELD", "OKONKWO", "LINDQVIST", "MARCHETTI", "HALVORSEN", "TAKAHASHI", "BRENNAN", "DUBOIS",
                           "KOWALSKI", "FERREIRA", "ABERNATHY", "NAKAMURA", "ROSSITER", "VANDERBERG", "ESPINOZA", "CALLOWAY"]
    static let givens = ["MARGARET", "THEODORE", "BEATRICE", "LEOPOLD", "CORDELIA", "AUGUSTIN", "PHILIPPA", "REGINALD",
                         "ROSALIND", "EVERETT", "HENRIETTA", "BARNABY"]
    static let streets = ["ELM STREET", "HARBOUR ROAD", "MILL LANE", "QUARRY HILL", "STATION AVENUE"]
    static let towns = ["NORTHWICK", "ALDERBURY", "KESTON", "MARLOW VALE"]

    /// A deterministic patient for index `i` of a corpus.
    public static func make(_ i: Int, rng: inout SyntheticRandom) -> SyntheticPatient {
        let year = 1930 + rng.below(80)
        let month = 1 + rng.below(12)
        let day = 1 + rng.below(28)
        return SyntheticPatient(
            familyName: families[i % families.count],
            givenName: givens[(i / families.count + i) % givens.count],
            id: "MRN\(String(7_000_000 + i * 7919 % 1_000_000))",
            issuer: "NORTHWICK GENERAL",
            birthDate: String(format4(year)) + pad2(month) + pad2(day),
            sex: i % 2 == 0 ? "F" : "M",
            address: "\(10 + rng.below(180)) \(rng.pick(streets))^\(rng.pick(towns))",
            phone: "+44 1632 \(100000 + rng.below(899999))")
    }
}

func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
func format4(_ v: Int) -> String { String(v) }
