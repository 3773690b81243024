import Foundation

/// Receives Safesay's webhook: the JSON POST EVERY8D makes to your `WebhookUrl` for every message a
/// customer sends into a chat room. Give it the request's raw body (and its path and query, for
/// the secret); answer the POST with ``SafesayWebhookAnswer/status``.
///
/// ```swift
/// let receiver = try SafesayWebhookReceiver(secret: "<a long random value in your WebhookUrl>") { event in
///     try await chats.store(event)              // runs once per MessageID
/// }
/// // in your HTTP route for POST /safesay/<secret>:
/// let answer = await receiver.receive(body: requestBody, target: request.uri)
/// // respond with answer.status (and answer.body as text/plain)
/// ```
///
/// - **Once per message.** Each `MessageID` is claimed in the ``PushReportInbox`` before the handler
///   runs: a repeat of the same message (EVERY8D repeating a POST that got no 200, or another
///   process sharing the inbox) is answered 200 without running the handler again. Share one inbox
///   (`FileStateStore`, PostgreSQL) between the processes behind the URL.
/// - **A failed handler** (it throws) gives the claim back and answers 500, so that a repeat of
///   the POST is handled; the specification does not say whether EVERY8D repeats, as it does for
///   2.1's push reports.
/// - **The secret.** EVERY8D signs nothing and the specification only asks you to accept EVERY8D's
///   addresses (and TLS 1.2+). With a secret, a call without it in the URL (the last path segment,
///   or a `secret` query parameter) is answered 403 before the body is read; the comparison takes
///   the same time wherever the values differ, and the secret never appears in descriptions.
/// - **Quick.** The specification says nothing about the answer; EVERY8D gets 200 with `OK` once
///   the handler returned. Keep the handler short (store the event, work on it later).
public struct SafesayWebhookReceiver: Sendable, CustomStringConvertible {
    /// What runs once for each new message.
    public typealias Handler = @Sendable (SafesayEvent) async throws -> Void

    private let inbox: any PushReportInbox
    private let secretDigest: [UInt8]?
    private let retention: Duration
    private let now: @Sendable () -> Date
    private let handler: Handler
    private let inFlight = SafesayWebhookClaims()

    /// Creates a receiver.
    ///
    /// - Parameters:
    ///   - secret: A value your `WebhookUrl` carries as its last path segment or as the query
    ///     parameter `secret`, or `nil` for none (default). Use a long random value.
    ///   - inbox: Where handled messages are remembered (default: a new in-memory store, for one process).
    ///   - retention: How long a handled message is remembered (default 7 days).
    ///   - now: The clock (default the system clock).
    ///   - handler: Runs once for each new message; throw to have the POST answered 500.
    /// - Throws: `ValidationError` (field `secret`, value not shown) for an empty secret.
    public init(secret: String? = nil, inbox: any PushReportInbox = InMemoryStateStore(), retention: Duration = .seconds(7 * 86_400),
                now: @escaping @Sendable () -> Date = { Date() }, handler: @escaping Handler) throws {
        if let secret, secret.isEmpty {
            throw ValidationError(field: "secret", reason: "must not be empty (use a long random value, such as a UUID)")
        }
        self.secretDigest = secret.map { SHA256.hash(Array($0.utf8)) }
        self.inbox = inbox
        self.retention = retention
        self.now = now
        self.handler = handler
    }

    /// Handles one POST.
    ///
    /// - Parameters:
    ///   - body: The request's body, as received.
    ///   - target: The request's path and query as received (`/safesay/hook?secret=…`), or a whole
    ///     URL; needed only with a secret.
    /// - Returns: What happened and the HTTP answer to give.
    public func receive(body: Data, target: String = "") async -> SafesayWebhookAnswer {
        if let secretDigest, !Self.carries(secretDigest, in: target) { return SafesayWebhookAnswer(.forbidden) }
        let event: SafesayEvent
        do {
            event = try SafesayEvent(json: body)
        } catch {
            return SafesayWebhookAnswer(.notAnEvent, error: Redaction.redactedText(String(describing: error)))
        }
        let key = "safesay." + SHA256.hex(SHA256.hash(Array(event.messageID.utf8)))
        guard await inFlight.begin(key) else { return SafesayWebhookAnswer(.inProgress, event: event) }
        let answer = await handle(event, key: key)
        await inFlight.end(key)
        return answer
    }

    /// Claims the message in the inbox and runs the handler if it is new.
    private func handle(_ event: SafesayEvent, key: String) async -> SafesayWebhookAnswer {
        let at = now()
        do {
            guard try await inbox.claim(key, now: at) else { return SafesayWebhookAnswer(.duplicate, event: event) }
        } catch {
            return SafesayWebhookAnswer(.inboxUnavailable, event: event, error: String(describing: type(of: error)))
        }
        // About one message in a hundred sweeps out those past the retention.
        if Int.random(in: 0..<100) == 0 { _ = try? await inbox.purgeInbox(before: at.addingTimeInterval(-retention.timeInterval)) }
        do {
            try await handler(event)
        } catch {
            try? await inbox.release(key)
            return SafesayWebhookAnswer(.handlerFailed, event: event, error: Redaction.preview(Redaction.redactedText(String(describing: error)), limit: 200))
        }
        return SafesayWebhookAnswer(.handled, event: event)
    }

    /// `SafesayWebhookReceiver(secret: <redacted>)` or `(no secret)`.
    public var description: String {
        "SafesayWebhookReceiver(\(secretDigest == nil ? "no secret" : "secret: \(Redaction.placeholder)"))"
    }

    /// Whether `target`'s last path segment or `secret` query parameter is the secret, compared as
    /// SHA-256 digests so that neither the length nor the first difference shows in the time taken.
    private static func carries(_ digest: [UInt8], in target: String) -> Bool {
        guard let components = URLComponents(string: target) else { return false }
        var candidates = components.queryItems?.filter { $0.name.caseInsensitiveEquals("secret") }.compactMap(\.value) ?? []
        if let last = components.path.split(separator: "/").last { candidates.append(String(last).removingPercentEncoding ?? String(last)) }
        var found = false
        for candidate in candidates {
            let other = SHA256.hash(Array(candidate.utf8))
            var difference: UInt8 = 0
            for index in digest.indices { difference |= digest[index] ^ other[index] }
            found = found || difference == 0
        }
        return found
    }
}

/// The messages being handled in this process, so that a repeat arriving meanwhile is asked to
/// come back later instead of being answered 200 before the first handler has succeeded.
private actor SafesayWebhookClaims {
    private var keys: Set<String> = []

    func begin(_ key: String) -> Bool { keys.insert(key).inserted }
    func end(_ key: String) { keys.remove(key) }
}
