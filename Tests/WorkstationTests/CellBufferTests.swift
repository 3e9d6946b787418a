import DicomCore
import Testing
@testable import Workstation

@Suite struct CellBufferTests {
    let red = CellStyle(foreground: .indexed(1))

    @Test func writeClipsAndEllipsizes() {
        var b = CellBuffer(width: 10, height: 2)
        #expect(b.write("hello world", x: 0, y: 0, style: red) == 10)
        #expect(b.line(0) == "hello worl")
        #expect(b.write("hello world", x: 2, y: 1, style: .plain, maxWidth: 6, ellipsis: true) == 6)
        #expect(b.lines()[1] == "  hello…")
        #expect(b[0, 0].style == red)
        #expect(b.write("x", x: 10, y: 0, style: .plain) == 0)
        #expect(b.write("x", x: 0, y: 5, style: .plain) == 0)
    }

    @Test func wideGraphemesTakeTwoCellsAndNeverHalfShow() {
        var b = CellBuffer(width: 6, height: 1)
        #expect(b.write("日本x", x: 0, y: 0, style: .plain) == 5)
        #expect(b[0, 0].width == 2 && b[1, 0].width == 0)
        #expect(b.line(0) == "日本x ")
        // Overwriting the right half of a wide grapheme blanks its left half.
        b.put("a", x: 1, y: 0, style: .plain)
        #expect(b.line(0) == " a本x ")
        // A wide grapheme that does not fit in the last column becomes a space.
        #expect(b.put("語", x: 5, y: 0, style: .plain) == 1)
        #expect(b[5, 0].grapheme == " ")
        // Combining marks stay with their base; emoji are wide.
        #expect(CharacterWidth.of("é") == 1)
        #expect(CharacterWidth.of("🙂") == 2)
        #expect(CharacterWidth.of("e\u{301}x") == 2)
    }

    @Test func controlCharactersAreDrawnAsSpaces() {
        var b = CellBuffer(width: 4, height: 1)
        b.write("a\u{1B}b\t", x: 0, y: 0, style: .plain)
        #expect(b.line(0) == "a b ")
    }

    @Test func diffReportsOnlyChangedCells() {
        var a = CellBuffer(width: 8, height: 2)
        a.write("abc", x: 0, y: 0, style: .plain)
        var b = a
        #expect(b.forEachChange(from: a) { _, _, _ in } == 0)
        b.write("X", x: 1, y: 0, style: .plain)
        b.setStyle(Rect(x: 5, y: 1, width: 1, height: 1), red)
        var changed: [(Int, Int)] = []
        b.forEachChange(from: a) { x, y, _ in changed.append((x, y)) }
        #expect(changed.map { "\($0.0),\($0.1)" } == ["1,0", "5,1"])
        // No previous frame, or another size: everything.
        #expect(b.forEachChange(from: nil) { _, _, _ in } == 16)
        #expect(b.forEachChange(from: CellBuffer(width: 4, height: 2)) { _, _, _ in } == 16)
        // A wide grapheme counts once.
        var c = a
        c.write("日", x: 4, y: 0, style: .plain)
        changed.removeAll()
        c.forEachChange(from: a) { x, y, _ in changed.append((x, y)) }
        #expect(changed.map { "\($0.0),\($0.1)" } == ["4,0"])
    }

    @Test func nearestPaletteColours() {
        #expect(TerminalColor.nearestIndex(r: 0, g: 0, b: 0) == 16)
        #expect(TerminalColor.nearestIndex(r: 255, g: 255, b: 255) == 231)
        #expect(TerminalColor.nearestIndex(r: 128, g: 128, b: 128) == 244)
        #expect(TerminalColor.nearestIndex(r: 255, g: 0, b: 0) == 196)
        #expect(TerminalColor.nearestIndex(r: 95, g: 135, b: 175) == 67)
        #expect(TerminalColor.nearestBasic(r: 250, g: 10, b: 10) == 1)
        // Grey levels map monotonically onto the palette's greys.
        var last = -1
        for v in stride(from: 0, through: 255, by: 1) {
            let rgb = TerminalColor.rgbOfIndex(greyPaletteIndex[v])
            #expect(Int(rgb.0) >= last)
            last = Int(rgb.0)
        }
        #expect(TerminalColor(parsing: "#ff8000") == .rgb(255, 128, 0))
        #expect(TerminalColor(parsing: "bright-blue") == .indexed(12))
        #expect(TerminalColor(parsing: "256") == nil)
        #expect(TerminalColor.rgb(255, 128, 0).name == "#ff8000")
    }

    @Test func pixelLayoutKeepsPixelsSquareAndMapsBothWays() throws {
        let layout = try #require(PixelLayout(bounds: Rect(x: 0, y: 1, width: 60, height: 20), source: PixelRect(x: 0, y: 0, width: 100, height: 100)))
        // 100×100 pixels in cells twice as tall as wide: 40 columns × 20 rows.
        #expect(layout.area == Rect(x: 10, y: 1, width: 40, height: 20))
        let p = layout.pixel(column: 30, row: 11)
        let c = layout.cell(x: p.x, y: p.y)
        #expect(c.column == 30 && c.row == 11)
        #expect(layout.cells(of: PixelRect(x: 0, y: 0, width: 100, height: 100)) == layout.area)
    }
}
