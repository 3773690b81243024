// swift-tools-version:6.0
import PackageDescription

// Integrations of the SDK with third-party packages, in a package of their own so that the SDK
// itself depends on nothing. One module per integration, each a library product named `SMS…`.
let package = Package(
    name: "swift-tw-sms-integrations",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SMSAsyncHTTPClient", targets: ["SMSAsyncHTTPClient"]),
        .library(name: "SMSPostgres", targets: ["SMSPostgres"]),
        .library(name: "SMSLogging", targets: ["SMSLogging"]),
        .library(name: "SMSMetrics", targets: ["SMSMetrics"]),
        .library(name: "SMSTracing", targets: ["SMSTracing"]),
        .library(name: "SMSHummingbird", targets: ["SMSHummingbird"]),
    ],
    dependencies: [
        .package(name: "swift-tw-sms", path: ".."),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        .target(name: "SMSAsyncHTTPClient", dependencies: [
            .product(name: "SMSTransport", package: "swift-tw-sms"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .target(name: "SMSPostgres", dependencies: [
            .product(name: "SMSTransport", package: "swift-tw-sms"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Call events to swift-log, swift-metrics and swift-distributed-tracing.
        .target(name: "SMSLogging", dependencies: [
            .product(name: "SMSTransport", package: "swift-tw-sms"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "SMSMetrics", dependencies: [
            .product(name: "SMSTransport", package: "swift-tw-sms"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        .target(name: "SMSTracing", dependencies: [
            .product(name: "SMSTransport", package: "swift-tw-sms"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
        ]),
        // The push-report receiver as a Hummingbird route.
        .target(name: "SMSHummingbird", dependencies: [
            .product(name: "Every8D", package: "swift-tw-sms"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),

        // Test support, in no product. The loopback HTTP server is the root package's own
        // (Tests/LoopbackHTTPServer), reached through a symbolic link rather than copied.
        .target(name: "LoopbackHTTPServer", path: "Tests/LoopbackHTTPServer"),
        // A real PostgreSQL server for the tests: the one in SMS_TEST_POSTGRES_URL, or a
        // throw-away cluster it starts itself.
        .target(name: "PostgresTestSupport", dependencies: [
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        ]),

        // The root package's state-store checks, the sandbox behind a loopback server and the
        // probe process's logic (symbolic links to Tests/ there), and the probe for PostgreSQL.
        .target(name: "SandboxHTTPServer", dependencies: [
            "LoopbackHTTPServer", .product(name: "SMSTransport", package: "swift-tw-sms"),
        ], path: "Tests/SandboxHTTPServer"),
        .target(name: "StateStoreConformance", dependencies: [
            "LoopbackHTTPServer", "SandboxHTTPServer",
            .product(name: "SMSTransport", package: "swift-tw-sms"),
            .product(name: "SMSSandbox", package: "swift-tw-sms"),
        ], path: "Tests/StateStoreConformance"),
        .target(name: "StateProbeSupport", dependencies: [
            .product(name: "SMSTransport", package: "swift-tw-sms"),
            .product(name: "Every8D", package: "swift-tw-sms"),
        ], path: "Tests/StateProbeSupport"),
        .executableTarget(name: "PostgresStateProbe", dependencies: [
            "SMSPostgres", "StateProbeSupport", "PostgresTestSupport",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ], path: "Tests/PostgresStateProbe"),
        // What the PostgreSQL store adds to a call, on a server on loopback (run by hand; BENCHMARKS.md).
        .executableTarget(name: "PostgresStateBenchmark", dependencies: [
            "SMSPostgres", "PostgresTestSupport",
            .product(name: "SMSTransport", package: "swift-tw-sms"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ], path: "Benchmarks/PostgresStateBenchmark"),

        .testTarget(name: "SMSAsyncHTTPClientTests", dependencies: [
            "SMSAsyncHTTPClient",
            "LoopbackHTTPServer",
            .product(name: "SMSTransport", package: "swift-tw-sms"),
            .product(name: "Every8D", package: "swift-tw-sms"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "SMSPostgresTests", dependencies: [
            "SMSPostgres", "StateStoreConformance", "PostgresTestSupport",
            .product(name: "SMSTransport", package: "swift-tw-sms"),
            .product(name: "Every8D", package: "swift-tw-sms"),
            .product(name: "SMSSandbox", package: "swift-tw-sms"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .testTarget(name: "SMSObservabilityTests", dependencies: [
            "SMSLogging", "SMSMetrics", "SMSTracing",
            .product(name: "SMSTransport", package: "swift-tw-sms"),
            .product(name: "Every8D", package: "swift-tw-sms"),
            .product(name: "OmiCard", package: "swift-tw-sms"),
            .product(name: "SMSSandbox", package: "swift-tw-sms"),
            .product(name: "InMemoryLogging", package: "swift-log"),
            .product(name: "MetricsTestKit", package: "swift-metrics"),
            .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
        ]),
        .testTarget(name: "SMSHummingbirdTests", dependencies: [
            "SMSHummingbird",
            .product(name: "Every8D", package: "swift-tw-sms"),
            .product(name: "SMSSandbox", package: "swift-tw-sms"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "PostgresTestSupportTests", dependencies: [
            "PostgresTestSupport",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
