import Foundation

extension Every8DSOAPClient {
    /// The SOAP version of the envelopes the client sends.
    public enum SOAPVersion: String, Sendable, Hashable, CaseIterable {
        /// SOAP 1.1 (the default): `Content-Type: text/xml; charset=utf-8` and a
        /// `SOAPAction: "http://tempuri.org/<method>"` header.
        case soap11 = "1.1"
        /// SOAP 1.2: `Content-Type: application/soap+xml; charset=utf-8; action="http://tempuri.org/<method>"`.
        case soap12 = "1.2"
    }

    /// The client's settings. Every property has a documented default; the names match
    /// ``Every8DClient/Configuration`` so that moving between the two clients is easy.
    public struct Configuration: Sendable {
        /// `https://oms.every8d.com`, the host the SOAP documents give.
        public static let defaultSiteURL = URL(string: "https://oms.every8d.com")!

        /// The account's site (default ``defaultSiteURL``).
        ///
        /// A path prefix is kept and `/API21/SOAP/SMS.asmx` or `/API21/SOAP/MMS.asmx` is appended
        /// (`https://host/prefix` → `https://host/prefix/API21/SOAP/SMS.asmx`). A URL that already
        /// ends in `/API21/SOAP`, or in `/API21/SOAP/SMS.asmx` or `MMS.asmx`, is used up to
        /// `/API21/SOAP`. Query and fragment are ignored.
        public var siteURL: URL
        /// The envelope version (default ``SOAPVersion/soap11``).
        public var soapVersion: SOAPVersion
        /// The overall deadline of one HTTP request, from sending to the last byte of the answer
        /// (default 30 seconds).
        public var timeout: Duration
        /// How reads (credit, delivery status, `getConnection`) are repeated after a failure that
        /// may be temporary (default `RetryPolicy.default`: three attempts). `getConnection` is
        /// also repeated on `-97` (busy), never on `-100`, `-101` or `-999`.
        public var readRetryPolicy: RetryPolicy
        /// How a send (or a cancellation) is repeated when the transport proves nothing left
        /// (connection refused, host not found, TLS failure) (default `RetryPolicy.default`).
        ///
        /// A send whose request may have reached the gateway is never repeated, whatever this says.
        public var unsentRetryPolicy: RetryPolicy
        /// Whether `http://` site URLs are allowed (default `false`: calls to an `http` site fail
        /// with a `ValidationError` for `siteURL` before anything is sent).
        public var allowsInsecureHTTP: Bool
        /// Whether Taiwan mobiles written `09xxxxxxxx` are sent as `+8869xxxxxxxx` (default
        /// `true`; the vendor asks for `+886` for correct billing).
        public var normalizesTaiwanNumbers: Bool
        /// A hook that sees every request, response and failure, already redacted: the password
        /// and the session key never appear in a record (default none).
        public var logger: TransportLogger?
        /// The current time, for the session key's day and for checking that send times are in
        /// the future (default the system clock; replace it in tests).
        public var now: @Sendable () -> Date
        /// Where the session key and the login latch are kept (default: a new in-memory store).
        /// The gateway keeps **one session key per account**: give every process that uses the
        /// account one shared store, so that they share one key instead of logging each other out.
        public var credentialStore: any CredentialStore
        /// When credentials the gateway refused are tried again (default: never, until they
        /// change or ``Every8DSOAPClient/resetLoginRefusal()`` is called).
        public var loginLatch: LoginLatchPolicy
        /// Where sends with an idempotency key are recorded (default: a new in-memory ledger, private
        /// to the clients made with this configuration). Share one (`FileStateStore`, PostgreSQL)
        /// between processes so that a key is sent once across all of them.
        public var sendLedger: any SendLedger
        /// How long a keyed send waits for another attempt with the same key that is in flight
        /// before it throws `SendInProgressError` (default 10 seconds).
        public var idempotencyWait: Duration = .seconds(10)
        /// How long the ledger keeps a key (default 7 days); a key older than this may send again.
        public var idempotencyRetention: Duration = .seconds(7 * 86_400)
        /// Receives a ``CallEvent`` for the start, each attempt and the end of every call (default none).
        public var observer: (any CallObserver)?

