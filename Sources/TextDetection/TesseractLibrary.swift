import CTesseract

/// libtesseract, loaded with `dlopen` on first use rather than linked, so that commands that never read
/// text (apply without a pixel check, dump, index, audit…) do not pay for loading it (see the shim).
struct TesseractLibrary: @unchecked Sendable {
    /// The resolved C functions; valid for the life of the process.
    let api: UnsafePointer<dcmveil_tess_api>

    /// Loaded once per process; the failure, if any, is remembered.
    static let shared: Result<TesseractLibrary, TextDetectionError> = {
        guard let table = dcmveil_tess_open() else {
            let why = dcmveil_tess_error().map { String(cString: $0) } ?? "a function is missing from it"
            return .failure(.libraryUnavailable(why))
        }
        return .success(TesseractLibrary(api: UnsafePointer(table)))
    }()

    /// The library, loading it on the first call.
    static func load() throws(TextDetectionError) -> TesseractLibrary { try shared.get() }
}
