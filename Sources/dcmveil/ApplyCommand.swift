import ArgumentParser
import Deidentify
import DicomCore
import DicomIO
import Foundation
import Audit
import DicomPixels
import Pipeline
import TextDetection
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `dcmveil apply INPUT OUTPUT --key-file K`: unattended batch de-identification with a manifest.
struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apply", 
        abstract: "De-identify every DICOM file under INPUT into OUTPUT, with OUTPUT/manifest.json.",
        discussion: """
            Outputs go to OUTPUT/<pseudonym>/<study>/<series>/<SOPInstanceUID>.dcm, each written to a temporary \
            file and renamed into place. Until pixel cleaning exists, instances with pixel data are quarantined \
            ("pixels not checked") unless --no-pixel-check is given; then the Clean Pixel Data option is not \
            claimed and BurnedInAnnotation is left as it was. The same inputs, key and profile give identical \
            output bytes.
            """)

    @Argument(help: "A folder (walked recursively) or one file.")
    var input: String

    @Argument(help: "The export folder (created if missing).")
    var output: String

    @Option(name: .long, help: "The pseudonym key (pseudonym.key from `dcmveil keygen`).")
    var keyFile: String

    @Option(name: .long, help: "Profile file (TOML); the built-in default profile without it.")
    var profile: String?

    @Option(name: .long, help: "Parallel jobs (default: the number of cores).")
    var jobs: Int?

    @Flag(name: .long, help: "Export instances with pixel data without checking them for burned-in text.")
    var noPixelCheck = false

    @Option(name: .long, help: "Who runs the batch: with it, a signed entry is appended to OUTPUT/audit.jsonl (signing.key beside the key file, or --signing-key).")
    var `operator`: String?

    @Option(name: .long, help: "The Ed25519 signing key for the audit entry.")
    var signingKey: String?

    @Option(name: .long, help: "Seconds one file may take before it is given up and quarantined (0: no limit).")
    var fileTimeLimit: Double = 300

    @Option(name: .long, help: ArgumentHelp("With --operator: a project-wide audit log the apply entry also goes into (default: $DCMVEIL_PROJECT_LOG).", valueName: "FILE"))
    var projectLog: String?

    func run() throws {
        let key: PseudonymKey
        let prof: Profile
        let engine: Deidentifier
        do {
            key = try PseudonymKey.read(path: keyFile)
            prof = try profile.map { try ProfileParser.load(path: $0) } ?? Profile.default
            engine = try Deidentifier(profile: prof, key: key, recordActions: false)
        } catch let e as KeyError {
            printError("dcmveil apply: \(e)")
            throw ExitCode(2)
        } catch let e as ProfileError {
            printError("dcmveil apply: \(e)")
            throw ExitCode(2)
        } catch let e as DeidentificationError {
            printError("dcmveil apply: \(e)")
            throw ExitCode(2)
        }
        let n = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        var inspector: PixelInspector? = nil
        if !noPixelCheck {
            do { inspector = PixelInspector(detector: try TesseractDetector()) } catch {
                printError("dcmveil apply: cannot start text detection: \(error)")
                throw ExitCode(2)
            }
        }
        let batch = ApplyBatch(input: input, output: output, engine: engine, keyFingerprint: key.fingerprint,
                               pixelCheck: !noPixelCheck, jobs: n, timeLimit: fileTimeLimit > 0 ? fileTimeLimit : nil,
                               processor: InstanceProcessor(engine: engine, inspector: inspector))
        var signer: SigningKey? = nil
        if `operator` != nil {
            do { signer = try AuditRecording.signingKey(explicit: signingKey, keyFile: keyFile) } catch {
                printError("dcmveil apply: cannot load the audit signing key: \(error)")
                throw ExitCode(2)
            }
        }
        var b = batch
        b.hashForAudit = signer != nil
        let ok: Bool
        do { ok = try b.run() } catch {
            printError("dcmveil apply: \(error)")
            throw ExitCode(1)
        }
        if let signer, let op = `operator` {
            do {
                let entry = try b.appendAudit(operatorName: op, profile: prof, key: key, signing: signer)
                print("audit entry #\(entry.seq) \(entry.hash) signed by \(signer.fingerprint)")
                if let project = ProjectLog.resolve(projectLog) {
                    let p = try ProjectLog.mirror(entry, sourceLog: (output as NSString).appendingPathComponent("audit.jsonl"),
                                                  to: project, signing: signer)
                    print("project log entry #\(p.seq) \(p.hash)")
                }
            } catch {
                printError("dcmveil apply: cannot write the audit entry: \(error)")
                throw ExitCode(1)
            }
        }
        if !ok { throw ExitCode(1) }
    }
}

