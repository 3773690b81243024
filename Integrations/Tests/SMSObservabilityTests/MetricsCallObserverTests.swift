import Every8D
import Foundation
import Metrics
import MetricsTestKit
import SMSMetrics
import SMSTransport
import Testing

@Suite("MetricsCallObserver")
struct MetricsCallObserverTests {
    static func send(_ outcome: String) -> [(String, String)] {
        [("gateway", "EVERY8D"), ("operation", "SendSMS"), ("outcome", outcome)]
    }

    static let sendCall = [("gateway", "EVERY8D"), ("operation", "SendSMS")]

    @Test("a send: calls, requests, their durations, messages, points and the credit gauge")
    func send() async throws {
        let metrics = TestMetrics()
        let observed = ObservedSandbox()
        let client = observed.client(observer: MetricsCallObserver(factory: metrics))
        _ = try await client.sendSMS(to: ["0912345670", "0912345671", "+14155550100"], text: "您好")

        #expect(try metrics.expectCounter("sms_calls_total", Self.send("success")).totalValue == 1)
        #expect(try metrics.expectCounter("sms_requests_total", Self.send("success")).totalValue == 1)
        #expect(try metrics.expectTimer("sms_call_duration_seconds", Self.send("success")).values.count == 1)
        #expect(try metrics.expectTimer("sms_request_duration_seconds", Self.send("success")).values.count == 1)
        #expect(try metrics.expectTimer("sms_call_duration_seconds", Self.send("success")).displayUnit == .seconds)
        #expect(try metrics.expectCounter("sms_messages_sent_total", Self.sendCall).totalValue == 3)
        #expect(metrics.counters(label: "sms_messages_unsent_total").isEmpty)
        // 1 + 1 + 3 points (abroad costs three times as much).
        #expect(try metrics.expectCounter("sms_points_charged_total", Self.sendCall).totalValue == 5)
        #expect(try metrics.expectGauge("sms_credit_points", [("gateway", "EVERY8D")]).lastValue == 95)
        // The token call is counted too, under its own operation.
        #expect(try metrics.expectCounter("sms_calls_total", [("gateway", "EVERY8D"), ("operation", "GetToken"), ("outcome", "success")]).totalValue == 1)

        await observed.sandbox.state.setCredit(42.5, for: ObservedSandbox.account.userID)
        _ = try await client.credit()
        #expect(try metrics.expectGauge("sms_credit_points", [("gateway", "EVERY8D")]).lastValue == 42.5)
    }

    @Test("a partial send counts the unsent messages; an outcome-unknown send is counted; attempts are counted by outcome")
    func partialAndUnknown() async throws {
        let metrics = TestMetrics()
        let observed = ObservedSandbox()
        let client = observed.client(observer: MetricsCallObserver(factory: metrics))
        await observed.leaveCreditForOne()
        _ = try await client.sendSMS(to: ["0912345670", "0912345671", "0912345672"], text: "hi")
        #expect(try metrics.expectCounter("sms_calls_total", Self.send("partial")).totalValue == 1)
        #expect(try metrics.expectCounter("sms_messages_sent_total", Self.sendCall).totalValue == 1)
        #expect(try metrics.expectCounter("sms_messages_unsent_total", Self.sendCall).totalValue == 2)
        #expect(try metrics.expectGauge("sms_credit_points", [("gateway", "EVERY8D")]).lastValue == 0)

        await observed.sandbox.state.setCredit(10, for: ObservedSandbox.account.userID)
        await observed.dropNextSend()
        await #expect(throws: SendOutcomeUnknownError.self) { try await client.sendSMS(to: ["0912345670"], text: "hi") }
        #expect(try metrics.expectCounter("sms_send_outcome_unknown_total", Self.sendCall).totalValue == 1)
        #expect(try metrics.expectCounter("sms_calls_total", Self.send("outcome_unknown")).totalValue == 1)
        #expect(try metrics.expectCounter("sms_requests_total", Self.send("outcome_unknown")).totalValue == 1)

        // A read that fails once and is repeated: one retrying request, one successful, one call.
        await observed.sandbox.network.enqueueFault(.internalServerError, endpoint: "GetCredit.ashx")
        _ = try await client.credit()
        let credit = [("gateway", "EVERY8D"), ("operation", "GetCredit")]
        #expect(try metrics.expectCounter("sms_requests_total", credit + [("outcome", "retrying")]).totalValue == 1)
        #expect(try metrics.expectCounter("sms_requests_total", credit + [("outcome", "success")]).totalValue == 1)
        #expect(try metrics.expectCounter("sms_calls_total", credit + [("outcome", "success")]).totalValue == 1)
    }

    @Test("login refusals: the gateway's, then the latch's")
    func loginRefusals() async throws {
        let metrics = TestMetrics()
        let observed = ObservedSandbox()
        let client = observed.client(observer: MetricsCallObserver(factory: metrics), password: "wrong-password", authentication: .password)
        await #expect(throws: (any Error).self) { try await client.credit() }
        await #expect(throws: CredentialsRefusedError.self) { try await client.credit() }
        await #expect(throws: CredentialsRefusedError.self) { try await client.sendSMS(to: ["0912345670"], text: "hi") }
        let credit = [("gateway", "EVERY8D"), ("operation", "GetCredit")]
        #expect(try metrics.expectCounter("sms_login_refusals_total", credit + [("outcome", "login_refused")]).totalValue == 1)
        #expect(try metrics.expectCounter("sms_login_refusals_total", credit + [("outcome", "latched")]).totalValue == 1)
        #expect(try metrics.expectCounter("sms_login_refusals_total", Self.send("latched")).totalValue == 1)
    }

    @Test("a prefix and dimensions of your own; every label value comes from a small fixed set")
    func prefixAndBoundedDimensions() async throws {
        let metrics = TestMetrics()
        let observed = ObservedSandbox()
        let client = observed.client(observer: MetricsCallObserver(prefix: "texts", dimensions: [("account", "marketing")], factory: metrics))
        for index in 0..<5 {
            _ = try await client.sendSMS(to: ["091234567\(index)"], text: "message \(index)")
        }
        _ = try await client.credit()
        let labels = Set(metrics.counters.map(\.label) + metrics.timers.map(\.label) + metrics.recorders.map(\.label))
        #expect(labels.allSatisfy { $0.hasPrefix("texts_") })
        #expect(try metrics.expectCounter("texts_calls_total", [("account", "marketing")] + Self.send("success")).totalValue == 5)
        let dimensions = metrics.counters.flatMap(\.dimensions) + metrics.timers.flatMap(\.dimensions) + metrics.recorders.flatMap(\.dimensions)
        #expect(Set(dimensions.map(\.0)).isSubset(of: ["account", "gateway", "operation", "outcome"]))
        #expect(Set(dimensions.filter { $0.0 == "operation" }.map(\.1)) == ["GetToken", "SendSMS", "GetCredit"])
        #expect(Set(dimensions.filter { $0.0 == "outcome" }.map(\.1)) == ["success"])
    }
}
