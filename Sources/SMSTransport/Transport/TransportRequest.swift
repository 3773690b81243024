import Foundation

/// An HTTP method.
public struct HTTPMethod: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The method name as sent on the wire.
    public let rawValue: String
    /// Creates a method from its wire name.
    ///
    /// - Parameter rawValue: The method name, for example `"PUT"`.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// `GET`.
    public static let get = HTTPMethod(rawValue: "GET")
    /// `POST`.
    public static let post = HTTPMethod(rawValue: "POST")
    /// The method name, as sent.
    public var description: String { rawValue }
}

/// One HTTP request as a gateway client builds it: everything a transport needs and nothing more.
///
/// Its `description` is safe to log: `PWD`, `ManagerPassword`, `password`, `Authorization`,
/// tokens and session keys, and what its gateway declared (``redactionRules``, such as OMICard's
/// `XmlRequest`), are replaced by `<redacted>` in the URL, the headers and the body.
public struct TransportRequest: Sendable, Hashable, CustomStringConvertible {
    /// The default overall deadline for one request.
    public static let defaultTimeout: Duration = .seconds(30)

    /// The HTTP method.
    public var method: HTTPMethod
    /// The absolute URL, query included.
    public var url: URL
    /// Header fields in the order they are sent.
    public var headers: HTTPHeaders
    /// The body bytes exactly as sent (empty for none).
    public var body: Data
    /// The overall deadline for this request, from the call until the last byte of the response.
    public var timeout: Duration
    /// Whether sending this request twice is harmless (default `true`: the gateways' reads are
    /// `POST`s too). Gateway clients set it to `false` for sends and cancellations.
    ///
    /// A transport must never repeat a request that is not idempotent on its own.
    /// ``URLSessionTransport`` also sends each one on a connection of its own, never on a kept-alive
    /// one (see there): on Linux a reused connection that turns out dead would hold it until its
    /// deadline and make a send the server never received look like one it may have carried out.
    public var isIdempotent: Bool
    /// What the request's gateway adds to the shared redaction rules, set by the client that
    /// builds it: the request's description and log records apply them, and a transport hands
    /// them to the response (see ``HTTPTransport``).
    public var redactionRules: RedactionRules = .none

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - url: The absolute URL.
    ///   - headers: Header fields in order.
    ///   - body: The body bytes.
    ///   - timeout: The overall deadline (default 30 seconds).
    ///   - isIdempotent: Whether sending it twice is harmless (default `true`; `false` for a send).
    public init(
        method: HTTPMethod,
        url: URL,
        headers: HTTPHeaders = [:],
        body: Data = Data(),
        timeout: Duration = TransportRequest.defaultTimeout,
        isIdempotent: Bool = true
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.isIdempotent = isIdempotent
    }

    /// A one-line summary with secrets redacted: method, URL, headers and a body preview.
    public var description: String {
        var text = "\(method) \(Redaction.redactedURL(url, rules: redactionRules))"
        let shownHeaders = Redaction.redactedHeaders(headers, rules: redactionRules)
        if !shownHeaders.fields.isEmpty {
            text += " [" + shownHeaders.fields.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "]"
        }
        if !body.isEmpty {
            text += " body(\(body.count) bytes): "
            text += Redaction.bodyPreview(body, contentType: headers["Content-Type"], rules: redactionRules)
        }
        return text
    }
}
