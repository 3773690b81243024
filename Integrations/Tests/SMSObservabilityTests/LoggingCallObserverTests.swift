import Every8D
import Foundation
import InMemoryLogging
import Logging
@testable import SMSLogging
import SMSTransport
import Testing

@Suite("LoggingCallObserver")
struct LoggingCallObserverTests {
    static func logger(level: Logger.Level = .trace) -> (Logger, InMemoryLogHandler) {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "sms-test") { _ in handler }
        logger.logLevel = level
        return (logger, handler)
    }

    static func string(_ value: Logger.Metadata.Value?) -> String? {
        value.map { "\($0)" }
    }

    @Test("a send: trace when it starts and for the answered attempt, debug when it succeeds, with the call's metadata")
    func normalPath() async throws {
        let (logger, logs) = Self.logger()
        let observed = ObservedSandbox()
        let client = observed.client(observer: LoggingCallObserver(logger: logger))
        let receipt = try await client.sendSMS(to: ["0912345670", "0912345671"], text: "您好")

        let send = logs.entries.filter { Self.string($0.metadata["sms.operation"]) == "SendSMS" }
        #expect(send.map(\.level) == [.trace, .trace, .debug])
        #expect(send.map(\.message.description) == ["SMS call started", "SMS call attempt answered", "SMS call succeeded"])
        let finished = try #require(send.last)
        #expect(Self.string(finished.metadata["sms.gateway"]) == "EVERY8D")
        #expect(Self.string(finished.metadata["sms.outcome"]) == "success")
        #expect(Self.string(finished.metadata["sms.attempt"]) == "1")
        #expect(Self.string(finished.metadata["sms.http_status"]) == "200")
        #expect(Self.string(finished.metadata["sms.batch_id"]) == receipt.batchID)
        #expect(Self.string(finished.metadata["sms.recipients"]) == "2")
        #expect(Self.string(finished.metadata["sms.sent"]) == "2")
        #expect(Self.string(finished.metadata["sms.unsent"]) == "0")
        #expect(Self.string(finished.metadata["sms.points"]) == "2")
        #expect(Self.string(finished.metadata["sms.credit"]) == "98")
        #expect(Self.string(finished.metadata["sms.call_id"]) == Self.string(send[0].metadata["sms.call_id"]))
        #expect(finished.metadata["sms.duration_ms"] != nil)
        // The token the send needed was fetched by a call of its own (its own records and call id),
        // run inside the send's: after the send started, before its attempt.
        let token = logs.entries.filter { Self.string($0.metadata["sms.operation"]) == "GetToken" }
        #expect(token.map(\.message.description) == ["SMS call started", "SMS call attempt answered", "SMS call succeeded"])
        let tokenCall = try #require(Self.string(token.first?.metadata["sms.call_id"]))
        #expect(tokenCall != Self.string(send[0].metadata["sms.call_id"]))
        #expect(logs.entries.map { Self.string($0.metadata["sms.operation"]) ?? "-" } == ["SendSMS", "GetToken", "GetToken", "GetToken", "SendSMS", "SendSMS"])
        // At info, the normal path says nothing.
        let (quiet, quietLogs) = Self.logger(level: .info)
        _ = try await observed.client(observer: LoggingCallObserver(logger: quiet)).sendSMS(to: ["0912345670"], text: "hi")
        #expect(quietLogs.entries.isEmpty)
    }

    @Test("a partial send is a warning with the batch and the counts")
    func partialSend() async throws {
        let (logger, logs) = Self.logger(level: .info)
        let observed = ObservedSandbox()
        await observed.leaveCreditForOne()
        let receipt = try await observed.client(observer: LoggingCallObserver(logger: logger)).sendSMS(to: ["0912345670", "0912345671", "0912345672"], text: "hi")
        #expect(receipt.unsent == 2)
        let warning = try #require(logs.entries.first)
        #expect(logs.entries.count == 1)
        #expect(warning.level == .warning)
        #expect(warning.message.description.hasPrefix("SMS send partly carried out"))
        #expect(Self.string(warning.metadata["sms.outcome"]) == "partial")
        #expect(Self.string(warning.metadata["sms.sent"]) == "1")
        #expect(Self.string(warning.metadata["sms.unsent"]) == "2")
        #expect(Self.string(warning.metadata["sms.batch_id"]) == receipt.batchID)
    }

    @Test("a send whose outcome is unknown is a warning; a failed attempt before it is debug")
    func outcomeUnknown() async throws {
        let (logger, logs) = Self.logger(level: .debug)
        let observed = ObservedSandbox()
        let client = observed.client(observer: LoggingCallObserver(logger: logger))
        _ = try await client.credit()
        logs.clear()
        await observed.dropNextSend()
        await #expect(throws: SendOutcomeUnknownError.self) { try await client.sendSMS(to: ["0912345670"], text: "hi") }
        #expect(logs.entries.map(\.level) == [.debug, .warning])
        let warning = try #require(logs.entries.last)
        #expect(warning.message.description.hasPrefix("SMS send outcome unknown"))
        #expect(Self.string(warning.metadata["sms.outcome"]) == "outcome_unknown")
        #expect(Self.string(warning.metadata["sms.error"])?.isEmpty == false)
    }

    @Test("the gateway refusing the credentials, then the latch refusing the next call: two warnings")
    func loginLatch() async throws {
        let (logger, logs) = Self.logger(level: .info)
        let observed = ObservedSandbox()
        let client = observed.client(observer: LoggingCallObserver(logger: logger), password: "wrong-password", authentication: .password)
        await #expect(throws: (any Error).self) { try await client.credit() }
        await #expect(throws: CredentialsRefusedError.self) { try await client.credit() }
        #expect(logs.entries.map(\.level) == [.warning, .warning])
        #expect(logs.entries.map { Self.string($0.metadata["sms.outcome"]) } == ["login_refused", "latched"])
        #expect(logs.entries[0].message.description.contains("refused the credentials"))
        #expect(logs.entries[1].message.description.contains("login latch"))
    }

    @Test("the transport logger: each redacted request and response at trace, the partial-send warning left to the observer")
    func transportLogger() async throws {
        let (logger, logs) = Self.logger()
        let observed = ObservedSandbox()
        await observed.leaveCreditForOne()
        let logging = LoggingCallObserver(logger: logger)
        _ = try await observed.client(observer: nil, logger: logging.transportLogger).sendSMS(to: ["0912345670", "0912345671"], text: "hi")
        let operations = logs.entries.map { "\(Self.string($0.metadata["sms.operation"]) ?? "?")#\(Self.string($0.metadata["sms.attempt"]) ?? "?")" }
        #expect(operations == ["GetToken#1", "GetToken#1", "SendSMS#1", "SendSMS#1"])
        #expect(logs.entries.allSatisfy { $0.level == .trace })
        #expect(logs.entries[0].message.description.hasPrefix("→ GetToken#1 POST"))
        #expect(logs.entries[3].message.description.hasPrefix("← SendSMS#1 HTTP 200"))
        #expect(Self.string(logs.entries[3].metadata["sms.http_status"]) == "200")
        #expect(!logs.entries.contains { $0.message.description.contains(ObservedSandbox.account.password) })
    }

    @Test("milliseconds with three decimals")
    func milliseconds() {
        #expect(LoggingCallObserver.milliseconds(.milliseconds(12) + .microseconds(345)) == "12.345")
        #expect(LoggingCallObserver.milliseconds(.zero) == "0.000")
        #expect(LoggingCallObserver.milliseconds(.seconds(2) + .microseconds(7)) == "2000.007")
    }
}
