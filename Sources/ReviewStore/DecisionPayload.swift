import DicomCore
import Foundation

/// A value in a decision's payload. Payloads are encoded once as JSON with sorted keys, stored as
/// that text, and signed as that text.
enum PayloadValue: Encodable, Sendable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case ints([Int64])
    case rect(PixelRect)

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let v): try c.encode(v)
        case .int(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .ints(let v): try c.encode(v)
        case .rect(let r): try c.encode(["x": r.x, "y": r.y, "w": r.width, "h": r.height])
        }
    }

    static func json(_ payload: [String: PayloadValue]) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try e.encode(payload), as: UTF8.self)
        } catch {
            throw ReviewStoreError(.invalidInput, "cannot encode a decision payload: \(error)")
        }
    }
}

/// The rows a decision changed, as they were before, so `undo` can put them back.
struct UndoLog: Codable, Sendable {
    struct StateChange: Codable, Sendable {
        var id: Int64
        var from: String
    }

    /// A mask before the decision; `existed == false` for a mask the decision created.
    struct MaskImage: Codable, Sendable {
        var id: Int64
        var existed: Bool
        var frame: Int = 0
        var x: Int = 0
        var y: Int = 0
        var w: Int = 0
        var h: Int = 0
        var origin: String = ""
        var status: String = ""
        var pending: String?
        var editedBy: String?
        var prior: String?
    }

    struct OverrideImage: Codable, Sendable {
        var id: Int64
        var existed: Bool
        var status: String = ""
    }

    var states: [StateChange] = []
    var masks: [MaskImage] = []
    var overrides: [OverrideImage] = []
    /// Instances whose state, masks or overrides changed (to detect conflicting later decisions).
    var touched: [Int64] = []

    func encoded() throws -> String {
        do {
            return String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
        } catch {
            throw ReviewStoreError(.invalidInput, "cannot encode undo data: \(error)")
        }
    }

    static func decode(_ text: String) -> UndoLog? {
        try? JSONDecoder().decode(UndoLog.self, from: Data(text.utf8))
    }
}
