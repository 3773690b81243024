import Foundation

extension SafesayClient {
    /// The client's settings. Every property but ``pack`` has a documented default.
    public struct Configuration: Sendable {
        /// `https://e8dapi.e8d.tw`, API 3.0's site (the specification writes Safesay's as `[SiteUrl]` too).
        public static let defaultSiteURL = URL(string: "https://e8dapi.e8d.tw")!

        /// The pack EVERY8D gave you with the account: the token is fetched from
        /// `<site>/v2/<pack>/gettoken`.
        public var pack: String
        /// The site (default ``defaultSiteURL``); a path prefix is kept and `/v2/…` appended.
        public var siteURL: URL
        /// The overall deadline of one HTTP request (default 60 seconds: downloads can be large).
        public var timeout: Duration
        /// How reads (the token fetch, downloads) are repeated after a failure that may be temporary
        /// (default `RetryPolicy.default`).
        public var readRetryPolicy: RetryPolicy
        /// How a message is repeated when the transport proves nothing left (default
        /// `RetryPolicy.default`). A message that may have reached Safesay is never repeated.
        public var unsentRetryPolicy: RetryPolicy
        /// The largest file ``SafesayClient/downloadFile(eventID:fileID:)`` accepts, in bytes (default
        /// 20 MiB). A larger one fails with `TransportError` `.responseTooLarge`.
        public var maxFileBytes: Int
        /// Whether an `http://` site is allowed (default `false`).
        public var allowsInsecureHTTP: Bool
        /// A hook that sees every request, response and failure, already redacted (default none).
        public var logger: TransportLogger?
        /// The current time, for the token's day (default the system clock).
        public var now: @Sendable () -> Date
        /// Where the day's token and the login latch are kept (default: a new in-memory store,
        /// private to the clients made with this configuration). Processes that send through the
        /// same Safesay account must share one (`FileStateStore`, PostgreSQL): only the token
        /// fetched last is valid, so processes with a store each would end each other's tokens.
        public var credentialStore: any CredentialStore
        /// When a refused account is tried again (default: never, until the credentials change or
        /// ``SafesayClient/resetLoginRefusal()`` is called).
        public var loginLatch: LoginLatchPolicy
        /// Where messages with an idempotency key are recorded (default: a new in-memory ledger).
        public var sendLedger: any SendLedger
        /// Receives a ``CallEvent`` for every call (default none).
        public var observer: (any CallObserver)?

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - pack: The pack EVERY8D gave you.
        ///   - siteURL: The site (default `https://e8dapi.e8d.tw`).
        ///   - timeout: The overall deadline of one request (default 60 seconds).
        ///   - readRetryPolicy: Repeats for reads (default three attempts with backoff).
        ///   - unsentRetryPolicy: Repeats for messages that provably did not leave (default three attempts).
        ///   - maxFileBytes: The largest download (default 20 MiB).
        ///   - allowsInsecureHTTP: Whether an `http` site is allowed (default `false`).
        ///   - logger: A hook for redacted log records (default none).
        ///   - now: The clock (default the system clock).
        ///   - credentialStore: Where the day's token and the latch are kept (default in memory).
        ///   - loginLatch: When a refused account is tried again (default never).
        ///   - sendLedger: Where keyed messages are recorded (default in memory).
        ///   - observer: Receives call events (default none).
        public init(
            pack: String,
            siteURL: URL = Configuration.defaultSiteURL,
            timeout: Duration = .seconds(60),
            readRetryPolicy: RetryPolicy = .default,
            unsentRetryPolicy: RetryPolicy = .default,
            maxFileBytes: Int = 20 << 20,
            allowsInsecureHTTP: Bool = false,
            logger: TransportLogger? = nil,
            now: @escaping @Sendable () -> Date = { Date() },
            credentialStore: any CredentialStore = InMemoryStateStore(),
            loginLatch: LoginLatchPolicy = .default,
            sendLedger: any SendLedger = InMemoryStateStore(),
            observer: (any CallObserver)? = nil
        ) {
            self.pack = pack
            self.siteURL = siteURL
            self.timeout = timeout
            self.readRetryPolicy = readRetryPolicy
            self.unsentRetryPolicy = unsentRetryPolicy
            self.maxFileBytes = maxFileBytes
            self.allowsInsecureHTTP = allowsInsecureHTTP
            self.logger = logger
            self.now = now
            self.credentialStore = credentialStore
            self.loginLatch = loginLatch
            self.sendLedger = sendLedger
            self.observer = observer
        }

        /// How long a token fetch may take with its repeats.
        var loginLeaseDuration: Duration {
            timeout * readRetryPolicy.maxAttempts + readRetryPolicy.maxDelay * readRetryPolicy.maxAttempts + .seconds(5)
        }

        /// How long a keyed message's claim holds.
        var sendLease: Duration {
            (timeout * unsentRetryPolicy.maxAttempts + unsentRetryPolicy.maxDelay * unsentRetryPolicy.maxAttempts) * 2 + loginLeaseDuration
        }
    }
}
