import ArgumentParser
import Audit
import Foundation
import ReviewStore
import Terminal
import Workstation

/// `dcmveil review --batch DIR`: the review workstation in the terminal.
struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "review", 
        abstract: "Open the review workstation on a scanned batch: browse, see the tag diff and the pixels with OCR boxes, decide, and commit.",
        discussion: """
            Keys: 1-4 overview, browser, tag diff, pixels; n next needing review; a/x approve/reject (the selected \
            mask in the pixel view); Tab selects a box; p next edit awaiting a curator, y/Y approve/turn down the \
            others' edits on it; c commits; ? help; q quits. Commit needs --key-file.
            """)

    @Option(help: "The batch folder.") var batch: String
    @Option(help: "Who reviews (recorded with every decision; default: $USER).") var reviewer: String?
    @Option(help: "Theme: default, high-contrast, light, monochrome, or a path to a .toml file.") var theme: String = "default"
    @Option(help: "The pseudonym key the batch was scanned with (needed to commit).") var keyFile: String?
    @Option(help: "The reviewer's Ed25519 signing key (default: signing.key beside the key file, if there).") var signingKey: String?
    @Option(help: ArgumentHelp("A project-wide audit log that a commit's entry also goes into (default: $DCMVEIL_PROJECT_LOG).", valueName: "FILE")) var projectLog: String?

    func run() throws {
        let store = try openExistingBatch(batch, command: "review")
        let name = reviewer ?? ProcessInfo.processInfo.environment["USER"] ?? "reviewer"
        let directory = Configuration.userDirectory()
        let executor: StoreExecutor
        let journal: DecisionJournal?
        let chosenTheme: Theme
        let keymap: Keymap
        do {
            chosenTheme = try Configuration.theme(named: theme, directory: directory)
            keymap = try Configuration.keymap(directory: directory)
            let signerPath = signingKey ?? defaultSigningKey()
            let key = try signerPath.map { try SigningKey.load(from: URL(fileURLWithPath: $0)) }
            let signer: (any DecisionSigner)? = key.map { SigningKeyDecisionSigner(key: $0) }
            // The session's decisions go into the batch's audit log before a commit and at quit.
            journal = try key.map { try DecisionJournal(store: store, directory: batch, reviewer: name, signing: $0) }
            executor = try StoreExecutor(store: store, directory: batch, reviewer: Reviewer(name, signer: signer),
                                         keyFile: keyFile, signingKeyPath: signerPath, journal: journal,
                                         projectLog: ProjectLog.resolve(projectLog))
        } catch {
            printError("dcmveil review: \(error)")
            throw ExitCode(2)
        }
        do {
            try CursesTerminal.withTerminal { terminal in
                _ = try App.run(backend: terminal, executor: executor, reviewer: name, theme: chosenTheme, keymap: keymap)
            }
        } catch let e as TerminalError {
            flushDecisions(journal)
            printError("dcmveil review: \(e.message)")
            throw ExitCode(1)
        }
        flushDecisions(journal)
    }

    /// Writes the session's remaining decisions to the audit log, or says why it could not.
    private func flushDecisions(_ journal: DecisionJournal?) {
        guard let journal else {
            print("no audit entry for this session's decisions: they are unsigned (give --signing-key or a key file with signing.key beside it)")
            return
        }
        do {
            if let entry = try journal.flush() { print("decisions: audit entry #\(entry.seq) \(entry.hash)") }
        } catch {
            printError("dcmveil review: the decisions are stored, but their audit entry failed: \(error)")
        }
    }

    /// `signing.key` beside the pseudonym key file, when it exists.
    private func defaultSigningKey() -> String? {
        guard let keyFile else { return nil }
        let path = ((keyFile as NSString).deletingLastPathComponent as NSString).appendingPathComponent("signing.key")
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
