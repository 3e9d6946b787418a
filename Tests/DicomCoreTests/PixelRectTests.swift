import DicomCore
import Foundation
import Testing

/// The one pixel rectangle of detection, pipeline, store and workstation: geometry, text forms, JSON keys.
@Suite struct PixelRectTests {
    let a = PixelRect(x: 10, y: 20, width: 30, height: 40)

    @Test func edgesAreaAndEmptiness() {
        #expect(a.maxX == 40 && a.maxY == 60)
        #expect(a.area == 1200 && !a.isEmpty)
        #expect(PixelRect(x: 5, y: 5, width: 0, height: 7).isEmpty)
        #expect(PixelRect(x: 5, y: 5, width: -3, height: 7).area == 0)
    }

    @Test func validityWantsAPositiveSizeAndANonNegativeOrigin() {
        #expect(a.isValid)
        #expect(!PixelRect(x: -1, y: 0, width: 4, height: 4).isValid)
        #expect(!PixelRect(x: 0, y: -1, width: 4, height: 4).isValid)
        #expect(!PixelRect(x: 0, y: 0, width: 0, height: 4).isValid)
        #expect(!PixelRect(x: 0, y: 0, width: 4, height: 0).isValid)
        // Off the top-left corner it still covers pixels (not empty) but is no valid mask.
        let off = PixelRect(x: -2, y: -2, width: 5, height: 5)
        #expect(!off.isEmpty && !off.isValid)
    }

    @Test func intersectionUnionAndPadding() {
        let b = PixelRect(x: 30, y: 50, width: 20, height: 20)
        #expect(a.intersection(b) == PixelRect(x: 30, y: 50, width: 10, height: 10))
        #expect(a.intersects(b) && b.intersects(a))
        #expect(a.union(b) == PixelRect(x: 10, y: 20, width: 40, height: 50))
        // Rectangles that only touch share no pixel: the intersection is empty, with zero size.
        let touching = PixelRect(x: 40, y: 20, width: 5, height: 5)
        #expect(!a.intersects(touching))
        #expect(a.intersection(touching) == PixelRect(x: 40, y: 20, width: 0, height: 0))
        // An empty side of a union is ignored, wherever it lies.
        let empty = PixelRect(x: 500, y: 500, width: 0, height: 0)
        #expect(a.union(empty) == a && empty.union(a) == a)
        #expect(a.padded(by: 3) == PixelRect(x: 7, y: 17, width: 36, height: 46))
        #expect(a.padded(by: 3).padded(by: -3) == a)
    }

    @Test func containmentOfRectanglesAndPixels() {
        #expect(a.contains(PixelRect(x: 10, y: 20, width: 30, height: 40)))
        #expect(a.contains(PixelRect(x: 11, y: 21, width: 5, height: 5)))
        #expect(!a.contains(PixelRect(x: 11, y: 21, width: 30, height: 5)))
        #expect(a.contains(x: 10, y: 20) && a.contains(x: 39, y: 59))
        #expect(!a.contains(x: 40, y: 20) && !a.contains(x: 10, y: 60) && !a.contains(x: 9, y: 30))
    }

    /// `description` names a box in quarantine reasons (stored and printed by apply); `geometry` is
    /// the `WxH+X+Y` of `scan-pixels` and the store's errors. Both texts are fixed.
    @Test func textForms() {
        #expect(a.description == "(10,20 30×40)")
        #expect("\(a)" == "(10,20 30×40)")
        #expect(a.geometry == "30x40+10+20")
    }

    /// The Codable keys are those of the rectangle types this one replaced; JSON written before
    /// (corpus dumps, stored records) still decodes, and the encoding has not changed.
    @Test func codableKeysAreXYWidthHeight() throws {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try e.encode(a), as: UTF8.self) == #"{"height":40,"width":30,"x":10,"y":20}"#)
        let old = #"{"x":1,"y":2,"width":3,"height":4}"#
        #expect(try JSONDecoder().decode(PixelRect.self, from: Data(old.utf8)) == PixelRect(x: 1, y: 2, width: 3, height: 4))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PixelRect.self, from: Data(#"{"x":1,"y":2,"w":3,"h":4}"#.utf8))
        }
    }
}
