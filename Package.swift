// swift-tools-version:6.0
// dcmveil: DICOM de-identification review workstation.
// Dependency arrows point down the list of library targets; see docs/ARCHITECTURE.md.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "dcmveil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dcmveil", targets: ["dcmveil"]),
        .library(name: "DicomIO", targets: ["DicomIO"]),
        .library(name: "Deidentify", targets: ["Deidentify"]),
        .library(name: "Audit", targets: ["Audit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C entry points. Only these modules see C headers.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // Tesseract is loaded with dlopen on first use (see the shim): only its header is needed here.
        .systemLibrary(name: "CTesseract", path: "Sources/CTesseract"),
        .systemLibrary(name: "CJPEG", path: "Sources/CJPEG", pkgConfig: "libjpeg"),
        .systemLibrary(name: "CCharLS", path: "Sources/CCharLS", pkgConfig: "charls"),
        .systemLibrary(name: "COpenJPEG", path: "Sources/COpenJPEG", pkgConfig: "libopenjp2"),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng"),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),

        // Core value types: tags, VRs, elements, data sets, character sets, errors, pixel rectangles. No I/O.
        .target(name: "DicomCore", swiftSettings: strict),
        // Generated PS3.6 dictionary and PS3.15 Annex E table (see Tools/ and Sources/dcmveil-generate).
        .target(name: "DicomDictionary", dependencies: ["DicomCore"], swiftSettings: strict),
        // Transfer syntaxes, the Part 10 reader and writer, dump and JSON.
        .target(name: "DicomIO", dependencies: ["DicomCore", "DicomDictionary", "CZlib"], swiftSettings: strict),
        // Frame decode/encode per transfer syntax, rendering to 8-bit, masks applied to frames, PNG previews.
        .target(
            name: "DicomPixels",
            dependencies: ["DicomCore", "CJPEG", "CCharLS", "COpenJPEG", "CPNG"],
            swiftSettings: strict),
        // The de-identification engine: pure; no terminal, no database.
        .target(
            name: "Deidentify",
            dependencies: ["DicomCore", "DicomDictionary", .product(name: "Crypto", package: "swift-crypto"), "TOMLKit"],
            swiftSettings: strict),
        // Deterministic synthetic patients and images for `demo-data` and the benchmark corpora.
        .target(name: "SyntheticData", dependencies: ["DicomCore", "DicomDictionary", "DicomIO"], swiftSettings: strict),
        // Batch state in SQLite (GRDB): files, planned actions, findings, masks, signed decisions, roles.
        // Stores plain records; no terminal, no engine, no pixels.
        .target(
            name: "ReviewStore",
            dependencies: ["DicomCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // Burned-in text: a fast candidate stage, then Tesseract on the candidates; classes and mask proposals.
        .target(name: "TextDetection", dependencies: ["DicomCore", "CTesseract"], swiftSettings: strict),
        // One file in, one file out: header plan, pixel check, masks, verification; used by apply, scan and commit.
        .target(
            name: "Pipeline",
            dependencies: ["DicomCore", "DicomIO", "DicomPixels", "TextDetection", "Deidentify", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // Hash-chained, signed audit log.
        .target(name: "Audit", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),

        // The review app: model, messages, update, views into a cell buffer, keymaps and themes. No curses.
        .target(name: "Workstation", dependencies: ["DicomCore", "TOMLKit"], swiftSettings: strict),
        // The review store seen through the workstation's types: the summary, pages and searches `dcmveil review` shows.
        .target(name: "WorkstationStore", dependencies: ["DicomCore", "DicomDictionary", "ReviewStore", "Workstation"], swiftSettings: strict),
        // The only Swift code that calls ncurses: draws a cell buffer, reads keys and the mouse.
        .target(name: "Terminal", dependencies: ["Workstation", "CNcurses"], swiftSettings: strict),

        // The generator of the committed tables, and its testable core.
        .target(name: "StandardTables", swiftSettings: strict),
        .executableTarget(name: "dcmveil-generate", dependencies: ["StandardTables"], swiftSettings: strict),

        // Embeds the git commit the binary is built from (BuildInfo.gitCommit), for the audit trail.
        .plugin(name: "EmbedGitCommit", capability: .buildTool(), path: "Plugins/EmbedGitCommit"),

        .executableTarget(
            name: "dcmveil",
            dependencies: [
                "DicomCore", "DicomDictionary", "DicomIO", "Deidentify", "Audit", "ReviewStore", "SyntheticData", "Pipeline", "DicomPixels", "TextDetection",
                "Workstation", "WorkstationStore", "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict,
            plugins: ["EmbedGitCommit"]),

        // Test support: builds data sets and files for the tests' own fixtures.
        .target(name: "DicomFixtures", dependencies: ["DicomCore", "DicomDictionary", "DicomIO", "SyntheticData"], path: "Tests/DicomFixtures", swiftSettings: strict),

        // Writes to a batch store until killed; the store tests SIGKILL it mid-transaction.
        .executableTarget(name: "dcmveil-store-crash-helper", dependencies: ["ReviewStore", "DicomCore"], path: "Tests/StoreCrashHelper", swiftSettings: strict),

        // Developer tool over DicomPixels (decode a frame to raw samples, render, mask); the interop tests drive it.
        .executableTarget(name: "dcmveil-pixels", dependencies: ["DicomCore", "DicomIO", "DicomPixels"], swiftSettings: strict),
        // libFuzzer target over the reader; built only by `make fuzz` (Tests/Fuzz/run).
        .executableTarget(name: "dcmveil-fuzz", dependencies: ["DicomIO"], path: "Tests/Fuzz", exclude: ["run"], swiftSettings: strict),

        .testTarget(name: "DicomCoreTests", dependencies: ["DicomCore"], swiftSettings: strict),
        .testTarget(name: "DicomDictionaryTests", dependencies: ["DicomDictionary", "StandardTables"], swiftSettings: strict),
        .testTarget(name: "DicomIOTests", dependencies: ["DicomIO", "DicomDictionary", "DicomFixtures"], swiftSettings: strict),
        .testTarget(name: "DeidentifyTests", dependencies: ["Deidentify", "DicomIO", "DicomFixtures"], swiftSettings: strict),
        .testTarget(
            name: "ReviewStoreTests",
            dependencies: ["ReviewStore", "Audit", "DicomCore", "DicomIO", "DicomFixtures", "dcmveil", "dcmveil-store-crash-helper", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict),
        .testTarget(
            name: "TextDetectionTests", dependencies: ["TextDetection", "DicomCore"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "DicomPixelsTests", dependencies: ["DicomPixels", "DicomCore"], swiftSettings: strict),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "SyntheticData", "Deidentify", "DicomIO", "DicomPixels", "TextDetection"], swiftSettings: strict),
        .testTarget(name: "AuditTests", dependencies: ["Audit"], swiftSettings: strict),
        // Workstation benchmark through the in-memory backend, and opening a real batch store (build with -c release).
        .executableTarget(name: "dcmveil-workstation-bench", dependencies: ["Workstation", "WorkstationStore", "ReviewStore", "DicomCore"], path: "Tests/WorkstationBench", swiftSettings: strict),
        .testTarget(name: "WorkstationTests", dependencies: ["Workstation", "DicomCore"], exclude: ["Snapshots"], swiftSettings: strict),
        // Opens the curses terminal and waits to be signalled; the terminal tests check the restore.
        .executableTarget(name: "dcmveil-terminal-signal-helper", dependencies: ["Terminal", "Workstation"],
                          path: "Tests/TerminalSignalHelper", swiftSettings: strict),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Workstation", "dcmveil-terminal-signal-helper"], swiftSettings: strict),
        .testTarget(name: "StandardTablesTests", dependencies: ["StandardTables"], swiftSettings: strict),
        // Runs the real dcmveil binary (DCMVEIL_BIN, or beside the test bundle) in tmux: review, approve, commit.
        .testTarget(name: "ReviewEndToEndTests", dependencies: ["dcmveil", "ReviewStore"], swiftSettings: strict),
    ]
)
