import Foundation
import PackagePlugin

/// Writes `GitCommit.swift` before every build: the commit the binary is built from, for the audit trail.
@main
struct EmbedGitCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let out = context.pluginWorkDirectoryURL.appending(path: "GitCommit.swift")
        let root = context.package.directoryURL.path
        let script = """
            c=$(git -C '\(root)' rev-parse HEAD 2>/dev/null || echo unknown); \
            d=$(git -C '\(root)' status --porcelain --untracked-files=no 2>/dev/null | head -c1); \
            [ -n "$d" ] && c="$c-dirty"; \
            printf 'extension BuildInfo {\\n    /// The git commit this binary was built from.\\n    static let gitCommit = "%s"\\n}\\n' "$c" > '\(out.path)'
            """
        return [.prebuildCommand(displayName: "Embed git commit", executable: URL(fileURLWithPath: "/bin/sh"),
                                 arguments: ["-c", script], outputFilesDirectory: context.pluginWorkDirectoryURL)]
    }
}
