import Crypto

extension AuditEvent {
    /// The event's members of an entry object (everything but seq, prev, time, signer, hash, signature).
    func jsonMembers() throws -> [String: JSONValue] {
        var m: [String: JSONValue] = [
            "operator": .string(operatorName),
            "host": .string(host),
            "action": .string(action.rawValue),
            "tool": ["version": .string(tool.version), "gitCommit": .string(tool.gitCommit), "build": .string(tool.build)],
            "profile": profile,
            "profileSHA256": .string(try Self.profileSHA256(profile)),
            "keyFingerprints": .object(keyFingerprints.mapValues(JSONValue.string)),
            "derivations": ["uid": .string(derivations.uid), "dateShift": .string(derivations.dateShift)],
            "governance": [
                "irbProtocol": .string(orNull: governance.irbProtocol),
                "dua": .string(orNull: governance.dua),
                "dsa": .string(orNull: governance.dsa),
                "recipient": .string(orNull: governance.recipient),
                "legalBasis": .string(orNull: governance.legalBasis),
                "standardContractualClauses": governance.standardContractualClauses.map(JSONValue.bool) ?? .null,
            ],
        ]
        if let origin {
            m["origin"] = ["log": .string(origin.log), "seq": .int(Int64(origin.seq)), "hash": .string(origin.hash)]
        }
        if let ocr {
            m["ocr"] = ["engine": .string(ocr.engine), "version": .string(ocr.version)]
        }
        if action.writesOutputs {
            guard counts != nil, manifest != nil else {
                throw AuditError(.badEntry, "a \(action.rawValue) entry needs file counts and a manifest")
            }
        }
        if let counts {
            var c: [String: JSONValue] = [
                "input": .int(Int64(counts.input)), "output": .int(Int64(counts.output)),
                "quarantined": .int(Int64(counts.quarantined)),
            ]
            for (name, n) in counts.other {
                guard c[name] == nil else {
                    throw AuditError(.badEntry, "the extra count \"\(name)\" repeats a standard count")
                }
                c[name] = .int(Int64(n))
            }
            m["counts"] = .object(c)
        }
        if let manifest {
            guard Hex.isHex(manifest.sha256, byteCount: 32), Hex.isHex(manifest.merkleRoot, byteCount: 32) else {
                throw AuditError(.badEntry, "manifest hashes must be 64 lowercase hex digits")
            }
            m["manifestFile"] = .string(manifest.file)
            m["manifestSHA256"] = .string(manifest.sha256)
            m["merkleRoot"] = .string(manifest.merkleRoot)
        }
        if let decisions {
            var d: [String: JSONValue] = [
                "approved": .int(Int64(decisions.approved)),
                "rejected": .int(Int64(decisions.rejected)),
                "manualMasks": .int(Int64(decisions.manualMasks)),
                "overrides": .array(
                    decisions.overrides.map { o in
                        var obj: [String: JSONValue] = [
                            "subject": .string(o.subject), "decision": .string(o.decision), "reason": .string(o.reason),
                        ]
                        if let r = o.reviewer { obj["reviewer"] = .string(r) }
                        return .object(obj)
                    }),
            ]
            if !decisions.records.isEmpty {
                d["records"] = .array(
                    decisions.records.map { r in
                        [
                            "id": .int(Int64(r.id)), "kind": .string(r.kind), "reviewer": .string(r.reviewer),
                            "message": .string(r.messageSHA256), "signer": .string(orNull: r.signer),
                        ]
                    })
            }
            m["decisions"] = .object(d)
        }
        return m
    }

    /// Reads the event's members back from an entry object.
    init(fields f: JSONFields) throws {
        let actionText = try f.string("action")
        guard let action = AuditAction(rawValue: actionText) else {
            throw AuditError(.badEntry, "entry.action \"\(actionText)\" is not an audited action")
        }
        let tool = try f.object("tool")
        let derivations = try f.object("derivations")
        let gov = try f.object("governance")
        var fingerprints: [String: String] = [:]
        let fp = try f.object("keyFingerprints")
        for (role, v) in fp.members {
            guard let s = v.stringValue else { throw fp.missing(role, "a string") }
            fingerprints[role] = s
        }
        var ocr: OCRInfo?
        if let o = try f.optionalObject("ocr") {
            ocr = OCRInfo(engine: try o.string("engine"), version: try o.string("version"))
        }
        var origin: Origin?
        if let o = try f.optionalObject("origin") {
            origin = Origin(log: try o.string("log"), seq: try o.int("seq"), hash: try o.string("hash"))
        }
        var counts: FileCounts?
        if let c = try f.optionalObject("counts") {
            var other: [String: Int] = [:]
            for name in c.members.keys where !["input", "output", "quarantined"].contains(name) {
                other[name] = try c.int(name)
            }
            counts = FileCounts(
                input: try c.int("input"), output: try c.int("output"), quarantined: try c.int("quarantined"),
                other: other)
        }
        var manifest: ManifestReference?
        if let file = try f.optionalString("manifestFile") {
            manifest = ManifestReference(
                file: file, sha256: try f.string("manifestSHA256"), merkleRoot: try f.string("merkleRoot"))
        }
        var decisions: DecisionSummary?
        if let d = try f.optionalObject("decisions") {
            var overrides: [DecisionSummary.Override] = []
            for (i, o) in try d.array("overrides").enumerated() {
                let of = try JSONFields(o, path: "\(d.path).overrides[\(i)]")
                overrides.append(
                    .init(
                        subject: try of.string("subject"), decision: try of.string("decision"),
                        reason: try of.string("reason"), reviewer: try of.optionalString("reviewer")))
            }
            var records: [DecisionSummary.Reference] = []
            if d.members["records"] != nil {
                for (i, r) in try d.array("records").enumerated() {
                    let rf = try JSONFields(r, path: "\(d.path).records[\(i)]")
                    records.append(
                        .init(
                            id: try rf.int("id"), kind: try rf.string("kind"), reviewer: try rf.string("reviewer"),
                            messageSHA256: try rf.string("message"), signer: try rf.optionalString("signer")))
                }
            }
            decisions = DecisionSummary(
                approved: try d.int("approved"), rejected: try d.int("rejected"), manualMasks: try d.int("manualMasks"),
                overrides: overrides, records: records)
        }
        self.init(
            operatorName: try f.string("operator"),
            host: try f.string("host"),
            action: action,
            tool: ToolInfo(version: try tool.string("version"), gitCommit: try tool.string("gitCommit"), build: try tool.string("build")),
            profile: try f.value("profile"),
            keyFingerprints: fingerprints,
            derivations: Derivations(uid: try derivations.string("uid"), dateShift: try derivations.string("dateShift")),
            ocr: ocr,
            governance: Governance(
                irbProtocol: try gov.optionalString("irbProtocol"), dua: try gov.optionalString("dua"),
                dsa: try gov.optionalString("dsa"), recipient: try gov.optionalString("recipient"),
                legalBasis: try gov.optionalString("legalBasis"),
                standardContractualClauses: try gov.optionalBool("standardContractualClauses")),
            counts: counts,
            manifest: manifest,
            decisions: decisions,
            origin: origin)
        if action.writesOutputs, counts == nil || manifest == nil {
            throw AuditError(.badEntry, "a \(action.rawValue) entry lacks file counts or a manifest")
        }
    }

    /// SHA-256 (hex) of the canonical JSON of a profile.
    public static func profileSHA256(_ profile: JSONValue) throws -> String {
        Hex.encode(SHA256.hash(data: try CanonicalJSON.encode(profile)))
    }
}
