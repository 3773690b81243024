import Foundation

extension Every8DClient {
    /// How the client authenticates each call.
    public enum AuthenticationMode: Sendable, Hashable {
        /// Fetch a token once (`ConnectionHandler.ashx`) and send it as `Authorization: Bearer …`
        /// (the gateway's M_1). The default: the password travels only when a token is fetched.
        case token
        /// Send `UID` and `PWD` in every body (the gateway's M_2); no token calls.
        case password
    }

    /// The client's settings. Every property has a documented default.
    public struct Configuration: Sendable {
        /// `https://new.e8d.tw`, the host for ordinary enterprise accounts.
        public static let defaultSiteURL = URL(string: "https://new.e8d.tw")!

        /// The account's site (default ``defaultSiteURL``).
        ///
        /// Dedicated-platform accounts get their own host and sometimes a path prefix, such as
        /// `https://biz3.every8d.com.tw/prepaid`; the prefix is kept and `/API21/HTTP/<endpoint>`
        /// is appended. A URL that already ends in `/API21/HTTP` is used as is. Query and fragment
        /// are ignored.
        public var siteURL: URL
        /// How calls authenticate (default ``AuthenticationMode/token``).
        public var authentication: AuthenticationMode
        /// The overall deadline of one HTTP request, from sending to the last byte of the answer
        /// (default 30 seconds).
        public var timeout: Duration
        /// How reads (credit, delivery status, replies, token fetch and check) are repeated after a
        /// failure that may be temporary (default `RetryPolicy.default`: three attempts).
        public var readRetryPolicy: RetryPolicy
        /// How a send (or a cancellation) is repeated when the transport proves nothing left
        /// (connection refused, host not found, TLS failure) (default `RetryPolicy.default`).
        ///
        /// A send whose request may have reached the gateway is never repeated, whatever this says.
        public var unsentRetryPolicy: RetryPolicy
        /// How long a token is used before a new one is fetched (default 8 hours, as the vendor
        /// recommends). A token the gateway rejects earlier is renewed at once.
        public var tokenLifetime: Duration
        /// Whether `http://` site URLs are allowed (default `false`: calls to an `http` site fail
        /// with a `ValidationError` for `siteURL` before anything is sent).
        public var allowsInsecureHTTP: Bool
        /// Whether Taiwan mobiles written `09xxxxxxxx` are sent as `+8869xxxxxxxx` (default
        /// `true`; the vendor asks for `+886` for correct billing).
        public var normalizesTaiwanNumbers: Bool
        /// A hook that sees every request, response and failure, already redacted (default none).
        public var logger: TransportLogger?
        /// The current time, for token age and for checking that send times are in the future
        /// (default the system clock; replace it in tests).
        public var now: @Sendable () -> Date
        /// Where the token and the login latch are kept (default: a new in-memory store, private
        /// to the clients made with this configuration). Give clients in several processes one
        /// shared store (`FileStateStore`, or PostgreSQL from the `Integrations` package) to share
        /// one token and one login latch.
        public var credentialStore: any CredentialStore
        /// When credentials the gateway refused are tried again (default: never, until they
        /// change or ``Every8DClient/resetLoginRefusal()`` is called).
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
        /// Receives a ``CallEvent`` for the start, each attempt and the end of every call (default
        /// none): the hook for metrics, tracing and structured logs.
        public var observer: (any CallObserver)?

        /// Creates a configuration; every argument has a default.
        ///
        /// - Parameters:
        ///   - siteURL: The account's site, path prefix allowed (default `https://new.e8d.tw`).
        ///   - authentication: Token (default) or password in every body.
        ///   - timeout: The overall deadline of one request (default 30 seconds).
        ///   - readRetryPolicy: Repeats for reads (default three attempts with backoff).
        ///   - unsentRetryPolicy: Repeats for sends that provably did not leave (default three attempts).
        ///   - tokenLifetime: How long a token is reused (default 8 hours).
        ///   - allowsInsecureHTTP: Whether an `http` site is allowed (default `false`).
        ///   - normalizesTaiwanNumbers: Whether `09…` becomes `+8869…` (default `true`).
        ///   - logger: A hook for redacted log records (default none).
        ///   - now: The clock (default the system clock).
        ///   - credentialStore: Where the token and the login latch are kept (default in memory).
        ///   - loginLatch: When refused credentials are tried again (default never).
        ///   - sendLedger: Where keyed sends are recorded (default in memory).
        ///   - observer: Receives call events (default none).
        public init(
            siteURL: URL = Configuration.defaultSiteURL,
            authentication: AuthenticationMode = .token,
            timeout: Duration = .seconds(30),
            readRetryPolicy: RetryPolicy = .default,
            unsentRetryPolicy: RetryPolicy = .default,
            tokenLifetime: Duration = .seconds(8 * 3600),
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
            self.authentication = authentication
            self.timeout = timeout
            self.readRetryPolicy = readRetryPolicy
            self.unsentRetryPolicy = unsentRetryPolicy
            self.tokenLifetime = tokenLifetime
            self.allowsInsecureHTTP = allowsInsecureHTTP
            self.normalizesTaiwanNumbers = normalizesTaiwanNumbers
            self.logger = logger
            self.now = now
            self.credentialStore = credentialStore
            self.loginLatch = loginLatch
            self.sendLedger = sendLedger
            self.observer = observer
        }

        /// How long a keyed send's claim holds: longer than the send can take with its repeats.
        var sendLease: Duration {
            timeout * unsentRetryPolicy.maxAttempts + unsentRetryPolicy.maxDelay * unsentRetryPolicy.maxAttempts + .seconds(5)
        }

        /// How long one process may take to log in before another takes over: a login's attempts
        /// with their deadlines and back-off.
        var loginLeaseDuration: Duration {
            timeout * readRetryPolicy.maxAttempts + readRetryPolicy.maxDelay * readRetryPolicy.maxAttempts + .seconds(5)
        }

        /// The URL of an endpoint below `/API21/HTTP/`, checked against the configuration.
        ///
        /// - Throws: `ValidationError` for `siteURL` when it is not an absolute `https` URL (or
        ///   `http` with ``allowsInsecureHTTP``).
        func endpointURL(_ path: String) throws -> URL {
            guard var components = URLComponents(url: siteURL, resolvingAgainstBaseURL: false),
                  let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty else {
                throw ValidationError(field: "siteURL", reason: "must be an absolute URL such as https://new.e8d.tw")
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
            if !prefix.lowercased().hasSuffix("/api21/http") { prefix += "/API21/HTTP" }
            components.percentEncodedPath = prefix + "/" + path
            components.percentEncodedQuery = nil
            components.fragment = nil
            components.user = nil
            components.password = nil
            guard let url = components.url else {
                throw ValidationError(field: "siteURL", reason: "cannot be combined with an endpoint path")
            }
            return url
        }
    }
}
