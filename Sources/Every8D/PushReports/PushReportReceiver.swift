import Foundation
@_spi(SMSInternals) import SMSTransport

/// The endpoint EVERY8D pushes delivery reports and replies to, minus the web framework: checks
/// the secret, reads the report, hands each report to your handler **once**, and says which HTTP
/// status to answer.
///
/// EVERY8D calls the URL you registered with a GET per report and calls again, up to ten times,
/// until it gets HTTP 200. The receiver keeps EVERY8D's repeats away from your handler through a
/// ``PushReportInbox``: the in-memory default (bounded) for one process, a `FileStateStore` for the
/// processes of one machine, the PostgreSQL store of the `Integrations` package for a fleet.
///
/// ```swift
/// let receiver = PushReportReceiver(secret: try PushReportSecret(secretFromYourSettings)) { report in
///     if report.isReply {
///         try await replies.store(from: report.mobile, text: report.text, at: report.reportedAt)
///     } else {
///         try await deliveries.update(batch: report.batchID, mobile: report.mobile, status: report.status)
///     }
/// }
/// // In any web framework's GET handler:
/// let answer = await receiver.receive(path: request.path, query: request.query)
/// return Response(status: answer.status, body: answer.body)
/// ```
///
/// | the call | ``PushReportAnswer/status`` | your handler |
/// | --- | --- | --- |
/// | a new report | 200 | runs once; its error gives 500 and the report is handled on EVERY8D's next call |
/// | a report handled before | 200 | does not run |
/// | the same report, still being handled in this process | 503 | does not run (EVERY8D calls again) |
/// | secret missing or wrong | 403 | does not run; nothing is read |
/// | no readable `STATUS` | 400 | does not run |
/// | the inbox cannot be reached | 503 | does not run |
///
/// Reports are told apart by their documented fields (``deduplicationKey(for:)``). The secret's
/// query parameter is removed before the report is read, so your handler never sees it. Keep the
/// handler quick (store the report, answer, work later): EVERY8D's patience is not documented.
/// The inbox forgets nothing by itself except the in-memory one's oldest keys: purge a shared
/// store now and then (`StateRetention`, or ``PushReportInbox/purgeInbox(before:)``).
public struct PushReportReceiver: Sendable {
    /// Receives each new report once; a thrown error makes the receiver answer 500, so that
    /// EVERY8D calls again and the report comes back.
    public typealias Handler = @Sendable (PushReport) async throws -> Void

    /// The shared secret, or `nil` to accept every caller.
    public let secret: PushReportSecret?
    /// Where handled reports are remembered.
    public let inbox: any PushReportInbox
    private let handler: Handler
    private let now: @Sendable () -> Date
    /// The reports being handled in this process, so that a repeat arriving meanwhile is told to
    /// call again rather than settled before the first has been.
    private let inProgress = Locked(Set<String>())

    /// Creates a receiver.
    ///
    /// - Parameters:
    ///   - secret: The secret the registered URL carries (default none: anyone may call).
    ///   - inbox: Where handled reports are remembered (default: a bounded one in this process's memory).
    ///   - now: The clock for the inbox's claims (default the system clock).
    ///   - handler: Receives each new report once.
    public init(secret: PushReportSecret? = nil, inbox: any PushReportInbox = InMemoryStateStore(),
                now: @escaping @Sendable () -> Date = { Date() }, handler: @escaping Handler) {
        self.secret = secret
        self.inbox = inbox
        self.now = now
        self.handler = handler
    }

    /// Receives one call from its path and raw query.
    ///
    /// - Parameters:
    ///   - path: The request's path, percent-encoded as it came (`/every8d/report/<secret>`); only
    ///     read for a secret in the last path segment.
    ///   - query: The raw query string, without the `?` (form-encoded: `+` is a space).
    /// - Returns: What happened, and the HTTP status to answer.
    public func receive(path: String = "", query: String) async -> PushReportAnswer {
        var fields = FormEncoding.decode(query)
        if let secret {
            guard Self.carries(secret, path: path, fields: fields) else { return PushReportAnswer(.forbidden) }
            let names = Set(secret.locations.compactMap { location -> String? in
                if case .queryParameter(let name) = location { return name.lowercased() }
                return nil
            })
            fields.removeAll { names.contains($0.name.lowercased()) }
        }
        let report: PushReport
        do {
            report = try PushReport(fields: fields)
        } catch {
            return PushReportAnswer(.notAReport)
        }
        return await handle(report)
    }

