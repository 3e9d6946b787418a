import Foundation
import Testing
import Terminal
import Workstation

@Suite struct TerminalProbeTests {
    @Test func environmentDecisions() {
        #expect(TerminalProbe.noColor(["NO_COLOR": "1"]))
        #expect(!TerminalProbe.noColor(["NO_COLOR": ""]))
        #expect(!TerminalProbe.noColor([:]))
        #expect(TerminalProbe.wantsTrueColor(["COLORTERM": "truecolor"]))
        #expect(TerminalProbe.wantsTrueColor(["COLORTERM": "24bit"]))
        #expect(!TerminalProbe.wantsTrueColor(["COLORTERM": "yes"]))
        #expect(TerminalProbe.kittyGraphics(["TERM": "xterm-kitty"]))
        #expect(TerminalProbe.kittyGraphics(["TERM": "xterm-256color", "KITTY_WINDOW_ID": "3"]))
        #expect(!TerminalProbe.kittyGraphics(["TERM": "tmux-256color"]))
        #expect(TerminalProbe.directVariant(of: "xterm-256color") == "xterm-direct")
        #expect(TerminalProbe.directVariant(of: "tmux-256color") == "tmux-direct")
        #expect(TerminalProbe.directVariant(of: "xterm-direct") == nil)
    }

    @Test func colourDepthFromTerminfo() {
        #expect(TerminalProbe.colorDepth(hasColors: true, colors: 256, noColor: false) == .palette256)
        #expect(TerminalProbe.colorDepth(hasColors: true, colors: 0x100_0000, noColor: false) == .trueColor)
        #expect(TerminalProbe.colorDepth(hasColors: true, colors: 8, noColor: false) == .basic8)
        #expect(TerminalProbe.colorDepth(hasColors: true, colors: 256, noColor: true) == .monochrome)
        #expect(TerminalProbe.colorDepth(hasColors: false, colors: 0, noColor: false) == .monochrome)
    }

    @Test func coloursMapToWhatTheTerminalHas() {
        #expect(TerminalProbe.cursesColor(.terminalDefault, depth: .palette256, colors: 256) == -1)
        #expect(TerminalProbe.cursesColor(.indexed(196), depth: .palette256, colors: 256) == 196)
        #expect(TerminalProbe.cursesColor(.rgb(128, 128, 128), depth: .palette256, colors: 256) == 244)
        #expect(TerminalProbe.cursesColor(.indexed(196), depth: .basic8, colors: 8) == 1)
        #expect(TerminalProbe.cursesColor(.indexed(9), depth: .basic8, colors: 8) == 1)
        #expect(TerminalProbe.cursesColor(.rgb(1, 2, 3), depth: .trueColor, colors: 0x100_0000) == 0x010203)
        #expect(TerminalProbe.cursesColor(.indexed(231), depth: .trueColor, colors: 0x100_0000) == 0xFFFFFF)
        #expect(TerminalProbe.cursesColor(.indexed(1), depth: .trueColor, colors: 0x100_0000) == 1)
        #expect(TerminalProbe.cursesColor(.rgb(0, 0, 0), depth: .trueColor, colors: 0x100_0000) == 8)
        #expect(TerminalProbe.cursesColor(.indexed(5), depth: .monochrome, colors: 0) == -1)
    }

    @Test func kittySequenceChunksTheBase64PNG() throws {
        let png = [UInt8](repeating: 0xAB, count: 7000)
        let sequence = KittyGraphics.placeSequence(png: png, columns: 40, rows: 20)
        let chunks = sequence.components(separatedBy: "\u{1B}\\").filter { !$0.isEmpty }
        #expect(chunks.count == 3)
        #expect(chunks[0].hasPrefix("\u{1B}_Ga=T,f=100,t=d,i=\(KittyGraphics.imageID),q=2,C=1,z=-1,c=40,r=20,m=1;"))
        #expect(chunks[1].hasPrefix("\u{1B}_Gm=1;"))
        #expect(chunks[2].hasPrefix("\u{1B}_Gm=0;"))
        let payload = chunks.map { String($0[$0.index(after: try! #require($0.firstIndex(of: ";")))...]) }.joined()
        #expect(chunks.dropLast().allSatisfy { $0.split(separator: ";")[1].count == 4096 })
        #expect(Data(base64Encoded: payload).map(Array.init) == png)
        #expect(KittyGraphics.deleteSequence() == "\u{1B}_Ga=d,d=I,i=\(KittyGraphics.imageID),q=2\u{1B}\\")
    }
}
