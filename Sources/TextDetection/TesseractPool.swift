import CTesseract
import Foundation

/// Initialised Tesseract engines, created on demand and reused: one per concurrent caller
/// (in practice one per worker thread), never shared by two callers at once.
final class TesseractPool: @unchecked Sendable {
    private let language: String
    private let dataPath: String?
    private let lock = NSLock()
    private var idle: [TesseractHandle] = []
    private var created = 0

    /// OpenMP is limited to one thread when the library loads (see the shim); true once it is loaded
    /// with OMP_THREAD_LIMIT=1 in effect.
    private static var threadLimit: Bool {
        (try? TesseractLibrary.load()) != nil && getenv("OMP_THREAD_LIMIT").map { String(cString: $0) } == "1"
    }

    init(language: String, dataPath: String?) {
        self.language = language
        self.dataPath = dataPath
        _ = Self.threadLimit
    }

    /// Runs `body` with an engine of its own; the engine returns to the pool afterwards.
    func withHandle<T>(_ body: (TesseractHandle) throws -> T) throws -> T {
        let handle = try checkOut()
        defer { checkIn(handle) }
        return try body(handle)
    }

    /// Engines created so far (each `Init` is costly; this stays at the number of workers).
    var handleCount: Int { lock.withLock { created } }

    /// True when the OpenMP runtime was found and limited to one thread.
    var openMPLimited: Bool { Self.threadLimit }

    private func checkOut() throws -> TesseractHandle {
        if let handle = lock.withLock({ idle.popLast() }) { return handle }
        let handle = try TesseractHandle(language: language, dataPath: dataPath)
        lock.withLock { created += 1 }
        return handle
    }

    private func checkIn(_ handle: TesseractHandle) {
        lock.withLock { idle.append(handle) }
    }
}
