import ArgumentParser
import Audit
import Foundation
import ReviewStore

/// Opens the batch named by `--batch`, refusing a folder that holds no batch (so a typo does not
/// create an empty one).
func openExistingBatch(_ dir: String, command: String) throws -> BatchStore {
    let file = (dir as NSString).appendingPathComponent(BatchStore.fileName)
    guard FileManager.default.fileExists(atPath: file) else {
        printError("dcmveil \(command): \(dir) holds no batch (no \(BatchStore.fileName)); run dcmveil scan first")
        throw ExitCode(1)
    }
    do {
        return try BatchStore.open(directory: dir)
    } catch let e as ReviewStoreError {
        printError("dcmveil \(command): \(e)")
        throw ExitCode(1)
    }
}

/// Signs batch decisions with a person's audit signing key (`dcmveil keygen`'s signing.key).
struct SigningKeyDecisionSigner: DecisionSigner {
    let key: SigningKey
    var publicKey: [UInt8] { key.verifyingKey.rawRepresentation }
    func signature(for message: [UInt8]) throws -> [UInt8] { try key.signature(for: message) }
}

extension Role: ExpressibleByArgument {}
