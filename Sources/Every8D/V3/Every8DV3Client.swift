import Foundation

/// A client for EVERY8D's JSON API 3.0 (`https://e8dapi.e8d.tw/<custcode>/<endpoint>`), with the
/// same methods, models and errors as ``Every8DClient`` (API 2.1).
///
/// ```swift
/// let client = Every8DV3Client(
///     credentials: .init(userID: "…", password: "…"),
///     configuration: .init(custcode: "e8d"))
/// let receipt = try await client.sendSMS(to: ["0912345678"], text: "您的驗證碼 123456")
/// for try await report in client.deliveryReports(batch: receipt.batchID) { … }
/// ```
///
/// Code written against ``Every8DMessaging`` moves from 2.1 to 3.0 by constructing this client
/// instead of ``Every8DClient``: the receipts, delivery reports, replies and errors are the same
/// types (3.0's statuses are ``Every8DError/Code`` members such as
/// ``Every8DError/Code/wrongCustcode``, next to 2.1's negative codes).
///
/// **Authentication and round trips.** A 3.0 call carries the user id and either the password
/// (`pwd`) or a token from `getoken`; a token is valid ten minutes and for **one** call only. So:
/// - in ``AuthenticationMode/password`` mode (the default) each call is one round trip with the
///   password in its body. An account that does not allow this answers `531` (nothing was carried
///   out): the client then switches to tokens for good (this client and its copies) and repeats
///   that call once with a token;
/// - in ``AuthenticationMode/token`` mode each call is two round trips: a fresh token from
///   `getoken` (which carries the password), then the call with it. A token is never presented
///   twice, never shared between calls or processes, and never stored; a repeat (a read after a
///   temporary failure, or after the gateway answered `502` for the token) gets a new one.
///
/// What a backend can rely on, as with 2.1:
/// - **Validation first.** Bad input throws `ValidationError` naming the 3.0 member
///   (`mobiles[2]`, `recipientdatalist[1].params`, …) and the value, before anything is sent.
/// - **Never a double send.** A send is repeated only when the gateway provably did not carry it
///   out (`502`, `531`, nothing left this machine); `511`, `503`, `504`, `599`, an unknown status or
///   a lost answer throw `SendOutcomeUnknownError`. Sends take an `idempotencyKey`.
/// - **The login latch.** `505` (wrong user id or password) and `509` (suspended or locked), from
///   `getoken` or a call, stop every later call locally (`CredentialsRefusedError`) until the
///   credentials change or ``resetLoginRefusal()``; 50 concurrent calls with a wrong password make
///   one request. `507` (wrong custcode) fails at once, without repeats.
/// - **No secrets in output.** Descriptions, errors and log records never show the password or a token.
///
/// The client is a `Sendable` value; copies share the latch and the switch to tokens.
public struct Every8DV3Client: Sendable {
    /// The account: user id (`uid`) and password (`pwd`), the same type as 2.1's.
    public typealias Credentials = Every8DClient.Credentials

    /// The account.
    public let credentials: Credentials
    /// The settings.
    public let configuration: Configuration
    /// The transport every request goes through.
    public let transport: any HTTPTransport
    /// The login latch and the password gate, in ``Configuration/credentialStore`` (3.0 tokens are never stored).
    let keeper: SessionKeeper
    /// Runs every call: repeats, sessions, the login latch, logging and observation.
    let engine: CallEngine
    /// Whether password calls were refused with `531` (shared by copies).
    let passwordRefusal: V3PasswordRefusal
    /// The site and custcode, checked when the client was made; an invalid one is thrown by every call.
    let site: Result<V3Site, any Error>

    /// Creates a client.
    ///
    /// Nothing is sent here. The site and custcode are checked now, and an invalid one is thrown
    /// (`ValidationError` for `siteURL` or `custcode`) by every call.
    ///
    /// - Parameters:
    ///   - credentials: The account's user id and password.
    ///   - configuration: The settings (default: `https://e8dapi.e8d.tw`, custcode `e8d`, password mode).
    ///   - transport: How requests are sent (default: a new `URLSessionTransport`). Pass an
    ///     `SMSSandbox` gateway or your own transport to test without the network.
    public init(credentials: Credentials, configuration: Configuration = Configuration(), transport: any HTTPTransport = URLSessionTransport()) {
        self.credentials = credentials
        self.configuration = configuration
        self.transport = transport
        self.engine = CallEngine(gateway: "EVERY8D", transport: self.transport, readRetryPolicy: configuration.readRetryPolicy,
                                  unsentRetryPolicy: configuration.unsentRetryPolicy, logger: configuration.logger,
                                  observer: configuration.observer, now: configuration.now)
        let site = Result { try V3Site(siteURL: configuration.siteURL, custcode: configuration.custcode, allowsInsecureHTTP: configuration.allowsInsecureHTTP) }
        self.site = site
        let place = (try? site.get()).map { $0.base.appendingPathComponent($0.custcode).absoluteString } ?? configuration.siteURL.absoluteString
        self.keeper = SessionKeeper(
            store: configuration.credentialStore,
            identity: AccountIdentity(vendor: "EVERY8D", api: "every8d-v3", site: place, userID: credentials.userID, password: credentials.password),
            settings: .init(expiry: { $0 }, latchPolicy: configuration.loginLatch, leaseDuration: configuration.loginLeaseDuration,
                            now: configuration.now))
        self.passwordRefusal = V3PasswordRefusal()
    }
}

/// Remembers that the account refused password authentication (`531`), so that the client and its
/// copies use tokens from then on.
actor V3PasswordRefusal {
    /// Whether a call was answered `531`.
    private(set) var isRefused = false

    /// Records a `531`.
    func record() { isRefused = true }
}
