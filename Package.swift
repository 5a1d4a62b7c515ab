// swift-tools-version:6.0
import PackageDescription

// Layers, one way (see ARCHITECTURE.md):
//   NewsModel (values: posts, feeds, the article model, the search query, text)
//   → NewsCore (the store through GRDB, feed parsing and import, HTML to text, HTTP)
//   → NewsUI (state, actions, reducer, key map, renderer into a cell grid; NewsModel only)
//   → NewsRuntime (the program: performs NewsUI's effects against NewsCore)
//   → NewsTerminal (the loop, curses, signals) → `newsreader` (the commands).
// NewsUI never sees GRDB, threads or the network; NewsCore never sees curses.
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
        // ncursesw.pc's -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 are dropped by SwiftPM
        // ("prohibited flag(s)" warning); the shim defines what curses needs itself.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CDeflate", path: "Sources/CDeflate", providers: [.apt(["libdeflate-dev"])]),
        // libcurl, loaded with dlopen on first use: curl.h (libcurl4-openssl-dev)
        // at build time, libcurl.so.4 (libcurl4) when a command fetches.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),

        // The values every layer shares, without GRDB: posts, feeds, months,
        // filters, the parsed search query, the article model, display width
        // and wrapping.
        .target(name: "NewsModel"),
        .target(name: "NewsCore", dependencies: [
            "NewsModel",
            .product(name: "GRDB", package: "GRDB.swift"),
            "CLibXML2",
            "CDeflate",
            "CCurl",
        ]),
        .target(name: "NewsUI", dependencies: ["NewsModel"]),
        // The program around the pure UI: performs its effects against the
        // store (writes on a queue of their own), searches as you type on a
        // thread, runs `R` as a child process, notices other processes' changes.
        .target(name: "NewsRuntime", dependencies: ["NewsUI", "NewsModel", "NewsCore"]),
        // Sync with a feed server (Tiny Tiny RSS first) through the store's sync tables.
        .target(name: "NewsSync", dependencies: ["NewsCore"]),
        // Signal handlers and the state they share with the main loop: C that
        // must be defined once in the binary (a header would give each module a copy).
        .target(name: "CTerminalSupport", dependencies: ["CNcursesw"]),
        .target(name: "NewsTerminal", dependencies: ["NewsRuntime", "NewsUI", "CNcursesw", "CTerminalSupport"]),
        // The config file (TOML) turned into NewsUI's Settings and NewsSync's SyncSettings.
        .target(name: "NewsConfig", dependencies: ["NewsUI", "NewsSync", .product(name: "TOMLKit", package: "TOMLKit")]),
        .executableTarget(name: "newsreader", dependencies: [
            "NewsCore", "NewsUI", "NewsRuntime", "NewsTerminal", "NewsConfig", "NewsSync",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Speed and memory figures on a synthetic store (see README).
        .executableTarget(name: "newsreader-bench", dependencies: [
            "NewsCore", "NewsUI", "NewsRuntime", "TestSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // What the tests share, without the store: the posts they use (one
        // builder), a temporary directory, expected screens with their
        // styles, and a scripted HTTP server on 127.0.0.1 (for the benchmark too).
        .target(name: "TestSupport", dependencies: ["CDeflate", "NewsModel", "NewsUI"], path: "Tests/TestSupport"),
        // The shared posts in stores, saved as an import saves them.
        .target(name: "StoreTestSupport", dependencies: ["TestSupport", "NewsCore", "NewsModel"],
                path: "Tests/StoreTestSupport"),
        .testTarget(name: "NewsCoreTests", dependencies: ["NewsCore", "NewsModel", "TestSupport", "StoreTestSupport"]),
        // The reducer, the key map and the renderer on values: no store, no GRDB.
        .testTarget(name: "NewsUITests", dependencies: ["NewsUI", "NewsModel", "TestSupport"]),
        // The program around them on real stores: writes, searches, refresh, following the store.
        .testTarget(name: "NewsRuntimeTests", dependencies: [
            "NewsRuntime", "NewsUI", "NewsModel", "NewsCore", "TestSupport", "StoreTestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "NewsConfigTests", dependencies: ["NewsConfig", "NewsUI"]),
        .testTarget(name: "NewsSyncTests", dependencies: ["NewsSync", "NewsCore", "NewsConfig"]),
        // ncurses itself on a pipe (how key sequences are decoded), the terminal
        // loop against a recording screen, and the C signal handlers.
        .testTarget(name: "NewsTerminalTests",
                    dependencies: ["NewsTerminal", "NewsRuntime", "NewsUI", "NewsModel", "NewsCore", "StoreTestSupport",
                                   "CNcursesw", "CTerminalSupport"]),
        // Runs the built `newsreader` binary, in tmux for the terminal UI.
        .testTarget(name: "EndToEndTests", dependencies: [
            "NewsCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
