import Foundation

/// The kitty graphics protocol: escape sequences that place a PNG over cells.
public enum KittyGraphics {
    /// The image id this program uses (one image on screen at a time).
    public static let imageID = 7301

    /// Transmits and displays a PNG over `columns` × `rows` cells at the cursor, without moving it,
    /// under the text (z=-1) so that box outlines drawn as characters stay visible over the image.
    /// The base64 payload goes in chunks of at most 4096 bytes, as the protocol requires.
    public static func placeSequence(png: [UInt8], columns: Int, rows: Int, imageID: Int = imageID) -> String {
        let payload = Data(png).base64EncodedString()
        var out = ""
        var index = payload.startIndex
        var first = true
        repeat {
            let end = payload.index(index, offsetBy: 4096, limitedBy: payload.endIndex) ?? payload.endIndex
            let more = end < payload.endIndex ? 1 : 0
            if first {
                out += "\u{1B}_Ga=T,f=100,t=d,i=\(imageID),q=2,C=1,z=-1,c=\(columns),r=\(rows),m=\(more);"
                first = false
            } else {
                out += "\u{1B}_Gm=\(more);"
            }
            out += payload[index..<end]
            out += "\u{1B}\\"
            index = end
        } while index < payload.endIndex
        return out
    }

    /// Deletes the image and frees its data.
    public static func deleteSequence(imageID: Int = imageID) -> String {
        "\u{1B}_Ga=d,d=I,i=\(imageID),q=2\u{1B}\\"
    }

    /// Moves to a cell (0-based), saving the cursor first; pair with `restoreCursor`.
    public static func saveAndMove(column: Int, row: Int) -> String { "\u{1B}7\u{1B}[\(row + 1);\(column + 1)H" }
    public static let restoreCursor = "\u{1B}8"
}
