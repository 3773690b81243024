import Foundation

/// One request as a sandbox gateway received it, for inspection in tests.
///
/// Its `description` is redacted (it shows ``TransportRequest/description``); the ``request``
/// itself holds the bytes exactly as sent, credentials included, so keep it out of logs.
public struct SandboxRecordedRequest: Sendable, Hashable, CustomStringConvertible {
    /// The endpoint the request was routed to, for example `"SendSMS.ashx"`,
    /// `"MMS/SendMMS.ashx"` or `"SMS.aspx"`; empty when the path matched no endpoint.
    public let endpoint: String
    /// The request exactly as received.
    public let request: TransportRequest
    /// When it arrived, by the sandbox clock.
    public let receivedAt: Date
    /// The fault applied to it, if any.
    public let fault: SandboxFault?

    public var description: String {
        let shown = endpoint.isEmpty ? "(no endpoint)" : endpoint
        return fault.map { "\(shown) [\($0)]: \(request)" } ?? "\(shown): \(request)"
    }
}

/// The simulated network between a client and one sandbox gateway: it records every request and
/// injects the faults a test queued.
///
/// Faults are consumed in the order they were queued: each request takes the first queued rule
/// whose endpoint matches (or that names no endpoint), and a rule is dropped once it has been
/// used `count` times.
public actor SandboxNetwork {
    private struct Rule {
        var fault: SandboxFault
        var endpoint: String?
        var remaining: Int
    }

    private var rules: [Rule] = []
    private var log: [SandboxRecordedRequest] = []

    /// Creates an empty network: no faults queued, nothing received.
    public init() {}

    /// Queues a fault for the next matching requests.
    ///
    /// - Parameters:
    ///   - fault: What goes wrong.
    ///   - endpoint: The endpoint it applies to (`"SendSMS.ashx"`, `"MMS/SendMMS.ashx"`,
    ///     `"SMS.aspx"`, …, compared ignoring case), or `nil` for any request.
    ///   - count: How many requests it applies to (default 1; `Int.max` for every one).
    public func enqueueFault(_ fault: SandboxFault, endpoint: String? = nil, count: Int = 1) {
        guard count > 0 else { return }
        rules.append(Rule(fault: fault, endpoint: endpoint, remaining: count))
    }

    /// Removes every queued fault.
    public func clearFaults() {
        rules.removeAll()
    }

    /// How many requests the queued faults will still affect in total.
    public var pendingFaultCount: Int {
        rules.reduce(0) { total, rule in total &+ rule.remaining }
    }

    /// The requests received so far, oldest first.
    ///
    /// - Parameter endpoint: Only those routed to this endpoint (ignoring case), or `nil` for all.
    /// - Returns: The recorded requests.
    public func requests(endpoint: String? = nil) -> [SandboxRecordedRequest] {
        guard let endpoint else { return log }
        return log.filter { $0.endpoint.caseInsensitiveEquals(endpoint) }
    }

    /// How many requests were received.
    ///
    /// - Parameter endpoint: Only those routed to this endpoint (ignoring case), or `nil` for all.
    /// - Returns: The count.
    public func requestCount(endpoint: String? = nil) -> Int {
        requests(endpoint: endpoint).count
    }

    /// Forgets the recorded requests (queued faults stay).
    public func clearLog() {
        log.removeAll()
    }

    /// Records a request and returns the fault to apply to it, if any.
    func receive(_ request: TransportRequest, endpoint: String, at now: Date) -> SandboxFault? {
        var fault: SandboxFault?
        if let index = rules.firstIndex(where: { $0.endpoint.map { $0.caseInsensitiveEquals(endpoint) } ?? true }) {
            fault = rules[index].fault
            rules[index].remaining -= 1
            if rules[index].remaining <= 0 { rules.remove(at: index) }
        }
        log.append(SandboxRecordedRequest(endpoint: endpoint, request: request, receivedAt: now, fault: fault))
        return fault
    }
}
