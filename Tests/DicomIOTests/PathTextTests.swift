import DicomIO
import Testing

@Suite struct PathTextTests {
    @Test(arguments: [
        ("a/b/c.dcm", "a/b", "c.dcm"),
        ("c.dcm", ".", "c.dcm"),
        ("/c.dcm", "/", "c.dcm"),
        ("/x/y/", "/x/y", ""),
        ("out/P1/ab/cd/1.2.dcm", "out/P1/ab/cd", "1.2.dcm"),
    ])
    func splitsLikeDirnameAndBasename(path: String, folder: String, base: String) {
        let s = PathText.split(path)
        #expect(s.folder == folder)
        #expect(s.base == base)
    }

    @Test func joinsWithExactlyOneSlash() {
        #expect(PathText.join("out", "a/b.dcm") == "out/a/b.dcm")
        #expect(PathText.join("out/", "a.dcm") == "out/a.dcm")
        #expect(PathText.join("out", "") == "out")
        #expect(PathText.join("", "a.dcm") == "a.dcm")
        #expect(PathText.join("/", "a.dcm") == "/a.dcm")
    }
}