        /// Creates a configuration; every argument has a default.
        ///
        /// - Parameters:
        ///   - siteURL: The account's site, path prefix allowed (default `https://oms.every8d.com`).
        ///   - soapVersion: SOAP 1.1 (default) or 1.2.
        ///   - timeout: The overall deadline of one request (default 30 seconds).
        ///   - readRetryPolicy: Repeats for reads (default three attempts with backoff).
        ///   - unsentRetryPolicy: Repeats for sends that provably did not leave (default three attempts).
        ///   - allowsInsecureHTTP: Whether an `http` site is allowed (default `false`).
        ///   - normalizesTaiwanNumbers: Whether `09…` becomes `+8869…` (default `true`).
        ///   - logger: A hook for redacted log records (default none).
        ///   - now: The clock (default the system clock).
        ///   - credentialStore: Where the session key and the login latch are kept (default in memory).
        ///   - loginLatch: When refused credentials are tried again (default never).
        ///   - sendLedger: Where keyed sends are recorded (default in memory).
        ///   - observer: Receives call events (default none).
        public init(
            siteURL: URL = Configuration.defaultSiteURL,
            soapVersion: SOAPVersion = .soap11,
            timeout: Duration = .seconds(30),
            readRetryPolicy: RetryPolicy = .default,
            unsentRetryPolicy: RetryPolicy = .default,
            allowsInsecureHTTP: Bool = false,
            normalizesTaiwanNumbers: Bool = true,
            logger: TransportLogger? = nil,
            now: @escaping @Sendable () -> Date = { Date() },
            credentialStore: any CredentialStore = InMemoryStateStore(),
            loginLatch: LoginLatchPolicy = .default,
            sendLedger: any SendLedger = InMemoryStateStore(),
            observer: (any CallObserver)? = nil
        ) {
            self.siteURL = siteURL
            self.soapVersion = soapVersion
            self.timeout = timeout
            self.readRetryPolicy = readRetryPolicy
            self.unsentRetryPolicy = unsentRetryPolicy
            self.allowsInsecureHTTP = allowsInsecureHTTP
            self.normalizesTaiwanNumbers = normalizesTaiwanNumbers
            self.logger = logger
            self.now = now
            self.credentialStore = credentialStore
            self.loginLatch = loginLatch
            self.sendLedger = sendLedger
            self.observer = observer
        }

        /// The URL of a service below `/API21/SOAP/`, checked against the configuration.
        ///
        /// - Throws: `ValidationError` for `siteURL` when it is not an absolute `https` URL (or
        ///   `http` with ``allowsInsecureHTTP``).
        func serviceURL(_ service: SOAPMethod.Service) throws -> URL {
            guard var components = URLComponents(url: siteURL, resolvingAgainstBaseURL: false),
                  let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty else {
                throw ValidationError(field: "siteURL", reason: "must be an absolute URL such as https://oms.every8d.com")
            }
            switch scheme {
            case "https":
                break
            case "http":
                guard allowsInsecureHTTP else {
                    throw ValidationError(field: "siteURL", reason: "plain http sends the password in clear; use https or set allowsInsecureHTTP")
                }
            default:
                throw ValidationError(field: "siteURL", reason: "the scheme must be https")
            }
            var prefix = components.percentEncodedPath
            while prefix.hasSuffix("/") { prefix.removeLast() }
            let lowered = prefix.lowercased()
            if lowered.hasSuffix("/api21/soap/sms.asmx") || lowered.hasSuffix("/api21/soap/mms.asmx") {
                prefix.removeLast("/SMS.asmx".count)
            } else if !lowered.hasSuffix("/api21/soap") {
                prefix += "/API21/SOAP"
            }
            components.percentEncodedPath = prefix + "/" + service.rawValue
            components.percentEncodedQuery = nil
            components.fragment = nil
            components.user = nil
            components.password = nil
            guard let url = components.url else {
                throw ValidationError(field: "siteURL", reason: "cannot be combined with a service path")
            }
            return url
        }

        /// The HTTP client's configuration with the same validation settings, so that the SOAP
        /// client checks its input with the very same code.
        var validationConfiguration: Every8DClient.Configuration {
            Every8DClient.Configuration(normalizesTaiwanNumbers: normalizesTaiwanNumbers, now: now)
        }
    }
}
