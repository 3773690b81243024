// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for every parser of the SDK, in a package of their own that depends on the
// root by path. Build and run them with `Fuzz/run.sh` (it passes `-sanitize=fuzzer,address`, which
// instruments the SDK's modules too and links libFuzzer's own `main`).
let targets = [
    "SendResult", "DeliveryTAB", "DeliveryJSON", "DeliveryXML", "DeliveryDifferential", "ReplyPage", "HandlerJSON",
    "PushReport", "OmiCardResponse", "CSV", "XMLTree", "Scalars", "FormEncoding", "SOAPEnvelope", "V3Answers",
]

let package = Package(
    name: "swift-tw-sms-fuzz",
    dependencies: [.package(name: "swift-tw-sms", path: "..")],
    targets: [
        .target(name: "LibFuzzerDriver", path: "Support/LibFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["LibFuzzerDriver"], path: "Support/FuzzSupport"),
    ] + targets.map { name in
        .executableTarget(
            name: "Fuzz\(name)",
            dependencies: [
                "FuzzSupport",
                .product(name: "SMSTransport", package: "swift-tw-sms"),
                .product(name: "Every8D", package: "swift-tw-sms"),
                .product(name: "OmiCard", package: "swift-tw-sms"),
            ],
            path: "Targets/\(name)"
        )
    },
    swiftLanguageModes: [.v6]
)