    /// Receives one call from its request target, as in the request line (`/path?query`), or a
    /// whole URL's text.
    ///
    /// - Parameter target: For example `/every8d/report?BatchID=…&STATUS=100`.
    /// - Returns: What happened, and the HTTP status to answer.
    public func receive(target: String) async -> PushReportAnswer {
        var text = Substring(target)
        if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
        guard let mark = text.firstIndex(of: "?") else { return await receive(path: String(text), query: "") }
        return await receive(path: String(text[..<mark]), query: String(text[text.index(after: mark)...]))
    }

    /// Receives one call from the URL EVERY8D called.
    ///
    /// - Parameter url: The URL, with its query.
    /// - Returns: What happened, and the HTTP status to answer.
    public func receive(url: URL) async -> PushReportAnswer {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        return await receive(path: components?.percentEncodedPath ?? "", query: components?.percentEncodedQuery ?? "")
    }

    /// The key a report is remembered by in the inbox: a digest of its documented fields (batch,
    /// number, status, times, reply text, references, charge, …), so a repeat of the same report is
    /// recognised and two reports that differ in any of them are not.
    ///
    /// - Parameter report: The report.
    /// - Returns: `every8d-push-` and 64 hexadecimal digits.
    public static func deduplicationKey(for report: PushReport) -> String {
        var text = ""
        for name in Self.keyFields {
            text += name + "=" + (report[field: name] ?? "") + "\n"
        }
        return "every8d-push-" + SHA256.hex(SHA256.hash(Array(text.utf8)))
    }

    private static let keyFields = ["BATCHID", "RM", "RT", "STATUS", "SM", "ST", "MR", "SUBJECT", "NAME", "SOURCE", "CHARGE", "TYPE", "MSGID", "USERID"]

    // MARK: Handling

    private func handle(_ report: PushReport) async -> PushReportAnswer {
        let key = Self.deduplicationKey(for: report)
        guard inProgress.withLock({ $0.insert(key).inserted }) else { return PushReportAnswer(.inProgress, report: report) }
        defer { inProgress.withLock { _ = $0.remove(key) } }
        let isNew: Bool
        do {
            isNew = try await inbox.claim(key, now: now())
        } catch {
            return PushReportAnswer(.inboxUnavailable, report: report, error: Self.shown(error))
        }
        guard isNew else { return PushReportAnswer(.duplicate, report: report) }
        do {
            try await handler(report)
        } catch {
            // Give the claim back so that EVERY8D's next call is handled; if that fails too, the
            // report stays claimed and is lost to the handler, which the error says.
            var shown = Self.shown(error)
            do {
                try await inbox.release(key)
            } catch {
                shown += "; the report stays claimed (\(Self.shown(error)))"
            }
            return PushReportAnswer(.handlerFailed, report: report, error: shown)
        }
        return PushReportAnswer(.handled, report: report)
    }

    private static func carries(_ secret: PushReportSecret, path: String, fields: [FormField]) -> Bool {
        // Every location is checked, so the time taken does not tell which one matched.
        var found = false
        for location in secret.locations {
            switch location {
            case .pathSegment:
                let segment = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? ""
                if secret.matches(FormEncoding.decodeComponent(segment.replacingOccurrences(of: "+", with: "%2B"))) { found = true }
            case .queryParameter(let name):
                if let value = fields.value(named: name), secret.matches(value) { found = true }
            }
        }
        return found
    }

    private static func shown(_ error: any Error) -> String {
        Redaction.preview(Redaction.redactedText(String(describing: error)), limit: 200)
    }
}
