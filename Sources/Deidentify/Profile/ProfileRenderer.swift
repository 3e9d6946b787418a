/// Writes a profile as TOML with every key present, in a fixed order: the effective profile that
/// `dcmveil profile show` prints and that ``ProfileParser`` reads back unchanged.
public enum ProfileRenderer {
    public static func toml(_ p: Profile) -> String {
        var out = "# dcmveil de-identification profile (effective values; see docs/PROFILE.md)\n\n[options]\n"
        for o in DeidentificationOption.allCases {
            out += "\(o.key) = \(p.has(o))\n"
        }
        out += "\n[dates]\nshift_min_days = \(p.dateShiftRange.lowerBound)\nshift_max_days = \(p.dateShiftRange.upperBound)\n"
        out += "\n[pseudonyms]\n"
        switch p.pseudonyms {
        case .derived(let prefix): out += "source = \"derived\"\nprefix = \(quote(prefix))\n"
        case .lookup(let path, _): out += "source = \"lookup\"\nlookup_table = \(quote(path))\n"
        }
        out += "\n[text_scan]\nenabled = \(p.retainedTextScan)\n"
        out += "\n[age]\ncap_over_89 = \(p.ageCap)\n"
        out += "\n[overrides]\n"
        for (sel, action) in p.overrides.sorted(by: { $0.key.description < $1.key.description }) {
            let value: String
            switch action {
            case .keep: value = "\"keep\""
            case .remove: value = "\"remove\""
            case .empty: value = "\"empty\""
            case .replace(let v): value = "{ replace = \(quote(v)) }"
            }
            out += "\(quote(sel.description)) = \(value)\n"
        }
        out += "\n[safe_private]\ntags = ["
        out += p.safePrivate.map(\.description).sorted().map(quote).joined(separator: ", ")
        out += "]\n"
        let g = p.governance
        out += "\n[governance]\nirb_protocol = \(quote(g.irbProtocol))\ndua = \(quote(g.dua))\ndsa = \(quote(g.dsa))\n"
        out += "recipient = \(quote(g.recipient))\nlegal_basis = \(quote(g.legalBasis))\n"
        out += "standard_contractual_clauses = \(g.standardContractualClauses)\n"
        return out
    }

    /// A TOML basic string with the required escapes.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let h = String(u.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
