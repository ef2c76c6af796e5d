// swift-tools-version:6.0
// PostTrace: open tracking for international postal (UPU S10) items.
// Dependencies point one way: S10 → PostTraceCore → PostTraceStore → PostTraceServer → posttrace.
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "PostTrace",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "S10", targets: ["S10"]),
        .library(name: "PostTraceCore", targets: ["PostTraceCore"]),
        .library(name: "PostTraceStore", targets: ["PostTraceStore"]),
        .library(name: "PostTraceServer", targets: ["PostTraceServer"]),
        .library(name: "MessageCheck", targets: ["MessageCheck"]),
        .executable(name: "posttrace", targets: ["posttrace"]),
    ],
    targets: [
        // C libraries enter through systemLibrary targets only.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),

        .target(name: "S10", swiftSettings: strict),
        .target(
            name: "PostTraceCore",
            dependencies: ["S10"],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .target(
            name: "MessageCheck",
            dependencies: ["S10", "PostTraceCore"],
            resources: [.copy("Rules")],
            swiftSettings: strict
        ),
        .target(
            name: "PostTraceStore",
            dependencies: ["S10", "PostTraceCore", "CSQLite", "CPostgres", "CZlib"],
            swiftSettings: strict
        ),
        .target(
            name: "PostTraceServer",
            dependencies: ["S10", "PostTraceCore", "PostTraceStore", "MessageCheck", "CMicroHTTPD", "CCrypto", "CCurl", "CQRencode"],
            resources: [.copy("Assets"), .copy("openapi.json")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "posttrace",
            dependencies: ["S10", "PostTraceCore", "PostTraceStore", "PostTraceServer", "MessageCheck"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "Benchmarks",
            dependencies: ["S10", "PostTraceCore", "PostTraceStore", "PostTraceServer", "MessageCheck"],
            path: "Benchmarks",
            swiftSettings: strict
        ),

        // Shared by the test targets only: per-test temporary files and servers, and blocking work off the pool.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "S10Tests", dependencies: ["S10", "PostTraceCore"], swiftSettings: strict),
        .testTarget(name: "PostTraceCoreTests", dependencies: ["PostTraceCore"], swiftSettings: strict),
        .testTarget(name: "MessageCheckTests", dependencies: ["MessageCheck", "PostTraceCore", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "PostTraceStoreTests", dependencies: ["PostTraceStore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "PostTraceServerTests", dependencies: ["PostTraceServer", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CLITests", dependencies: ["S10", "TestSupport"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
