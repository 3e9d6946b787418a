/// The tool's version, build configuration and the git commit it was built from (`gitCommit`, generated
/// at build time by the EmbedGitCommit plugin).
enum BuildInfo {
    static let version = "0.1.0"
    #if DEBUG
    static let configuration = "debug"
    #else
    static let configuration = "release"
    #endif
}
