import Foundation

/// One HTTP response as received: status, headers and the whole body.
///
/// Its `description` shows the status and a short, redacted preview of the body, with the shared
/// rules and those of the gateway that answered (``redactionRules``, handed over from the request
/// by the transport).
public struct TransportResponse: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code.
    public var status: Int
    /// Header fields in the order received.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: Data
    /// What the answering gateway adds to the shared redaction rules: the request's
    /// ``TransportRequest/redactionRules``, which a transport copies here (``URLSessionTransport`` does).
    public var redactionRules: RedactionRules = .none

    /// Creates a response.
    ///
    /// - Parameters:
    ///   - status: The HTTP status code.
    ///   - headers: The header fields in order.
    ///   - body: The body bytes.
    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The status and a short, redacted preview of the body (secrets by name are blanked).
    public var description: String {
        var text = "HTTP \(status)"
        if !body.isEmpty {
            text += " body(\(body.count) bytes): "
            text += Redaction.bodyPreview(body, contentType: headers["Content-Type"], rules: redactionRules)
        }
        return text
    }
}
