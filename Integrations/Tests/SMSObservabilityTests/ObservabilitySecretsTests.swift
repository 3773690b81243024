import Every8D
import Foundation
import InMemoryLogging
import InMemoryTracing
import Logging
import MetricsTestKit
import OmiCard
import SMSLogging
import SMSMetrics
import SMSSandbox
import SMSTracing
@_spi(SMSInternals) import SMSTransport
import Testing
import Tracing

/// The secrets sweep, for what the observers hand to swift-log, swift-metrics and tracing: a
/// session of every client, with refused credentials and failures, and not one password, token or
/// session key in a log record, a metric's label or dimension, or a span.
@Suite("Observability secrets sweep")
struct ObservabilitySecretsTests {
    static let tokenAccount = Every8DSandboxAccount(userID: "obs-token", password: "Pw-0xDEADBEEF-obs-秘密+&=", credit: 1000)
    static let passwordAccount = Every8DSandboxAccount(userID: "obs-pwd", password: "Pw-0xFEEDFACE-obs 秘密+&=%", credit: 1000)
    static let soapAccount = Every8DSandboxAccount(userID: "obs-soap", password: "Pw-0xC0FFEE11-obs<&>\"'", credit: 1000)
    static let wrongPassword = "Pw-0x0BADF00D-obs-wrong+&="
    static let omiAccount = OmiCardSandboxAccount(loginName: "obs-omi", password: "Pw-0xBADC0DE1-obs-秘密+&=")
    static let fast = RetryPolicy(maxAttempts: 2, initialDelay: .zero, maxDelay: .zero, jitter: false)

