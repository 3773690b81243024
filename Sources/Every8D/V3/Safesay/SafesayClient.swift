import Foundation

/// A client for Safesay, EVERY8D's interactive-reply chat (section 6 of the API 3.0
/// specification): an SMS sent with an `eventid` carries a link to a chat room of that channel;
/// customers who open it can chat with you there.
///
/// ```swift
/// let safesay = SafesayClient(
///     credentials: .init(account: "…", password: "…"),
///     configuration: .init(pack: "…"))
/// let receipt = try await safesay.send(SafesayMessage(eventID: 22, to: .mobile("0912345678"), content: .text("您好")))
/// let file = try await safesay.downloadFile(eventID: 22, fileID: event.fileID!)   // from a webhook's SafesayEvent
/// ```
///
/// Messages from customers arrive at your webhook: read them with ``SafesayWebhookReceiver``.
///
/// **The day's token.** Safesay answers `gettoken` with a token valid until midnight (Taiwan
/// time), usable for any number of calls, and **only the token fetched last is valid**: each fetch,
/// by any process, ends the one before. So the client fetches one on first need and keeps it in
/// ``Configuration/credentialStore`` until midnight; clients that share a store (several processes
/// with `FileStateStore` or PostgreSQL) share one token and one fetch, instead of ending each
/// other's. A call whose token Safesay refuses gets a new token and is repeated once.
///
/// Safesay reports every failure as `{"Result":false,"Status":"-99","Msg":"…"}`: an
/// ``Every8DError`` with code `-99` and Safesay's message. A refused `gettoken` (wrong account or
/// password) engages the login latch, as EVERY8D's logins do.
///
/// The client is a `Sendable` value; copies share the token.
public struct SafesayClient: Sendable {
    /// The account.
    public let credentials: Credentials
    /// The settings.
    public let configuration: Configuration
    /// The transport every request goes through.
    public let transport: any HTTPTransport
    /// The day's token and the login latch, in ``Configuration/credentialStore``.
    let keeper: SessionKeeper
    /// Runs every call: repeats, sessions, the login latch, logging and observation.
    let engine: CallEngine
    /// The site, checked when the client was made; an invalid one is thrown by every call.
    let site: Result<V3Site, any Error>

    /// Creates a client.
    ///
    /// Nothing is sent here; the site and pack are checked on the first call.
    ///
    /// - Parameters:
    ///   - credentials: The Safesay account and password.
    ///   - configuration: The settings, with the pack EVERY8D gave you.
    ///   - transport: How requests are sent (default: a new `URLSessionTransport` whose response
    ///     limit is ``Configuration/maxFileBytes``, so that files up to that size can be downloaded).
    public init(credentials: Credentials, configuration: Configuration, transport: (any HTTPTransport)? = nil) {
        self.credentials = credentials
        self.configuration = configuration
        self.transport = transport ?? URLSessionTransport(configuration: .init(maxResponseBytes: max(configuration.maxFileBytes, 1 << 20)))
        self.engine = CallEngine(gateway: "Safesay", transport: self.transport, readRetryPolicy: configuration.readRetryPolicy,
                                  unsentRetryPolicy: configuration.unsentRetryPolicy, logger: configuration.logger,
                                  observer: configuration.observer, now: configuration.now)
        let site = Result { try V3Site(siteURL: configuration.siteURL, allowsInsecureHTTP: configuration.allowsInsecureHTTP) }
        self.site = site
        self.keeper = SessionKeeper(
            store: configuration.credentialStore,
            identity: AccountIdentity(vendor: "Safesay", api: "safesay", site: "\(configuration.siteURL.absoluteString)/v2/\(configuration.pack)",
                                      userID: credentials.account, password: credentials.password),
            settings: .init(expiry: { Safesay.tokenExpiry(issuedAt: $0) }, earlyRefresh: 0, latchPolicy: configuration.loginLatch,
                            leaseDuration: configuration.loginLeaseDuration, now: configuration.now))
    }
}
