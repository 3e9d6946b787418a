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
    /// - otherwise `X/Z` becomes Z (present, empty: valid for Type 2 and 3), except for a non-empty sequence,
    ///   which becomes D (kept, every attribute inside cleaned by the table): an empty sequence is an error
    ///   where the sequence is Type 3 with VM 1-n (ReferencedStudySequence in General Study), and removal is
    ///   an error where it is Type 2;
    /// - `X/D`, `X/Z/D` and `Z/D` become D (a dummy: valid for Type 1, 2 and 3) when the value is
    ///   non-empty, and Z when it is already empty (no new conformance error, no invented value);
    /// - `X/Z/U*` becomes U: the reference sequence is kept, its UIDs are remapped and every other
    ///   attribute inside follows the table.
    /// An attribute that is absent stays absent whatever its code.
    static func resolve(_ rule: AnnexERule, _ e: DataElement, options: [AnnexEOption]) -> Resolution {
        var action = rule.basic
        var best: (AnnexEOption, AnnexEAction)? = nil
        for o in options {
            guard let a = rule.options[o] else { continue }
            if let b = best, rank(a) <= rank(b.1) { continue }
            best = (o, a)
        }
        if let (_, a) = best { action = a }
        var r = Resolution(action: action, code: action, option: best?.0, why: nil)
        switch action {
        case .XZ:
            if !rule.inStandardIOD {
                r.action = .X
                r.why = "in no standard IOD"
            } else if e.vr == .SQ || e.items != nil {
                // An empty sequence breaks a Type 3 sequence of VM 1-n; removal breaks a Type 2 one.
                r.action = e.isEmpty ? .Z : .D
                r.why = e.isEmpty ? "value already empty" : "sequence kept and cleaned inside: valid as Type 2 and as Type 3"
            } else {
                r.action = .Z
                r.why = "kept present for Type 2"
            }
        case .XD, .XZD, .ZD:
            if !rule.inStandardIOD && action != .ZD {
                r.action = .X
                r.why = "in no standard IOD"
            } else if e.isEmpty {
                r.action = .Z
                r.why = "value already empty"
            } else {
                r.action = .D
                r.why = "kept non-empty for Type 1"
            }
        case .XZU:
            r.action = rule.inStandardIOD ? .U : .X
            r.why = rule.inStandardIOD ? "reference sequence kept, UIDs remapped" : "in no standard IOD"
        default:
            break
        }
        return r
    }

    /// A resolved Annex E action and the pieces of its rule text (built only when actions are recorded).
    struct Resolution {
        var action: AnnexEAction
        /// The code in the table (basic or option column) before combined codes were resolved.
        let code: AnnexEAction
        let option: AnnexEOption?
        var why: StaticString?

        var text: String {
            let source = option.map { "option \($0.profileKey)" } ?? "Annex E basic"
            guard let why else { return "\(source): \(code.rawValue)" }
            return "\(source): \(code.rawValue) -> \(action.rawValue) (\(why))"
        }
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
