import Foundation
import Metrics
import SMSTransport

/// Counts the SDK's calls with swift-metrics: requests, durations, messages sent and not sent,
/// points charged, sends whose outcome is unknown, login refusals, and the account's credit.
///
/// ```swift
/// var configuration = Every8DClient.Configuration()
/// configuration.observer = MetricsCallObserver()                  // MetricsSystem's factory
/// ```
///
/// Dimensions are few and bounded: `gateway` (`EVERY8D`, `EVERY8D SOAP`, `OMICard`), `operation`
/// (the SDK's fixed operation names, such as `SendSMS`) and `outcome` (the values of
/// `CallOutcome`, such as `success`, `partial`, `outcome_unknown`), plus the dimensions you add (an
/// account's name, say; never its user id or password). No phone number, batch id or error text
/// ever becomes a label.
///
/// | metric | type | dimensions | what |
/// | --- | --- | --- | --- |
/// | `sms_calls_total` | counter | gateway, operation, outcome | calls ended |
/// | `sms_call_duration_seconds` | timer | gateway, operation, outcome | a call, all attempts and waits included |
/// | `sms_requests_total` | counter | gateway, operation, outcome | attempts (HTTP requests, or failures to make one) |
/// | `sms_request_duration_seconds` | timer | gateway, operation, outcome | one attempt |
/// | `sms_messages_sent_total` | counter | gateway, operation | messages a send carried out (`SENDED`) |
/// | `sms_messages_unsent_total` | counter | gateway, operation | messages a send left out for lack of credit (`UNSEND`) |
/// | `sms_points_charged_total` | floating-point counter | gateway, operation | points charged |
/// | `sms_send_outcome_unknown_total` | counter | gateway, operation | sends that may or may not have gone out |
/// | `sms_login_refusals_total` | counter | gateway, operation, outcome | `login_refused` (the gateway refused the credentials) or `latched` (the latch refused a call) |
/// | `sms_credit_points` | gauge | gateway | the credit last reported (by a send or a credit query) |
///
/// Points and credit are exact `Decimal`s in the SDK; metrics take them as `Double`.
public struct MetricsCallObserver: CallObserver {
    /// The first part of every metric's name (default `sms`).
    public let prefix: String
    /// Dimensions added to every metric.
    public let dimensions: [(String, String)]
    private let factory: any MetricsFactory

    /// Creates an observer.
    ///
    /// - Parameters:
    ///   - prefix: The first part of every metric's name (default `sms`: `sms_calls_total`, …).
    ///   - dimensions: Dimensions added to every metric, such as `[("account", "marketing")]`
    ///     (default none). Keep them few and fixed.
    ///   - factory: Where metrics are made (default `MetricsSystem.factory`, the bootstrapped one).
    public init(prefix: String = "sms", dimensions: [(String, String)] = [], factory: any MetricsFactory = MetricsSystem.factory) {
        self.prefix = prefix
        self.dimensions = dimensions
        self.factory = factory
    }

    /// Records one event.
    public func observe(_ event: CallEvent) {
        guard let outcome = event.outcome?.description else { return }
        let call = dimensions + [("gateway", event.gateway), ("operation", event.operation)]
        let withOutcome = call + [("outcome", outcome)]
        switch event.phase {
        case .started:
            return
        case .attempted:
            Counter(label: name("requests_total"), dimensions: withOutcome, factory: factory).increment()
            timer("request_duration_seconds", withOutcome).recordNanoseconds(Self.nanoseconds(event.duration))
        case .finished:
            Counter(label: name("calls_total"), dimensions: withOutcome, factory: factory).increment()
            timer("call_duration_seconds", withOutcome).recordNanoseconds(Self.nanoseconds(event.duration))
            if let sent = event.sent, sent > 0 {
                Counter(label: name("messages_sent_total"), dimensions: call, factory: factory).increment(by: sent)
            }
            if let unsent = event.unsent, unsent > 0 {
                Counter(label: name("messages_unsent_total"), dimensions: call, factory: factory).increment(by: unsent)
            }
            if let points = event.points, points > 0 {
                FloatingPointCounter(label: name("points_charged_total"), dimensions: call, factory: factory).increment(by: Self.double(points))
            }
            if event.outcome == .outcomeUnknown {
                Counter(label: name("send_outcome_unknown_total"), dimensions: call, factory: factory).increment()
            }
            if event.outcome == .loginRefused || event.outcome == .latched {
                Counter(label: name("login_refusals_total"), dimensions: withOutcome, factory: factory).increment()
            }
            if let credit = event.credit {
                Gauge(label: name("credit_points"), dimensions: dimensions + [("gateway", event.gateway)], factory: factory)
                    .record(Self.double(credit))
            }
        }
    }

    private func name(_ suffix: String) -> String { prefix + "_" + suffix }

    private func timer(_ suffix: String, _ dimensions: [(String, String)]) -> Metrics.Timer {
        Metrics.Timer(label: name(suffix), dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ attoseconds / 1_000_000_000
    }

    static func double(_ value: Decimal) -> Double {
        NSDecimalNumber(decimal: value).doubleValue
    }
}
