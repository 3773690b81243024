import Foundation

extension Every8DV3Client {
    /// How the client authenticates each call.
    public enum AuthenticationMode: Sendable, Hashable {
        /// The user id and password in every call (`uid` + `pwd`, the specification's M2): one round
        /// trip a call. The default. If the account does not allow it (`531`), the client switches
        /// to ``token`` for good and repeats that call once; nothing was carried out.
        case password
        /// A fresh single-use token for every call (`getoken`, then the call with `uid` + `token`,
        /// the specification's M1): two round trips a call. The password travels with every
        /// `getoken` all the same, so this mode is for accounts that allow nothing else.
        case token
    }

    /// The client's settings. Every property has a documented default.
    public struct Configuration: Sendable {
        /// `https://e8dapi.e8d.tw`, the site of API 3.0 once an account has API access.
        public static let defaultSiteURL = URL(string: "https://e8dapi.e8d.tw")!
        /// `e8d`, the custcode of accounts opened on EVERY8D's public site.
        public static let defaultCustcode = "e8d"

        /// The site (default ``defaultSiteURL``); a path prefix is kept and `/<custcode>/<endpoint>`
        /// is appended. Query and fragment are ignored.
        public var siteURL: URL
        /// The account's custcode, the first path segment of every call (default `e8d`, for accounts
        /// opened on EVERY8D's public site; dedicated platforms get theirs from EVERY8D's sales).
        /// A wrong one is answered `507` (``Every8DError/Code/wrongCustcode``) by every call.
        public var custcode: String
        /// How calls authenticate (default ``AuthenticationMode/password``, one round trip a call).
        public var authentication: AuthenticationMode
        /// The overall deadline of one HTTP request, from sending to the last byte of the answer
        /// (default 30 seconds).
        public var timeout: Duration
        /// How reads (credit, delivery status, replies, `getoken`) are repeated after a failure that
        /// may be temporary (default `RetryPolicy.default`: three attempts). Each repeat in token
        /// mode gets a new token.
        public var readRetryPolicy: RetryPolicy
        /// How a send (or a cancellation) is repeated when the transport proves nothing left
        /// (default `RetryPolicy.default`). A send whose request may have reached the gateway is
        /// never repeated.
        public var unsentRetryPolicy: RetryPolicy
        /// Whether `http://` site URLs are allowed (default `false`).
        public var allowsInsecureHTTP: Bool
        /// Whether Taiwan mobiles in any of the specification's forms (`09…`, `886…`, `+8860…`) are
        /// sent as `+8869…` (default `true`).
        public var normalizesTaiwanNumbers: Bool
        /// A hook that sees every request, response and failure, already redacted (default none).
        public var logger: TransportLogger?
        /// The current time, for checking that send times are in the future and for the latch
        /// (default the system clock).
        public var now: @Sendable () -> Date
        /// Where the login latch is kept (default: a new in-memory store, private to the clients made
        /// with this configuration). Share one between processes to share the latch. 3.0 tokens are
        /// never written to it: each is good for one call.
        public var credentialStore: any CredentialStore
        /// When credentials the gateway refused (`505`, `509`) are tried again (default: never,
        /// until they change or ``Every8DV3Client/resetLoginRefusal()`` is called).
        public var loginLatch: LoginLatchPolicy
        /// Where sends with an idempotency key are recorded (default: a new in-memory ledger).
        public var sendLedger: any SendLedger
        /// How long a keyed send waits for another attempt with the same key in flight (default 10 seconds).
        public var idempotencyWait: Duration = .seconds(10)
        /// How long the ledger keeps a key (default 7 days).
        public var idempotencyRetention: Duration = .seconds(7 * 86_400)
        /// Receives a ``CallEvent`` for the start, each attempt and the end of every call, `getoken`
        /// included (default none).
        public var observer: (any CallObserver)?

        /// Creates a configuration; every argument has a default.
        ///
        /// - Parameters:
        ///   - siteURL: The site, path prefix allowed (default `https://e8dapi.e8d.tw`).
        ///   - custcode: The account's custcode (default `e8d`).
        ///   - authentication: Password in every call (default) or a token per call.
        ///   - timeout: The overall deadline of one request (default 30 seconds).
        ///   - readRetryPolicy: Repeats for reads (default three attempts with backoff).
        ///   - unsentRetryPolicy: Repeats for sends that provably did not leave (default three attempts).
        ///   - allowsInsecureHTTP: Whether an `http` site is allowed (default `false`).
        ///   - normalizesTaiwanNumbers: Whether Taiwan numbers are sent as `+8869…` (default `true`).
        ///   - logger: A hook for redacted log records (default none).
        ///   - now: The clock (default the system clock).
        ///   - credentialStore: Where the login latch is kept (default in memory).
        ///   - loginLatch: When refused credentials are tried again (default never).
        ///   - sendLedger: Where keyed sends are recorded (default in memory).
        ///   - observer: Receives call events (default none).
        public init(
            siteURL: URL = Configuration.defaultSiteURL,
            custcode: String = Configuration.defaultCustcode,
            authentication: AuthenticationMode = .password,
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
            self.custcode = custcode
            self.authentication = authentication
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

        /// How long a keyed send's claim holds: longer than the send can take with its repeats
        /// (each attempt may first fetch a token).
        var sendLease: Duration {
            (timeout * unsentRetryPolicy.maxAttempts + unsentRetryPolicy.maxDelay * unsentRetryPolicy.maxAttempts) * 2 + loginLeaseDuration
        }

        /// How long a login (`getoken`) may take with its repeats.
        var loginLeaseDuration: Duration {
            timeout * readRetryPolicy.maxAttempts + readRetryPolicy.maxDelay * readRetryPolicy.maxAttempts + .seconds(5)
        }

        /// What the request builders need from the configuration.
        var requestOptions: V3RequestOptions {
            V3RequestOptions(normalizesTaiwanNumbers: normalizesTaiwanNumbers, now: now)
        }
    }
}
