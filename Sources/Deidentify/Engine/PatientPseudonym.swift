/// Derived subject identifiers: `P` followed by 10 base32 characters (RFC 4648 alphabet, 50 bits) of
/// HMAC-SHA-256(key, "patient" || 0x00 || PatientID || 0x00 || IssuerOfPatientID).
///
/// The pseudonym replaces both PatientID and PatientName, so that a patient's instances stay together
/// in every batch made with the same key.
public enum PatientPseudonym {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// The derived pseudonym for a patient identity (values without padding).
    public static func derive(key: PseudonymKey, patientID: String, issuer: String, prefix: String = "P") -> String {
        derive(key: key, patientID: ArraySlice(patientID.utf8), issuer: ArraySlice(issuer.utf8), prefix: prefix)
    }

    static func derive(key: PseudonymKey, patientID: ArraySlice<UInt8>, issuer: ArraySlice<UInt8>, prefix: String) -> String {
        let mac = key.mac(domain: "patient", [patientID, issuer])
        var bits: UInt64 = 0
        for i in 0..<8 { bits = bits << 8 | UInt64(mac[i]) }
        var out: [UInt8] = []
        for i in 0..<10 {
            let idx = Int((bits >> UInt64(59 - 5 * i)) & 0x1F)
            out.append(alphabet[idx])
        }
        return prefix + String(decoding: out, as: UTF8.self)
    }
}
