// swift-tools-version:6.0
import PackageDescription

// Layers, one way: NewsCore (store, model, parsing) → NewsUI (state, reducer,
// renderer into a cell grid) → NewsTerminal (copies the grid to ncursesw) →
// the `newsreader` executable (commands and the main loop).
let package = Package(
    name: "newsreader",
    products: [
        .executable(name: "newsreader", targets: ["newsreader"]),
        .executable(name: "newsreader-bench", targets: ["newsreader-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // System libraries from Debian packages (libncursesw5-dev, libxml2-dev, libdeflate-dev).
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CDeflate", path: "Sources/CDeflate", providers: [.apt(["libdeflate-dev"])]),

        .target(name: "NewsCore", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
            "CLibXML2",
            "CDeflate",
        ]),
        .target(name: "NewsUI", dependencies: ["NewsCore"]),
        .target(name: "NewsTerminal", dependencies: ["NewsUI", "CNcursesw"]),
        // The config file (TOML) turned into NewsUI's Settings.
        .target(name: "NewsConfig", dependencies: ["NewsUI", .product(name: "TOMLKit", package: "TOMLKit")]),
        .executableTarget(name: "newsreader", dependencies: [
            "NewsCore", "NewsUI", "NewsTerminal", "NewsConfig",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Speed and memory figures on a synthetic store (see README).
        .executableTarget(name: "newsreader-bench", dependencies: [
            "NewsCore", "NewsUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "NewsCoreTests", dependencies: ["NewsCore"]),
        .testTarget(name: "NewsUITests", dependencies: ["NewsUI", "NewsCore", "NewsConfig"]),
        // ncurses itself, on a pipe instead of a terminal: how key sequences are decoded.
        .testTarget(name: "NewsTerminalTests", dependencies: ["NewsTerminal", "NewsUI", "CNcursesw"]),
        // Runs the built `newsreader` binary, in tmux for the terminal UI.
        .testTarget(name: "EndToEndTests", dependencies: [
            "NewsCore", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ],
    swiftLanguageModes: [.v5]
)
