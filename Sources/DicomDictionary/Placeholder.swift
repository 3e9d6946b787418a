import DicomCore
// Temporary until the generated dictionary lands (branch tables).
public enum DataDictionary {
    public static func vr(for tag: Tag) -> VR {
        if tag.element == 0 { return .UL }
        switch tag.raw {
        case 0x0008_0005, 0x0008_0060: return .CS
        case 0x0008_0016, 0x0008_0018, 0x0020_000D, 0x0020_000E: return .UI
        case 0x0010_0010: return .PN
        case 0x0028_0010, 0x0028_0011: return .US
        case 0x7FE0_0010: return .OW
        default: return .UN
        }
    }
    public static func keyword(for tag: Tag) -> String? { nil }
}
