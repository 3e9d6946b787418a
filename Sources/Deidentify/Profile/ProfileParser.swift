import Foundation
import DicomDictionary
import TOMLKit

/// Reads a profile from TOML (see docs/PROFILE.md). Every key is checked: unknown keys, wrong types and
/// impossible values are rejected with the line number and what was expected. Keys left out take their
/// defaults from ``Profile/default``.
public enum ProfileParser {
    /// Parses profile text. A lookup table is named but not read (see ``load(path:)``).
    public static func parse(_ text: String, file: String? = nil) throws(ProfileError) -> Profile {
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ProfileError(file: file, line: e.source.begin.line, key: nil, message: "not valid TOML: \(e.description)")
        } catch {
            throw ProfileError(file: file, line: nil, key: nil, message: "not valid TOML: \(error)")
        }
        var reader = Reader(index: TOMLLineIndex(text: text), file: file)
        return try reader.profile(root)
    }

    /// Reads a profile file and, for `source = "lookup"`, its CSV table (a relative path is taken
    /// relative to the profile's folder).
    public static func load(path: String) throws(ProfileError) -> Profile {
        let text = try readText(path, what: "profile")
        var profile = try parse(text, file: path)
        if case .lookup(let tablePath, _) = profile.pseudonyms {
            let resolved = tablePath.hasPrefix("/") ? tablePath
                : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(tablePath)
            let csv = try readText(resolved, what: "lookup table")
            profile.pseudonyms = .lookup(path: tablePath, table: try PseudonymTable(csv: csv, file: resolved))
        }
        return profile
    }

    static func readText(_ path: String, what: String) throws(ProfileError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProfileError(file: path, line: nil, key: nil, message: "cannot read the \(what) file")
        }
        guard let s = String(data: data, encoding: .utf8) else {
            throw ProfileError(file: path, line: nil, key: nil, message: "expected UTF-8 text")
        }
        return s
    }

    /// Walks the parsed document, tracking key paths for error lines.
    struct Reader {
        let index: TOMLLineIndex
        let file: String?

        func error(_ path: [String], _ message: String) -> ProfileError {
            ProfileError(file: file, line: index.line(of: path), key: path.isEmpty ? nil : path.joined(separator: "."), message: message)
        }

        func table(_ v: TOMLValueConvertible, _ path: [String]) throws(ProfileError) -> TOMLTable {
            guard let t = v.table else { throw error(path, "expected a table, found \(v.type)") }
            return t
        }
        func bool(_ v: TOMLValueConvertible, _ path: [String]) throws(ProfileError) -> Bool {
            guard let b = v.bool else { throw error(path, "expected true or false, found \(v.type)") }
            return b
        }
        func int(_ v: TOMLValueConvertible, _ path: [String]) throws(ProfileError) -> Int {
            guard let i = v.int else { throw error(path, "expected an integer, found \(v.type)") }
            return i
        }
        func string(_ v: TOMLValueConvertible, _ path: [String]) throws(ProfileError) -> String {
            guard let s = v.string else { throw error(path, "expected a string, found \(v.type)") }
            return s
        }
        func unknown(_ path: [String], _ allowed: [String]) -> ProfileError {
            error(path, "unknown key; expected one of: \(allowed.joined(separator: ", "))")
        }

        mutating func profile(_ root: TOMLTable) throws(ProfileError) -> Profile {
            var p = Profile.default
            let sections = ["options", "dates", "pseudonyms", "text_scan", "age", "overrides", "safe_private", "governance"]
            for (key, value) in root {
                let path = [key]
                switch key {
                case "options": try options(table(value, path), into: &p)
                case "dates": try dates(table(value, path), into: &p)
                case "pseudonyms": try pseudonyms(table(value, path), into: &p)
                case "text_scan":
                    for (k, v) in try table(value, path) {
                        guard k == "enabled" else { throw unknown(path + [k], ["enabled"]) }
                        p.retainedTextScan = try bool(v, path + [k])
                    }
                case "age":
                    for (k, v) in try table(value, path) {
                        guard k == "cap_over_89" else { throw unknown(path + [k], ["cap_over_89"]) }
                        p.ageCap = try bool(v, path + [k])
                    }
                case "overrides": try overrides(table(value, path), into: &p)
                case "safe_private": try safePrivate(table(value, path), into: &p)
                case "governance": try governance(table(value, path), into: &p)
                default: throw unknown(path, sections.map { "[\($0)]" })
                }
            }
            return p
        }

        func options(_ t: TOMLTable, into p: inout Profile) throws(ProfileError) {
            for (k, v) in t {
                let path = ["options", k]
                guard let o = DeidentificationOption(rawValue: k) else {
                    throw unknown(path, DeidentificationOption.allCases.map(\.key))
                }
                if try bool(v, path) { p.options.insert(o) } else { p.options.remove(o) }
            }
            if p.has(.retainLongitudinalFullDates) && p.has(.retainLongitudinalModifiedDates) {
                let a = ["options", DeidentificationOption.retainLongitudinalFullDates.key]
                let b = ["options", DeidentificationOption.retainLongitudinalModifiedDates.key]
                let later = (index.line(of: a) ?? 0) > (index.line(of: b) ?? 0) ? a : b
                throw error(later, "retain_longitudinal_full_dates and retain_longitudinal_modified_dates exclude each other; expected at most one of them true")
            }
        }

        func dates(_ t: TOMLTable, into p: inout Profile) throws(ProfileError) {
            var lo = p.dateShiftRange.lowerBound, hi = p.dateShiftRange.upperBound
            for (k, v) in t {
                let path = ["dates", k]
                let n = try int(v, path)
                guard abs(n) <= 36_500 else { throw error(path, "expected a number of days between -36500 and 36500") }
                switch k {
                case "shift_min_days": lo = n
                case "shift_max_days": hi = n
                default: throw unknown(path, ["shift_min_days", "shift_max_days"])
                }
            }
            guard lo <= hi else {
                throw error(["dates", "shift_max_days"], "expected shift_max_days (\(hi)) >= shift_min_days (\(lo))")
            }
            guard !(lo == 0 && hi == 0) else {
                throw error(["dates", "shift_min_days"], "expected a range holding at least one non-zero day")
            }
            p.dateShiftRange = lo...hi
        }

        func pseudonyms(_ t: TOMLTable, into p: inout Profile) throws(ProfileError) {
            var source = "derived", prefix = "P"
            var tablePath: String? = nil
            for (k, v) in t {
                let path = ["pseudonyms", k]
                switch k {
                case "source":
                    source = try string(v, path)
                    guard source == "derived" || source == "lookup" else { throw error(path, "expected \"derived\" or \"lookup\"") }
                case "prefix":
                    prefix = try string(v, path)
                    guard (1...16).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                        throw error(path, "expected 1 to 16 characters of A-Z, 0-9, '-' or '_'")
                    }
                case "lookup_table":
                    tablePath = try string(v, path)
                    guard !(tablePath ?? "").isEmpty else { throw error(path, "expected the path of a CSV file") }
                default: throw unknown(path, ["source", "prefix", "lookup_table"])
                }
            }
            if source == "lookup" {
                guard let tablePath else { throw error(["pseudonyms", "source"], "source = \"lookup\" expects lookup_table = \"path.csv\"") }
                p.pseudonyms = .lookup(path: tablePath, table: nil)
            } else {
                if tablePath != nil { throw error(["pseudonyms", "lookup_table"], "a lookup table expects source = \"lookup\"") }
                p.pseudonyms = .derived(prefix: prefix)
            }
        }

        func overrides(_ t: TOMLTable, into p: inout Profile) throws(ProfileError) {
            var seen: [TagSelector: String] = [:]
            for (k, v) in t {
                let path = ["overrides", k]
                let selector: TagSelector
                do { selector = try TagSelector(parsing: k) } catch { throw self.error(path, "cannot name an attribute; expected \(error.expected)") }
                if let other = seen[selector] {
                    let otherPath = ["overrides", other]
                    let (later, earlier) = (index.line(of: otherPath) ?? 0) > (index.line(of: path) ?? 0) ? (otherPath, k) : (path, other)
                    throw self.error(later, "names the same attribute as \"\(earlier)\"; expected one override per attribute")
                }
                seen[selector] = k
                let action: OverrideAction
                if let s = v.string {
                    switch s {
                    case "keep": action = .keep
                    case "remove": action = .remove
                    case "empty": action = .empty
                    default: throw error(path, "expected \"keep\", \"remove\", \"empty\" or { replace = \"value\" }")
                    }
                } else if let inner = v.table {
                    guard inner.count == 1, let r = inner["replace"] else {
                        throw error(path, "expected { replace = \"value\" }")
                    }
                    action = .replace(try string(r, path + ["replace"]))
                    if case .tag(let t) = selector, !t.isPrivate, !DataDictionary.vr(for: t).isText {
                        throw error(path, "replace expects a text attribute; \(k) has VR \(DataDictionary.vr(for: t).rawValue)")
                    }
                } else {
                    throw error(path, "expected \"keep\", \"remove\", \"empty\" or { replace = \"value\" }, found \(v.type)")
                }
                p.overrides[selector] = action
            }
        }

        func safePrivate(_ t: TOMLTable, into p: inout Profile) throws(ProfileError) {
            for (k, v) in t {
                let path = ["safe_private", k]
                guard k == "tags" else { throw unknown(path, ["tags"]) }
                guard let arr = v.array else { throw error(path, "expected an array of strings such as '\"CREATOR\" 0019,10'") }
                for item in arr {
                    guard let s = item.string else { throw error(path, "expected an array of strings, found \(item.type)") }
                    let selector: TagSelector
                    do { selector = try TagSelector(parsing: s) } catch { throw self.error(path, "\"\(s)\": expected \(error.expected)") }
                    switch selector {
                    case .privateTag: break
                    case .tag(let tag):
                        guard tag.isPrivate else { throw error(path, "\"\(s)\" is not private; expected a private attribute (odd group)") }
                    }
                    p.safePrivate.insert(selector)
                }
            }
        }

        func governance(_ t: TOMLTable, into p: inout Profile) throws(ProfileError) {
            for (k, v) in t {
                let path = ["governance", k]
                switch k {
                case "irb_protocol": p.governance.irbProtocol = try string(v, path)
                case "dua": p.governance.dua = try string(v, path)
                case "dsa": p.governance.dsa = try string(v, path)
                case "recipient": p.governance.recipient = try string(v, path)
                case "legal_basis": p.governance.legalBasis = try string(v, path)
                case "standard_contractual_clauses": p.governance.standardContractualClauses = try bool(v, path)
                default: throw unknown(path, ["irb_protocol", "dua", "dsa", "recipient", "legal_basis", "standard_contractual_clauses"])
                }
            }
        }
    }
}
