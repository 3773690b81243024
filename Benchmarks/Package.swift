// swift-tools-version:6.1
import PackageDescription

// The SDK's benchmarks, in a package of their own so that the SDK itself depends on nothing.
// Run them (and the Python baseline, with the ratios) with `Benchmarks/run.sh`; see BENCHMARKS.md.
let benchmarkTarget: (String, [Target.Dependency]) -> Target = { name, extra in
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark"), "BenchSupport"] + extra,
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "swift-tw-sms-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "swift-tw-sms", path: ".."),
        // For the network benchmarks only: the AsyncHTTPClient transport, and SwiftNIO for the
        // TLS server and the delay proxy they run against.
        .package(name: "swift-tw-sms-integrations", path: "../Integrations"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Fixtures, the in-process transports and the hand-written floors shared by the suites.
        .target(
            name: "BenchSupport",
            dependencies: [
                .product(name: "SMSTransport", package: "swift-tw-sms"),
                .product(name: "Every8D", package: "swift-tw-sms"),
                .product(name: "OmiCard", package: "swift-tw-sms"),
            ]
        ),
        benchmarkTarget("Parsing", [.product(name: "Every8D", package: "swift-tw-sms"), .product(name: "OmiCard", package: "swift-tw-sms")]),
        benchmarkTarget("CallOverhead", [.product(name: "Every8D", package: "swift-tw-sms")]),
        benchmarkTarget("Scale", [.product(name: "Every8D", package: "swift-tw-sms")]),
        benchmarkTarget("Loopback", [.product(name: "Every8D", package: "swift-tw-sms")]),
        benchmarkTarget("StateStores", [.product(name: "SMSTransport", package: "swift-tw-sms")]),
        // The per-call comparison again, with the SDK and its floor taking turns in one process
        // (a plain executable: the harness runs each benchmark in a process of its own).
        .executableTarget(
            name: "Paired",
            dependencies: ["BenchSupport", .product(name: "Every8D", package: "swift-tw-sms")],
            path: "Paired"
        ),
        // What users feel over a network: connections per send, latency through a delay proxy,
        // and what libcurl does with a kept-alive connection closed under a POST (plain
        // executables: each prints its own table; `Benchmarks/run.sh` runs them).
        .executableTarget(
            name: "Network",
            dependencies: [
                "BenchSupport",
                .product(name: "Every8D", package: "swift-tw-sms"),
                .product(name: "SMSTransport", package: "swift-tw-sms"),
                .product(name: "SMSAsyncHTTPClient", package: "swift-tw-sms-integrations"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Network"
        ),
        // A campaign of 10,000 or 1,000,000 recipients against a gateway that keeps nothing,
        // beside a hand-written chunked floor; one run a process, so that its peak RSS is its own.
        .executableTarget(
            name: "Campaign",
            dependencies: ["BenchSupport", .product(name: "Every8D", package: "swift-tw-sms")],
            path: "Campaign"
        ),
    ],
    swiftLanguageModes: [.v6]
)
