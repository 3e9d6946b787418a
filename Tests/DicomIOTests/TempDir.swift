import Foundation

/// A fresh temporary folder for one test.
enum TempDir {
    static func make() throws -> String {
        let path = NSTemporaryDirectory() + "dcmveil-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
