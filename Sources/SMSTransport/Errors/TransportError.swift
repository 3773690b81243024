/// A failure to get a complete HTTP response: the network, TLS, the deadline or the size limit.
///
/// It carries no URL, no `userInfo` and no request data, so it is safe to log and to use as a
/// metrics label. Switch on ``code``; ask ``requestMayHaveBeenProcessed`` before repeating a
/// request that is not idempotent (sending a message never is).
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. Known values are static members; new ones may be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The server refused the connection: nothing was sent.
        public static let connectionRefused = Code("connectionRefused")
        /// The host name did not resolve: nothing was sent.
        public static let cannotFindHost = Code("cannotFindHost")
        /// No route, no network or the host could not be reached: nothing was sent.
        public static let cannotConnect = Code("cannotConnect")
        /// TLS could not be established (certificate, protocol): nothing was sent.
        public static let tlsFailure = Code("tlsFailure")
        /// The URL cannot be sent (bad scheme, plain `http` not allowed, malformed): nothing was sent.
        public static let badURL = Code("badURL")
        /// The overall deadline passed before the response was complete. The server may have acted.
        public static let timedOut = Code("timedOut")
        /// The connection dropped while the request or response was in flight. The server may have acted.
        public static let connectionLost = Code("connectionLost")
        /// The response body was larger than the configured limit. The server did act.
        public static let responseTooLarge = Code("responseTooLarge")
        /// The server's answer was not valid HTTP. The server may have acted.
        public static let badServerResponse = Code("badServerResponse")
        /// Any other failure. The server may have acted.
        public static let other = Code("other")

        /// The code's name, stable enough for a metrics label.
        public var description: String { name }
    }

    /// What went wrong.
    public let code: Code
    /// Whether the server may have received and acted on the request.
    ///
    /// `false` only when the failure provably happened before any byte of the request left
    /// (connection refused, host not found, TLS handshake failed, bad URL). Gateway clients repeat
    /// a send only when this is `false`.
    public let requestMayHaveBeenProcessed: Bool
    /// A short technical detail free of URLs and credentials (for example `"URLError -1004"`).
    public let detail: String

    /// Creates a transport error.
    ///
    /// - Parameters:
    ///   - code: What went wrong.
    ///   - requestMayHaveBeenProcessed: Whether the server may have acted; defaults to what `code` implies.
    ///   - detail: A short detail that must not contain URLs or credentials.
    public init(_ code: Code, requestMayHaveBeenProcessed: Bool? = nil, detail: String = "") {
        self.code = code
        self.requestMayHaveBeenProcessed = requestMayHaveBeenProcessed ?? !code.provesNothingWasSent
        self.detail = detail
    }

    /// The code, the detail and whether the server may have processed the request.
    public var description: String {
        let base = "transport error: \(code)"
        let sent = requestMayHaveBeenProcessed ? "the server may have processed the request" : "nothing was sent"
        return detail.isEmpty ? "\(base) (\(sent))" : "\(base), \(detail) (\(sent))"
    }
}

extension TransportError.Code {
    /// Whether this kind of failure happens before any request byte can reach the server.
    public var provesNothingWasSent: Bool {
        self == .connectionRefused || self == .cannotFindHost || self == .cannotConnect
            || self == .tlsFailure || self == .badURL
    }
}
