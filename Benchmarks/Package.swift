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
    ],
    swiftLanguageModes: [.v6]
)