    @Test("no password, token or session key reaches a log record, a metric or a span")
    func sweep() async throws {
        let logs = InMemoryLogHandler()
        var logger = Logger(label: "sweep") { _ in logs }
        logger.logLevel = .trace
        let metrics = TestMetrics()
        let tracer = InMemoryTracer()
        let logging = LoggingCallObserver(logger: logger)
        let observer = MultiplexCallObserver([TracingCallObserver(tracer: tracer), logging, MetricsCallObserver(factory: metrics)])

        let sandbox = Every8DSandbox(accounts: [Self.tokenAccount, Self.passwordAccount, Self.soapAccount])
        func every8d(_ account: Every8DSandboxAccount, password: String? = nil, mode: Every8DClient.AuthenticationMode) -> Every8DClient {
            var configuration = Every8DClient.Configuration(siteURL: Every8DSandbox.demoSiteURL, authentication: mode, readRetryPolicy: Self.fast,
                                                            unsentRetryPolicy: Self.fast, logger: logging.transportLogger)
            configuration.observer = observer
            return Every8DClient(credentials: .init(userID: account.userID, password: password ?? account.password),
                                 configuration: configuration, transport: sandbox)
        }
        for (account, mode) in [(Self.tokenAccount, Every8DClient.AuthenticationMode.token), (Self.passwordAccount, .password)] {
            let client = every8d(account, mode: mode)
            let receipt = try await client.sendSMS(to: ["0912345679", "0912345670"], text: "秘密測試 sweep", subject: "sweep")
            _ = try await client.credit()
            _ = try await client.deliveryReportPage(batch: receipt.batchID)
            _ = try await client.replyPage(batch: receipt.batchID)
            await sandbox.network.enqueueFault(.connectionDropped, endpoint: "SendSMS.ashx")
            _ = try? await client.sendSMS(to: ["0912345671"], text: "dropped")
            await sandbox.network.enqueueFault(.internalServerError, endpoint: "GetCredit.ashx", count: 2)
            _ = try? await client.credit()
            await sandbox.network.enqueueFault(.expiredToken)
            _ = try? await client.credit()
            let wrong = every8d(account, password: Self.wrongPassword, mode: mode)
            _ = try? await wrong.credit()
            _ = try? await wrong.sendSMS(to: ["0912345672"], text: "latched")
        }

        var soapConfiguration = Every8DSOAPClient.Configuration(siteURL: Every8DSandbox.demoSiteURL, readRetryPolicy: Self.fast,
                                                               unsentRetryPolicy: Self.fast, logger: logging.transportLogger)
        soapConfiguration.observer = observer
        let soap = Every8DSOAPClient(credentials: .init(userID: Self.soapAccount.userID, password: Self.soapAccount.password),
                                     configuration: soapConfiguration, transport: sandbox)
        _ = try await soap.connect()
        _ = try await soap.sendSMS(to: ["0912345679"], text: "秘密 SOAP <&>", subject: "sweep")
        _ = try await soap.credit()

        let omiSandbox = OmiCardSandbox(accounts: [Self.omiAccount])
        var omiConfiguration = OmiCardClient.Configuration(baseURL: URL(string: "https://omi.invalid/WebAPI")!, logger: logging.transportLogger)
        omiConfiguration.observer = observer
        for password in [Self.omiAccount.password, Self.wrongPassword] {
            let omi = OmiCardClient(credentials: .init(loginName: Self.omiAccount.loginName, password: password),
                                    configuration: omiConfiguration, transport: omiSandbox)
            _ = try? await omi.sendSMS(SMSJob(content: "秘密 OMI", smsList: ["0912345670"]))
        }

        // The secrets: the passwords, and every token and session key that crossed the wire.
        var secrets = [Self.tokenAccount.password, Self.passwordAccount.password, Self.soapAccount.password, Self.wrongPassword,
                       Self.omiAccount.password]
        var tokens: Set<String> = []
        var sessionKeys: Set<String> = []
        for recorded in await sandbox.network.requests() {
            if let bearer = recorded.request.headers["Authorization"], bearer.hasPrefix("Bearer ") { tokens.insert(String(bearer.dropFirst(7))) }
            let body = String(decoding: recorded.request.body, as: UTF8.self)
            if let open = body.range(of: "<sessionKey>"), let close = body.range(of: "</sessionKey>", range: open.upperBound..<body.endIndex) {
                sessionKeys.insert(String(body[open.upperBound..<close.lowerBound]))
            }
        }
        #expect(tokens.count >= 2, "a token, and another after the expired one")
        #expect(!sessionKeys.isEmpty)
        secrets += tokens.sorted() + sessionKeys.sorted()

        // Everything the three observers produced.
        var seen: [String] = []
        for entry in logs.entries {
            seen.append(entry.message.description)
            seen += entry.metadata.map { "\($0.key)=\($0.value)" }
        }
        for counter in metrics.counters { seen.append(counter.label); seen += counter.dimensions.map { "\($0.0)=\($0.1)" } }
        for timer in metrics.timers { seen.append(timer.label); seen += timer.dimensions.map { "\($0.0)=\($0.1)" } }
        for recorder in metrics.recorders { seen.append(recorder.label); seen += recorder.dimensions.map { "\($0.0)=\($0.1)" } }
        for span in tracer.finishedSpans {
            seen.append(span.operationName)
            span.attributes.forEach { key, value in seen.append("\(key)=\(value)") }
            for event in span.events {
                seen.append(event.name)
                event.attributes.forEach { key, value in seen.append("\(key)=\(value)") }
            }
            seen += span.errors.map { "\($0.error)" }
            seen.append(span.status?.message ?? "")
        }
        #expect(logs.entries.contains { $0.level == .warning }, "warnings were logged")
        #expect(logs.entries.contains { $0.metadata["sms.error"] != nil }, "errors were logged")
        #expect(tracer.finishedSpans.contains { !$0.errors.isEmpty }, "errors were recorded")
        #expect(seen.count > 500, "collected \(seen.count) texts")

        for secret in secrets {
            let forms = [secret, FormEncoding.percentEncode(secret), secret.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? secret]
            for text in seen {
                for form in forms where text.contains(form) {
                    Issue.record("a secret (\(secret.prefix(6))…) reached an observer: \(text.prefix(200))")
                }
            }
        }
    }
}