/// One input file's fate, as listed in the manifest.
struct FileOutcome: Sendable {
    enum Status: String, Sendable { case exported, quarantined, skipped, failed }
    var input: String
    var output: String?
    var status: Status
    var reason: String
    /// Masks applied to the pixels (frame, x, y, width, height).
    var masks: [Mask] = []
    /// Hashes for the audit manifest (empty unless an audit entry is written).
    var inputSHA256 = ""
    var outputSHA256 = ""
}

/// The outcomes of a run, kept for the audit entry written after it.
final class OutcomeRecord: @unchecked Sendable {
    var outcomes: [FileOutcome] = []
}

extension ApplyBatch {
    /// Appends the signed `apply` entry to OUTPUT/audit.jsonl, with a Merkle manifest of what was written.
    func appendAudit(operatorName: String, profile: Profile, key: PseudonymKey, signing: SigningKey) throws -> AuditEntry {
        let outcomes = record.outcomes
        let rows = try outcomes.filter { $0.status == .exported }.map { o in
            try ManifestRow(path: o.output ?? o.input, inputSHA256: o.inputSHA256, outputSHA256: o.outputSHA256,
                            masks: o.masks.map { "\($0.frame),\($0.x),\($0.y),\($0.width),\($0.height)" }.joined(separator: ";"))
        }
        let manifest = try Manifest(rows: rows)
        let name = "apply-\(Int(Date().timeIntervalSince1970))-\(manifest.sha256.prefix(12)).manifest"
        try manifest.write(to: URL(fileURLWithPath: (output as NSString).appendingPathComponent(name)))
        let count = { (s: FileOutcome.Status) in outcomes.filter { $0.status == s }.count }
        let event = AuditRecording.event(.apply, operatorName: operatorName, profile: profile, pseudonymKey: key, signing: signing,
                                         ocr: pixelCheck, counts: FileCounts(input: outcomes.count, output: count(.exported),
                                                                             quarantined: count(.quarantined), other: ["skipped": count(.skipped)]),
                                         manifest: manifest.reference(file: name))
        return try AuditLog(url: URL(fileURLWithPath: (output as NSString).appendingPathComponent("audit.jsonl"))).append(event, signingKey: signing)
    }
}

/// The batch behind `apply`: walk, de-identify and write in parallel (each output atomically), resolve
/// duplicate outputs in input order (so that they resolve the same way every run), write the manifest.
struct ApplyBatch {
    let input: String
    let output: String
    let engine: Deidentifier
    let keyFingerprint: String
    let pixelCheck: Bool
    let jobs: Int
    /// Seconds one file may take before it is given up (quarantined); nil for no limit.
    let timeLimit: Double?
    let processor: InstanceProcessor
    /// Hash inputs and outputs for the audit manifest (only when an audit entry is written).
    var hashForAudit = false
    /// Filled by `run`: the outcome of every input, for the audit entry.
    let record = OutcomeRecord()

