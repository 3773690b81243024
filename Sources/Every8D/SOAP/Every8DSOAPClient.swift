import Foundation

/// A client for the legacy EVERY8D Web Services API 2.1 over SOAP
/// (`https://oms.every8d.com/API21/SOAP/SMS.asmx` and `MMS.asmx`), for accounts and integrations
/// that still use it.
///
/// It stands on the same transport, parsers, models, validation and errors as ``Every8DClient``
/// and its methods have the same names and results, so moving between the two is a one-line
/// change:
///
/// ```swift
/// let client = Every8DSOAPClient(                  // was: Every8DClient(
///     credentials: .init(userID: "…", password: "…"))
/// let receipt = try await client.sendSMS(to: ["0912345678"], text: "您的驗證碼 123456")
/// for try await report in client.deliveryReports(batch: receipt.batchID) { … }
/// ```
///
/// Both conform to ``Every8DMessaging``, so code can take either.
///
/// | SOAP web method | method |
/// | --- | --- |
/// | `getConnection` | ``connect()`` (or implicitly, on first need) |
/// | `closeConnection` | ``disconnect()`` |
/// | `sendSMS`, `sendMessage` | ``sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)`` (`sendMessage` when a validity is given) |
/// | `sendParamSMS` | ``sendPersonalizedSMS(_:subject:validity:eventID:idempotencyKey:)``, ``sendTemplateSMS(template:recipients:subject:validity:eventID:idempotencyKey:)`` |
/// | `getDeliveryStatus` | ``deliveryReportPage(batch:page:kind:format:)``, ``deliveryReports(batch:kind:format:)`` |
/// | `getCredit` | ``credit()`` |
/// | `eraseBooking`, `eraseMMSBooking` | ``cancelBooking(batch:kind:)`` |
/// | `sendMMS` (`MMS.asmx`) | ``sendMMS(to:subject:text:attachment:at:validity:eventID:idempotencyKey:)`` |
/// | `getMMSDeliveryStatus` (`MMS.asmx`) | the same with `kind: .mms` |
///
/// What a backend can rely on, as with the HTTP client:
/// - **Validation first.** Bad input throws `ValidationError(field:reason:)` before any request,
///   with the same checks and field names as ``Every8DClient``. What the SOAP API cannot carry
///   (an `EventID`, a per-message reference `MR`, a validity for `sendParamSMS`, GIF pictures) is
///   refused the same way rather than dropped.
/// - **Never a double send.** A send is repeated only when the gateway provably did not carry it
///   out: nothing left (see `TransportError.requestMayHaveBeenProcessed`), or the session key was
///   rejected (`-301`). Otherwise `SendOutcomeUnknownError`.
/// - **One session.** The session key from `getConnection` is shared by every copy of the client
///   and every concurrent call (one `getConnection` for all of them), used until the end of the
///   Taiwan day (the vendor: valid for the day), and renewed once (the call repeated once) when
///   the gateway answers `-301`. `getConnection`'s `-100`, `-101` and `-999` are never repeated:
///   the account locks after ten failed logins.
/// - **Faults are errors.** A SOAP fault, even with HTTP 500, is an ``Every8DSOAPFault``.
/// - **Nothing leaks.** The password and the session key never appear in errors or log records.
///
/// The client is a `Sendable` value; copies share the session key and the transport.
public struct Every8DSOAPClient: Sendable {
    /// The account (the same type as the HTTP client's).
    public typealias Credentials = Every8DClient.Credentials

    /// The account.
    public let credentials: Credentials
    /// The settings.
    public let configuration: Configuration
    /// The transport every request goes through.
    public let transport: any HTTPTransport
    /// The session key, the login latch and the password gate, in ``Configuration/credentialStore``.
    let keeper: SessionKeeper
    /// Runs every call: repeats, sessions, the login latch, logging and observation.
    let engine: CallEngine
    /// Service URLs built once (see `EndpointCache`).
    let endpoints = EndpointCache()

    /// Creates a client.
    ///
    /// Nothing is checked or sent here: the configuration is checked (and `getConnection` called)
    /// on the first call.
    ///
    /// - Parameters:
    ///   - credentials: The account's user id and password.
    ///   - configuration: The settings (default: `https://oms.every8d.com`, SOAP 1.1).
    ///   - transport: How requests are sent (default: a new `URLSessionTransport`). Pass an
    ///     `SMSSandbox` gateway or your own transport to test without the network.
    public init(credentials: Credentials, configuration: Configuration = Configuration(), transport: any HTTPTransport = URLSessionTransport()) {
        self.credentials = credentials
        self.configuration = configuration
        self.transport = transport
        self.engine = CallEngine(gateway: "EVERY8D SOAP", transport: self.transport, readRetryPolicy: configuration.readRetryPolicy,
                                  unsentRetryPolicy: configuration.unsentRetryPolicy, logger: configuration.logger,
                                  observer: configuration.observer, now: configuration.now)
        let retries = configuration.readRetryPolicy
        self.keeper = SessionKeeper(
            store: configuration.credentialStore,
            identity: AccountIdentity(vendor: "EVERY8D", api: "every8d-soap", site: configuration.siteURL.absoluteString,
                                      userID: credentials.userID, password: credentials.password),
            settings: .init(expiry: Self.sessionExpiry, latchPolicy: configuration.loginLatch,
                            leaseDuration: configuration.timeout * retries.maxAttempts + retries.maxDelay * retries.maxAttempts + .seconds(5),
                            now: configuration.now))
    }
}
