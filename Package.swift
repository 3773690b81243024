// swift-tools-version:6.0
import PackageDescription

// No third-party dependencies: an app that imports the SDK fetches nothing else.
// Tooling that needs packages (benchmarks) lives in its own package in a sub-folder.
let package = Package(
    name: "swift-tw-sms",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    products: [
        .library(name: "SMSTransport", targets: ["SMSTransport"]),
        .library(name: "Every8D", targets: ["Every8D"]),
        .library(name: "OmiCard", targets: ["OmiCard"]),
        .library(name: "SMSSandbox", targets: ["SMSSandbox"]),
        // The examples: `swift run every8d demo`, `swift run omicard --help`.
        .executable(name: "every8d", targets: ["every8d"]),
        .executable(name: "omicard", targets: ["omicard"]),
    ],
    targets: [
        .target(name: "SMSTransport"),
        .target(name: "Every8D", dependencies: ["SMSTransport"]),
        .target(name: "OmiCard", dependencies: ["SMSTransport"]),
        // The sandbox charges by the SDK's own tariff (CostEstimator): one billing table.
        .target(name: "SMSSandbox", dependencies: ["SMSTransport", "Every8D"]),
        // A raw-socket HTTP/1.1 server on 127.0.0.1 for tests; in no product, so apps never get it.
        .target(name: "LoopbackHTTPServer", path: "Tests/LoopbackHTTPServer"),
        .testTarget(name: "SMSTransportTests", dependencies: ["SMSTransport", "LoopbackHTTPServer"]),
        // The checks every state store must pass (in no product): run here against the in-memory
        // and file stores, and in Integrations/ (through a symbolic link) against PostgreSQL.
        // A sandbox gateway behind the loopback server, for tests that run real processes.
        .target(name: "SandboxHTTPServer", dependencies: ["SMSTransport", "LoopbackHTTPServer"], path: "Tests/SandboxHTTPServer"),
        // The checks every state store must pass, in one process and in four (in no product): run
        // here against the in-memory and file stores, and in Integrations/ (through symbolic
        // links) against PostgreSQL. The probe is the process the multi-process checks start.
        .target(name: "StateStoreConformance", dependencies: ["SMSTransport", "SMSSandbox", "LoopbackHTTPServer", "SandboxHTTPServer"],
                path: "Tests/StateStoreConformance"),
        .target(name: "StateProbeSupport", dependencies: ["Every8D", "SMSTransport"], path: "Tests/StateProbeSupport"),
        .executableTarget(name: "StateProbe", dependencies: ["StateProbeSupport", "SMSTransport"], path: "Tests/StateProbe"),
        .testTarget(name: "StateStoreTests", dependencies: ["SMSTransport", "StateStoreConformance"]),
        .testTarget(name: "Every8DTests", dependencies: ["Every8D"], exclude: ["Fixtures"]),
        .testTarget(name: "OmiCardTests", dependencies: ["OmiCard"]),
        .testTarget(name: "SMSSandboxTests", dependencies: ["SMSSandbox", "Every8D", "OmiCard"]),
        // Examples: command implementations as libraries (tested in-process), thin executables.
        .target(name: "CLISupport", dependencies: ["SMSTransport"], path: "Examples/CLISupport"),
        .target(name: "Every8DCommands", dependencies: ["CLISupport", "Every8D", "SMSSandbox"], path: "Examples/Every8DCommands"),
        .target(name: "OmiCardCommands", dependencies: ["CLISupport", "OmiCard", "SMSSandbox"], path: "Examples/OmiCardCommands"),
        .executableTarget(name: "every8d", dependencies: ["Every8DCommands"], path: "Examples/every8d"),
        .executableTarget(name: "omicard", dependencies: ["OmiCardCommands"], path: "Examples/omicard"),
        .testTarget(
            name: "ExamplesTests",
            dependencies: ["Every8DCommands", "OmiCardCommands", "SMSSandbox", "Every8D", "OmiCard", "LoopbackHTTPServer", "SandboxHTTPServer"]),
    ],
    swiftLanguageModes: [.v6]
)