    func run() throws -> Bool {
        let fm = FileManager.default
        try fm.createDirectory(atPath: output, withIntermediateDirectories: true)
        let files = try listInputs()
        let folders = FolderCache()
        let progress = Progress(total: files.count, tty: stdoutIsTTY)
        // A file that takes longer than the limit (a decoder looping on a crafted stream) is given up
        // and quarantined; the others go on, and its output, should it ever come, is never written.
        let results = TimeLimitedWork.run(count: files.count, workers: jobs, limit: timeLimit) { i, ticket in
            let outcome = handle(files[i], folders: folders, ticket: ticket)
            progress.step()
            return outcome
        }
        progress.finish()

        // Two inputs with one SOPInstanceUID land on one path, written by whichever worker finished last.
        // The first in input order wins: it is written again, and the others are quarantined.
        var outcomes = results.enumerated().map { i, result in
            switch result {
            case .finished(let outcome): return outcome
            case .timedOut(let seconds):
                return FileOutcome(input: displayName(files[i]), output: nil, status: .quarantined,
                                   reason: "gave up after the time limit of \(String(format: "%g", seconds)) s (a decoder or OCR did not return)")
            }
        }
        var claimed: [String: String] = [:]
        var ok = true
        for i in outcomes.indices {
            var o = outcomes[i]
            if o.status == .exported, let rel = o.output {
                if let other = claimed[rel] {
                    o = FileOutcome(input: o.input, output: nil, status: .quarantined, reason: "same SOPInstanceUID as \(other)")
                    if let first = outcomes.firstIndex(where: { $0.input == other }) {
                        outcomes[first] = handle(files[first], folders: folders)
                    }
                } else {
                    claimed[rel] = o.input
                }
            }
            outcomes[i] = o
        }
        for o in outcomes {
            if o.status == .failed { ok = false }
            if !stdoutIsTTY {
                print("\(o.status.rawValue) \(o.input)\(o.output.map { " -> \($0)" } ?? "")\(o.reason.isEmpty ? "" : " (\(o.reason))")")
            }
        }
        try AtomicFile.write(Array(manifest(outcomes).utf8), to: (output as NSString).appendingPathComponent("manifest.json"))
        record.outcomes = outcomes
        let count = { (s: FileOutcome.Status) in outcomes.filter { $0.status == s }.count }
        print("\(outcomes.count) files: \(count(.exported)) exported, \(count(.quarantined)) quarantined, \(count(.skipped)) skipped\(count(.failed) > 0 ? ", \(count(.failed)) failed" : "")")
        return ok
    }

    /// Regular files under `input`, relative and sorted bytewise; the output folder is left out.
    func listInputs() throws -> [String] {
        guard FileManager.default.fileExists(atPath: input) else {
            throw DicomError(.io, "no such file or folder", file: input)
        }
        return try FileWalker.files(under: input, excludingDirectory: output)
    }

    /// How the manifest names an input: its path under INPUT, or the file's own name when INPUT is one file.
    func displayName(_ rel: String) -> String { rel.isEmpty ? (input as NSString).lastPathComponent : rel }

    /// De-identifies one file and writes its output. With a ticket, the output is written only if the
    /// job still holds it (was not given up for the time limit).
    func handle(_ rel: String, folders: FolderCache, ticket: JobTicket? = nil) -> FileOutcome {
        let path = rel.isEmpty ? input : PathText.join(input, rel)
        let name = displayName(rel)
        let source: InstanceProcessor.Input
        do { source = try InstanceProcessor.read(path: path, hash: hashForAudit) } catch {
            if !Self.hasDICMPrefix(path) { return FileOutcome(input: name, output: nil, status: .skipped, reason: "not DICOM") }
            return FileOutcome(input: name, output: nil, status: .quarantined, reason: "unreadable: \(error)")
        }
        let produced: InstanceProcessor.Output
        do {
            // Unattended: the proposed masks are applied as proposed, then verified.
            var masks: [Mask] = []
            var tokens: [String]? = nil
            if let inspector = processor.inspector, source.file.dataSet[.pixelData] != nil {
                let harvested = PHITokens.harvest(from: source.file.dataSet).tokens.map(\.text)
                tokens = harvested
                masks = try inspector.inspect(source.file.dataSet, transferSyntax: source.file.transferSyntax.uid,
                                              phiTokens: harvested).proposedMasks
            }
            produced = try processor.produce(source, masks: masks, phiTokens: tokens)
        } catch {
            return FileOutcome(input: name, output: nil, status: .quarantined, reason: error.description)
        }
        let dest = PathText.join(output, produced.relativePath)
        var outputSHA = ""
        if let ticket, !ticket.claimCompletion() {
            return FileOutcome(input: name, output: nil, status: .quarantined, reason: "gave up after the time limit")
        }
        do {
            try folders.create(PathText.folder(dest))
            // A temporary file in the destination folder, then rename: no partial file is ever visible.
            let chunks = try DicomWriter.encodeChunks(produced.file)
            try AtomicFile.write(chunks: chunks, to: dest)
            outputSHA = hashForAudit ? InstanceProcessor.sha256Hex(chunks: chunks) : ""
        } catch {
            return FileOutcome(input: name, output: nil, status: .failed, reason: "cannot write output: \(error)")
        }
        var o = FileOutcome(input: name, output: produced.relativePath, status: .exported,
                            reason: produced.syntaxChange.map { "transfer syntax changed: \($0)" } ?? "")
        o.masks = produced.appliedMasks
        o.inputSHA256 = source.sha256
        o.outputSHA256 = outputSHA
        return o
    }

