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
    ],
    targets: [
        // C entry points. Only these modules see C headers.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),

        // Core value types: tags, VRs, elements, data sets, character sets, errors. No I/O.
        .target(name: "DicomCore", swiftSettings: strict),
        // Generated PS3.6 dictionary and PS3.15 Annex E table (see Tools/ and Sources/dcmveil-generate).
        .target(name: "DicomDictionary", dependencies: ["DicomCore"], swiftSettings: strict),
        // Transfer syntaxes, the Part 10 reader and writer, dump and JSON.
        .target(name: "DicomIO", dependencies: ["DicomCore", "DicomDictionary", "CZlib"], swiftSettings: strict),
        // The de-identification engine: pure; no terminal, no database.
        .target(
            name: "Deidentify",
            dependencies: ["DicomCore", "DicomDictionary", .product(name: "Crypto", package: "swift-crypto"), "TOMLKit"],
            swiftSettings: strict),
        // Hash-chained, signed audit log.
        .target(name: "Audit", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),

        // The review app: model, messages, update, views into a cell buffer, keymaps and themes. No curses.
        .target(name: "Workstation", dependencies: ["DicomCore", "TOMLKit"], swiftSettings: strict),
        // The only Swift code that calls ncurses: draws a cell buffer, reads keys and the mouse.
        .target(name: "Terminal", dependencies: ["Workstation", "CNcurses"], swiftSettings: strict),

        // The generator of the committed tables, and its testable core.
        .target(name: "StandardTables", swiftSettings: strict),
        .executableTarget(name: "dcmveil-generate", dependencies: ["StandardTables"], swiftSettings: strict),

        .executableTarget(
            name: "dcmveil",
            dependencies: [
                "DicomCore", "DicomDictionary", "DicomIO", "Deidentify", "Audit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),

        // Test support: builds data sets and files for the tests' own fixtures.
        .target(name: "DicomFixtures", dependencies: ["DicomCore", "DicomDictionary", "DicomIO"], path: "Tests/DicomFixtures", swiftSettings: strict),

        // libFuzzer target over the reader; built only by `make fuzz` (Tests/Fuzz/run).
        .executableTarget(name: "dcmveil-fuzz", dependencies: ["DicomIO"], path: "Tests/Fuzz", exclude: ["run"], swiftSettings: strict),

        .testTarget(name: "DicomCoreTests", dependencies: ["DicomCore"], swiftSettings: strict),
        .testTarget(name: "DicomDictionaryTests", dependencies: ["DicomDictionary", "StandardTables"], swiftSettings: strict),
        .testTarget(name: "DicomIOTests", dependencies: ["DicomIO", "DicomDictionary", "DicomFixtures"], swiftSettings: strict),
        .testTarget(name: "DeidentifyTests", dependencies: ["Deidentify", "DicomIO"], swiftSettings: strict),
        .testTarget(name: "AuditTests", dependencies: ["Audit"], swiftSettings: strict),
        // Workstation benchmark through the in-memory backend (build with -c release).
        .executableTarget(name: "dcmveil-workstation-bench", dependencies: ["Workstation"], path: "Tests/WorkstationBench", swiftSettings: strict),
        .testTarget(name: "WorkstationTests", dependencies: ["Workstation", "DicomCore"], exclude: ["Snapshots"], swiftSettings: strict),
        // Opens the curses terminal and waits to be signalled; the terminal tests check the restore.
        .executableTarget(name: "dcmveil-terminal-signal-helper", dependencies: ["Terminal", "Workstation"],
                          path: "Tests/TerminalSignalHelper", swiftSettings: strict),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Workstation", "dcmveil-terminal-signal-helper"], swiftSettings: strict),
        .testTarget(name: "StandardTablesTests", dependencies: ["StandardTables"], swiftSettings: strict),
    ]
)
