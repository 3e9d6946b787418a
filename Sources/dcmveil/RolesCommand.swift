import ArgumentParser
import Audit
import Foundation
import ReviewStore

/// `dcmveil roles --batch DIR [list | add NAME ROLE --pubkey FILE | remove NAME ROLE]`.
struct Roles: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roles", 
        abstract: "List, add or remove who holds which role in a batch: officer, curator or exporter.",
        discussion: """
            A batch without roles runs in single-person mode: anyone may do anything, and every decision \
            records it. Once a role is added, roles are enforced: decisions must be signed with the \
            person's key, mask edits and overrides wait for a different curator, and only exporters export. \
            A person has one key (signing.pub from dcmveil keygen) for all their roles.
            """)

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case list, add, remove
    }

    @Option(name: .long, help: "The batch folder.")
    var batch: String

    @Argument(help: "list (the default), add or remove.")
    var action: Action = .list

    @Argument(help: "The person's name, as they give it with --reviewer or --operator.")
    var name: String?

    @Argument(help: "officer, curator or exporter.")
    var role: Role?

    @Option(name: .long, help: "The person's Ed25519 public key file (PEM or base64), for add.")
    var pubkey: String?

    func validate() throws {
        switch action {
        case .list:
            guard name == nil, role == nil, pubkey == nil else { throw ValidationError("list takes no name, role or key") }
        case .add:
            guard name != nil, role != nil else { throw ValidationError("add needs NAME and ROLE") }
            guard pubkey != nil else { throw ValidationError("add needs --pubkey FILE (signing.pub from dcmveil keygen)") }
        case .remove:
            guard name != nil, role != nil else { throw ValidationError("remove needs NAME and ROLE") }
        }
    }

    func run() throws {
        let store = try openExistingBatch(batch, command: "roles")
        do {
            switch action {
            case .list:
                let all = try store.roles()
                if all.isEmpty {
                    print("no roles: single-person mode (anyone may do anything; every decision records it)")
                }
                for r in all { print("\(r.name)\t\(r.role.rawValue)\t\(r.fingerprint)\t\(r.addedAt)") }
            case .add:
                guard let name, let role, let pubkey else { return }
                let key = try VerifyingKey.load(from: URL(fileURLWithPath: pubkey))
                let wasSingle = try store.mode() == .singlePerson
                let r = try store.addRole(name: name, role: role, publicKey: key.rawRepresentation)
                print("\(r.name)\t\(r.role.rawValue)\t\(r.fingerprint)")
                if wasSingle { print("roles are now enforced in this batch") }
            case .remove:
                guard let name, let role else { return }
                guard try store.removeRole(name: name, role: role) else {
                    printError("dcmveil roles: \(name) does not hold the \(role.rawValue) role")
                    throw ExitCode(1)
                }
                if try store.mode() == .singlePerson { print("no roles left: the batch is in single-person mode") }
            }
        } catch let e as ReviewStoreError {
            printError("dcmveil roles: \(e)")
            throw ExitCode(1)
        } catch let e as AuditError {
            printError("dcmveil roles: \(e)")
            throw ExitCode(1)
        }
    }
}
