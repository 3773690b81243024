import Foundation

extension OmiCardClient {
    /// How the OMICard WebAPI is spoken to: the host, the HTTP method, timeouts, retries and the
    /// logging hook.
    ///
    /// Every property has a documented default, so `Configuration()` works for an ordinary account:
    ///
    /// ```swift
    /// var configuration = OmiCardClient.Configuration()
    /// configuration.baseURL = URL(string: "https://api.itpison.com/WebAPI")!
    /// configuration.logger = { record in logger.debug("\(record)") }
    /// ```
    public struct Configuration: Sendable {
        /// The base URL the vendor documents: `http://api.itpison.com/WebAPI`.
        ///
        /// The vendor documents plain `http`, so this gateway allows it; use `https` when your
        /// account's host supports it (credentials travel in every request).
        public static let defaultBaseURL = URL(string: "http://api.itpison.com/WebAPI")!

        /// The WebAPI folder: `SMS.aspx` and `Status.aspx` are appended to it.
        ///
        /// Default ``defaultBaseURL``. Must be an absolute `http` or `https` URL without a query,
        /// fragment or user info; a path prefix and a trailing `/` are allowed.
        public var baseURL: URL

        /// The HTTP method the account's server accepts (its `Web.config` decides), default `.post`.
        ///
        /// A request that uploads a file (``SMSListFile`` or the `.xmlRequestFile` credential
        /// delivery) always goes as a `multipart/form-data` POST, so it cannot be sent when this is
        /// `.get`: such a call throws a ``ValidationError`` before anything is sent.
        public var method: RequestMethod

        /// The overall deadline of one HTTP request, from sending to the last byte of the answer
        /// (default 30 seconds).
        public var timeout: Duration

        /// How a `Status.aspx` query is repeated after a temporary failure (default ``RetryPolicy/default``).
        ///
        /// A `SMS.aspx` send is *not* idempotent and is repeated only when the transport proves that
        /// nothing left this machine (for example the connection was refused), at most
        /// `maxAttempts` times in all; any other failure after sending surfaces as
        /// ``SendOutcomeUnknownError`` instead of a second send.
        public var retryPolicy: RetryPolicy

        /// A hook that receives a redacted record of every request, response and failure.
        ///
        /// The password (and an `XmlReqUrl`, which leads to it) is removed from every record by
        /// name and by value. Default `nil` (no logging).
        public var logger: TransportLogger?

        /// Receives a ``CallEvent`` for the start, each attempt and the end of every call (default none).
        public var observer: (any CallObserver)?

        /// Where jobs sent with an idempotency key are recorded (default: a new in-memory ledger).
        public var sendLedger: any SendLedger = InMemoryStateStore()
        /// How long a keyed send waits for another attempt with the same key that is in flight
        /// before it throws `SendInProgressError` (default 10 seconds).
        public var idempotencyWait: Duration = .seconds(10)
        /// How long the ledger keeps a key (default 7 days).
        public var idempotencyRetention: Duration = .seconds(7 * 86_400)

        /// The current time, for the start time of a send whose outcome is unknown and for
        /// checking that a `StartTime` is in the future (default the system clock; replace it in tests).
        public var now: @Sendable () -> Date

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - baseURL: The WebAPI folder (default `http://api.itpison.com/WebAPI`).
        ///   - method: `.post` (default) or `.get`, as the account's server is set up.
        ///   - timeout: The overall deadline of one request (default 30 seconds).
        ///   - retryPolicy: How status queries are retried (default ``RetryPolicy/default``).
        ///   - logger: A redacted logging hook (default none).
        ///   - observer: Receives call events (default none).
        ///   - now: The clock (default the system clock).
        public init(
            baseURL: URL = Configuration.defaultBaseURL,
            method: RequestMethod = .post,
            timeout: Duration = TransportRequest.defaultTimeout,
            retryPolicy: RetryPolicy = .default,
            logger: TransportLogger? = nil,
            observer: (any CallObserver)? = nil,
            now: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.baseURL = baseURL
            self.method = method
            self.timeout = timeout
            self.retryPolicy = retryPolicy
            self.logger = logger
            self.observer = observer
            self.now = now
        }
    }

    /// The HTTP method used for OMICard calls.
    public enum RequestMethod: String, Sendable, Hashable, CaseIterable {
        /// Fields in an `application/x-www-form-urlencoded` body, or `multipart/form-data` when a
        /// file is uploaded. The default.
        case post = "POST"
        /// Fields in the URL query. Cannot upload files.
        case get = "GET"
    }
}

extension OmiCardClient.Configuration {
    /// The URL of `page` (for example `SMS.aspx`) under ``baseURL``.
    ///
    /// - Throws: ``ValidationError`` (field `baseURL`) when the base URL is not an absolute
    ///   `http`/`https` URL without query or fragment.
    func url(of page: String) throws -> URL {
        guard let scheme = baseURL.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = baseURL.host, !host.isEmpty else {
            throw ValidationError(field: "baseURL", reason: "must be an absolute http or https URL")
        }
        guard baseURL.query == nil, baseURL.fragment == nil else {
            throw ValidationError(field: "baseURL", reason: "must not have a query or fragment")
        }
        guard baseURL.user == nil, baseURL.password == nil else {
            throw ValidationError(field: "baseURL", reason: "must not contain user info; credentials belong in OmiCardClient.Credentials")
        }
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text + "/" + page) else {
            throw ValidationError(field: "baseURL", reason: "cannot append \(page) to it")
        }
        return url
    }
}
