import Foundation

/// A client for the EVERY8D SMS gateway, API 2.1 over HTTP.
///
/// ```swift
/// let client = Every8DClient(
///     credentials: .init(userID: "…", password: "…"),
///     configuration: .init(siteURL: URL(string: "https://new.e8d.tw")!))
/// let receipt = try await client.sendSMS(to: ["0912345678"], text: "您的驗證碼 123456")
/// for try await report in client.deliveryReports(batch: receipt.batchID) { … }
/// ```
///
/// Every call of the API is a method: tokens (``connect()``, ``checkConnection()``,
/// ``disconnect()``), sends (``sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)``, the duplicate
/// filter, personalized and template sends, MMS), queries (``credit()``, delivery status, replies,
/// one page or all pages) and cancellations. ``PushReport`` reads what the gateway pushes to your
/// URL, and ``CostEstimator`` estimates points offline.
///
/// What a backend can rely on:
/// - **Validation first.** Bad input throws `ValidationError(field:reason:)`, naming the gateway's
///   field, before any request is made.
/// - **Never a double send.** A send is repeated only when the gateway provably did not carry it
///   out: the connection was refused (or similar, see `TransportError.requestMayHaveBeenProcessed`),
///   or the token was rejected. A timeout or a dropped connection after the request left throws
///   `SendOutcomeUnknownError` with what you need to check.
/// - **Tokens handled.** In token mode (the default) one token is fetched on first need, shared by
///   every copy of the client and every concurrent call, renewed after
///   ``Configuration/tokenLifetime``, and renewed once (the call repeated once) when the gateway
///   rejects it. Closing it is up to you.
/// - **Typed results and errors.** Decimals are exact, times are Taiwan time, the gateway's errors
///   are ``Every8DError`` with the numeric code, and nothing prints the password or the token.
///
/// The client is a `Sendable` value; copies share the token and the transport.
public struct Every8DClient: Sendable {
    /// The account.
    public let credentials: Credentials
    /// The settings.
    public let configuration: Configuration
    /// The transport every request goes through.
    public let transport: any HTTPTransport
    /// The token, the login latch and the password gate, in ``Configuration/credentialStore``.
    let keeper: SessionKeeper
    /// Runs every call: repeats, sessions, the login latch, logging and observation.
    let engine: CallEngine
    /// Endpoint URLs built once (see `EndpointCache`).
    let endpoints = EndpointCache()

    /// What EVERY8D adds to the shared redaction rules: its token answer
    /// `{"Result":true,"Msg":"<token>"}` holds the token in `Msg` (a send result in the same
    /// envelope, `CREDIT,SENDED,…`, holds commas and is not hidden). Every request the client
    /// builds carries them, so that printing the answer to a token fetch never shows the token.
    package static let redactionRules = RedactionRules(secretAnswers: [
        .init(member: "Msg", whenMember: "Result", hasValue: "true", unlessContaining: ","),
    ])

    /// Creates a client.
    ///
    /// Nothing is checked or sent here: the configuration is checked (and a token fetched) on the
    /// first call.
    ///
    /// - Parameters:
    ///   - credentials: The account's user id and password.
    ///   - configuration: The settings (default: `https://new.e8d.tw`, token mode).
    ///   - transport: How requests are sent (default: a new `URLSessionTransport`). Pass an
    ///     `SMSSandbox` gateway or your own transport to test without the network.
    public init(credentials: Credentials, configuration: Configuration = Configuration(), transport: any HTTPTransport = URLSessionTransport()) {
        self.credentials = credentials
        self.configuration = configuration
        self.transport = transport
        self.engine = CallEngine(gateway: "EVERY8D", transport: self.transport, readRetryPolicy: configuration.readRetryPolicy,
                                  unsentRetryPolicy: configuration.unsentRetryPolicy, logger: configuration.logger,
                                  observer: configuration.observer, now: configuration.now)
        let lifetime = configuration.tokenLifetime
        self.keeper = SessionKeeper(
            store: configuration.credentialStore,
            identity: AccountIdentity(vendor: "EVERY8D", api: "every8d-http", site: configuration.siteURL.absoluteString,
                                      userID: credentials.userID, password: credentials.password),
            settings: .init(expiry: { $0.addingTimeInterval(lifetime.timeInterval) }, latchPolicy: configuration.loginLatch,
                            leaseDuration: configuration.loginLeaseDuration, now: configuration.now))
    }
}
