import DicomCore
import Testing
@testable import TextDetection

/// `TesseractDetector.pieces`: a word box spanning several candidate lines becomes one piece per line.
struct WordPiecesTests {
    @Test func aBoxOverTwoLinesBecomesTwoPiecesWithoutTheGroundBetween() {
        let lines = [PixelRect(x: 10, y: 10, width: 100, height: 12), PixelRect(x: 10, y: 40, width: 100, height: 12)]
        let word = PixelRect(x: 20, y: 8, width: 60, height: 46)
        let pieces = TesseractDetector.pieces(of: word, on: lines)
        #expect(pieces == [PixelRect(x: 20, y: 9, width: 60, height: 14), PixelRect(x: 20, y: 39, width: 60, height: 14)])
    }

    @Test func overlappingLinesGiveOnePieceAndNoLineKeepsTheBox() {
        let lines = [PixelRect(x: 10, y: 10, width: 100, height: 12), PixelRect(x: 10, y: 18, width: 100, height: 12)]
        let word = PixelRect(x: 20, y: 8, width: 60, height: 30)
        #expect(TesseractDetector.pieces(of: word, on: lines) == [PixelRect(x: 20, y: 9, width: 60, height: 22)])
        let far = PixelRect(x: 300, y: 300, width: 10, height: 10)
        #expect(TesseractDetector.pieces(of: far, on: lines) == [far])
    }
}
