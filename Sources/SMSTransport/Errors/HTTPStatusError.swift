/// The gateway answered with an HTTP status outside 2xx.
///
/// The body preview is short and redacted. Gateways answer their own errors with HTTP 200, so a
/// non-2xx status usually comes from something in front of them (a CDN, a proxy, a maintenance
/// page), or means authentication was refused (401/403) or the caller is too fast (429).
public struct HTTPStatusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code.
    public let status: Int
    /// The value of `Retry-After`, if the server sent one.
    public let retryAfter: String?
    /// A short, redacted preview of the body.
    public let bodyPreview: String

    /// Creates an HTTP status error.
    ///
    /// - Parameters:
    ///   - status: The HTTP status code.
    ///   - retryAfter: The `Retry-After` value, if any.
    ///   - bodyPreview: A short, already redacted preview of the body.
    public init(status: Int, retryAfter: String? = nil, bodyPreview: String = "") {
        self.status = status
        self.retryAfter = retryAfter
        self.bodyPreview = bodyPreview
    }

    /// Creates the error for a response, with a redacted preview of its body.
    ///
    /// - Parameters:
    ///   - response: The non-2xx response.
    ///   - secrets: Extra values (a password, a token) to blank out of the preview.
    public init(response: TransportResponse, secrets: [String] = []) {
        self.init(
            status: response.status,
            retryAfter: response.headers["Retry-After"],
            bodyPreview: Redaction.bodyPreview(response.body, contentType: response.headers["Content-Type"], secrets: secrets,
                                               rules: response.redactionRules))
    }

    /// `HTTP status <code>` and the redacted body preview, if any.
    public var description: String {
        bodyPreview.isEmpty ? "HTTP status \(status)" : "HTTP status \(status): \(bodyPreview)"
    }
}