    static func hasDICMPrefix(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 132)
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, 132) }
        return n == 132 && buf[128...131].elementsEqual([0x44, 0x49, 0x43, 0x4D])
    }

    /// The manifest: deterministic (no timestamps), sorted by input path.
    func manifest(_ outcomes: [FileOutcome]) -> String {
        var s = "{\n  \"tool\": \"dcmveil \(BuildInfo.version)\",\n  \"key_fingerprint\": \(json(keyFingerprint)),\n"
        s += "  \"profile_options\": [\(engine.profile.options.sorted().map { json($0.key) }.joined(separator: ", "))],\n"
        s += "  \"pixel_check\": \(pixelCheck),\n  \"files\": ["
        for (i, o) in outcomes.enumerated() {
            s += i == 0 ? "\n" : ",\n"
            s += "    {\"input\": \(json(o.input)), \"output\": \(o.output.map(json) ?? "null"), \"status\": \(json(o.status.rawValue)), "
            let masks = o.masks.map { "[\($0.frame), \($0.x), \($0.y), \($0.width), \($0.height)]" }.joined(separator: ", ")
            s += "\"reason\": \(json(o.reason)), \"masks\": [\(masks)]}"
        }
        s += outcomes.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return s
    }

    /// A JSON string literal (the same escaping as the DICOM JSON output).
    func json(_ v: String) -> String { DicomJSON.quote(v) }
}

/// Output folders already created, so that each is made once (with `mkdir`, parents first: no
/// per-level `stat` as `FileManager.createDirectory` makes).
final class FolderCache: @unchecked Sendable {
    private let lock = NSLock()
    private var made = Set<String>()

    func create(_ path: String) throws {
        if lock.withLock({ made.contains(path) }) { return }
        try Self.makeFolder(path)
        _ = lock.withLock { made.insert(path) }
    }

    /// Creates `path` and any missing parents; an existing folder is fine.
    static func makeFolder(_ path: String) throws {
        if mkdir(path, 0o777) == 0 { return }
        let first = errno
        if first == EEXIST {
            var st = stat()
            if stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { return }
            throw DicomError(.io, "cannot create folder: a file is in the way", file: path)
        }
        let parent = PathText.folder(path)
        guard first == ENOENT, !parent.isEmpty, parent != path else {
            throw DicomError(.io, "cannot create folder: \(String(cString: strerror(first)))", file: path)
        }
        try makeFolder(parent)
        if mkdir(path, 0o777) != 0 && errno != EEXIST {
            throw DicomError(.io, "cannot create folder: \(String(cString: strerror(errno)))", file: path)
        }
    }
}

/// A progress bar on a terminal (redrawn at most every 1/10 s); silent otherwise.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let tty: Bool
    private var done = 0
    private var lastDraw = 0.0

    init(total: Int, tty: Bool) {
        self.total = total
        self.tty = tty
    }

    func step() {
        guard tty else { return }
        lock.lock(); defer { lock.unlock() }
        done += 1
        let now = Date().timeIntervalSince1970
        if now - lastDraw >= 0.1 || done == total {
            lastDraw = now
            draw()
        }
    }

    private func draw() {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\r[\(bar)] \(done)/\(total)"
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    func finish() {
        guard tty else { return }
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
