import DicomCore
import DicomDictionary

extension Deidentifier {
    /// The action for one Annex E row under the profile's options, with combined codes resolved, and the
    /// text of the rule for the action list.
    ///
    /// Options: where an option in force has a code for the row, it replaces the basic code; when several
    /// do, the most protective wins (X > Z > D > U > C > K), so that e.g. a device date under both Retain
    /// Device Identity (K) and Retain Modified Dates (C) is shifted, not kept.
    ///
    /// Combined codes: the table does not say, per IOD, whether an attribute is Type 1, 2 or 3, so:
    /// - a row not used in any standard IOD (`inStandardIOD == false`) takes X, the strongest action;
    /// - otherwise `X/Z` becomes Z (present, empty: valid for Type 2 and 3);
    /// - `X/D`, `X/Z/D` and `Z/D` become D (a dummy: valid for Type 1, 2 and 3) when the value is
    ///   non-empty, and Z when it is already empty (no new conformance error, no invented value);
    /// - `X/Z/U*` becomes U: the reference sequence is kept, its UIDs are remapped and every other
    ///   attribute inside follows the table.
    /// An attribute that is absent stays absent whatever its code.
    static func resolve(_ rule: AnnexERule, _ e: DataElement, options: [AnnexEOption]) -> (AnnexEAction, String) {
        var action = rule.basic
        var source = "Annex E basic"
        var best: (AnnexEOption, AnnexEAction)? = nil
        for o in options {
            guard let a = rule.options[o] else { continue }
            if best == nil || rank(a) > rank(best!.1) { best = (o, a) }
        }
        if let (o, a) = best {
            action = a
            source = "option \(o.profileKey)"
        }
        let resolved: AnnexEAction
        let why: String
        switch action {
        case .XZ:
            resolved = rule.inStandardIOD ? .Z : .X
            why = rule.inStandardIOD ? "kept present for Type 2" : "in no standard IOD"
        case .XD, .XZD, .ZD:
            if !rule.inStandardIOD && action != .ZD {
                resolved = .X
                why = "in no standard IOD"
            } else if e.isEmpty {
                resolved = .Z
                why = "value already empty"
            } else {
                resolved = .D
                why = "kept non-empty for Type 1"
            }
        case .XZU:
            resolved = rule.inStandardIOD ? .U : .X
            why = rule.inStandardIOD ? "reference sequence kept, UIDs remapped" : "in no standard IOD"
        default:
            return (action, "\(source): \(action.rawValue)")
        }
        return (resolved, "\(source): \(action.rawValue) -> \(resolved.rawValue) (\(why))")
    }

    static func rank(_ a: AnnexEAction) -> Int {
        switch a {
        case .K: return 0
        case .C: return 1
        case .U, .XZU: return 2
        case .D, .ZD, .XD, .XZD: return 3
        case .Z, .XZ: return 4
        case .X: return 5
        }
    }
}

extension AnnexEOption {
    /// The profile key of this option, e.g. `clean_descriptors`.
    var profileKey: String {
        DeidentificationOption.allCases.first { $0.annexEOption == self }?.key ?? rawValue
    }
}
