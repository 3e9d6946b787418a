#if FUZZING
import DicomCore
import DicomIO

/// libFuzzer entry point: every input must parse or fail with a `DicomError`; a written result must re-read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? DicomReader.parse(bytes) else { return 0 }
    _ = DicomJSON.encode(file.dataSet)
    _ = DicomDump.text(file)
    if let written = try? DicomWriter.encode(file) {
        // What we write we must be able to read back.
        if (try? DicomReader.parse(written)) == nil {
            fatalError("fuzz: rewritten output failed to parse")
        }
    }
    return 0
}

/// libFuzzer's driver, exported by the fuzzer runtime.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

/// SwiftPM links executables with `main` renamed to `<target>_main`; hand control to libFuzzer's driver.
@_cdecl("dcmveil_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzReader(data, size) }
}
#else
/// Without the fuzzer runtime this target only explains how to build it.
@main
enum FuzzTargetNotBuiltForFuzzing {
    static func main() {
        print("dcmveil-fuzz: build and run it with Tests/Fuzz/run (make fuzz), which links libFuzzer.")
    }
}
#endif
