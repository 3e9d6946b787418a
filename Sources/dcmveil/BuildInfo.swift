/// The tool's version and the git commit it was built from (see `scripts/embed-version`).
enum BuildInfo {
    static let version = "0.1.0"
}
