// TEMPORARY, not committed.
import Crypto
public enum BenchShim {
    public static func scan(_ b: [UInt8]) -> Int { b.withUnsafeBytes { (try? CanonicalScanner.scan($0))?.count ?? -1 } }
    public static func check(_ b: [UInt8], _ k: VerifyingKey?) -> Bool { b.withUnsafeBytes { AuditLog.checkLine($0, trustedKey: k).failure == nil } }
    public static func sha(_ b: [UInt8]) -> Int { Array(SHA256.hash(data: b)).count }
    public static func shaRaw(_ b: [UInt8]) -> Int { b.withUnsafeBytes { Array(SHA256.hash(data: $0)).count } }
}
