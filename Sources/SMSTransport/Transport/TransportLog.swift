import Foundation

/// One thing a gateway client did on the wire, already redacted, for a logging hook.
///
/// Passwords, tokens and session keys never reach a record: URLs, headers and bodies are redacted
/// by name (the shared names and those the request's gateway declared, for the request and its
/// response alike), and the client's own secrets are scrubbed by value.
public struct TransportLogRecord: Sendable, CustomStringConvertible {
    /// What happened.
    public enum Event: Sendable, Hashable {
        /// A request is about to be sent.
        case request
        /// A response arrived.
        case response
        /// The request failed without a response.
        case failure
        /// Something the caller must not miss although the call succeeded, such as a send the
        /// gateway carried out only in part. A logging bridge logs it at warning level.
        case warning
    }

    /// What happened.
    public let event: Event
    /// The client operation, for example `"SendSMS"` or `"Status.aspx"`.
    public let operation: String
    /// The attempt number, from 1.
    public let attempt: Int
    /// The HTTP method.
    public let method: String
    /// The redacted URL.
    public let url: String
    /// The HTTP status, for a response.
    public let status: Int?
    /// The redacted headers (request headers for a request, response headers for a response).
    public let headers: HTTPHeaders
    /// The redacted body, cut to a few KiB; for a failure, the error's description.
    public let body: String
    /// Time from sending to the response or failure.
    public let elapsed: Duration?

    /// The largest body shown in a record, in characters.
    public static let bodyLimit = 4096

    /// A record for a request about to be sent.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - operation: The client operation, for example `"SendSMS"`.
    ///   - attempt: The attempt number, from 1.
    ///   - secrets: The client's own secrets (password, token) to scrub by value.
    /// - Returns: The redacted record.
    public static func request(_ request: TransportRequest, operation: String, attempt: Int, secrets: [String]) -> TransportLogRecord {
        TransportLogRecord(
            event: .request, operation: operation, attempt: attempt, method: request.method.rawValue,
            url: Redaction.scrub(Redaction.redactedURL(request.url, rules: request.redactionRules), secrets: secrets), status: nil,
            headers: scrubbed(Redaction.redactedHeaders(request.headers, rules: request.redactionRules), secrets: secrets),
            body: Redaction.bodyPreview(request.body, contentType: request.headers["Content-Type"], secrets: secrets, limit: bodyLimit,
                                        rules: request.redactionRules),
            elapsed: nil)
    }

    /// A record for a response to `request`.
    ///
    /// - Parameters:
    ///   - response: The response.
    ///   - request: The request it answers.
    ///   - operation: The client operation.
    ///   - attempt: The attempt number, from 1.
    ///   - elapsed: Time from sending to the response.
    ///   - secrets: The client's own secrets to scrub by value.
    /// - Returns: The redacted record.
    public static func response(
        _ response: TransportResponse, to request: TransportRequest, operation: String, attempt: Int,
        elapsed: Duration, secrets: [String]
    ) -> TransportLogRecord {
        TransportLogRecord(
            event: .response, operation: operation, attempt: attempt, method: request.method.rawValue,
            url: Redaction.scrub(Redaction.redactedURL(request.url, rules: request.redactionRules), secrets: secrets), status: response.status,
            headers: scrubbed(Redaction.redactedHeaders(response.headers, rules: request.redactionRules), secrets: secrets),
            body: Redaction.bodyPreview(response.body, contentType: response.headers["Content-Type"], secrets: secrets, limit: bodyLimit,
                                        rules: request.redactionRules),
            elapsed: elapsed)
    }

    /// A record for a request that failed without a response.
    ///
    /// - Parameters:
    ///   - error: What the transport threw; its description is redacted and scrubbed.
    ///   - request: The request that failed.
    ///   - operation: The client operation.
    ///   - attempt: The attempt number, from 1.
    ///   - elapsed: Time from sending to the failure.
    ///   - secrets: The client's own secrets to scrub by value.
    /// - Returns: The redacted record.
    public static func failure(
        _ error: any Error, of request: TransportRequest, operation: String, attempt: Int,
        elapsed: Duration, secrets: [String]
    ) -> TransportLogRecord {
        TransportLogRecord(
            event: .failure, operation: operation, attempt: attempt, method: request.method.rawValue,
            url: Redaction.scrub(Redaction.redactedURL(request.url, rules: request.redactionRules), secrets: secrets), status: nil, headers: [:],
            body: Redaction.preview(Redaction.scrub(Redaction.redactedText(String(describing: error), rules: request.redactionRules),
                                                    secrets: secrets), limit: bodyLimit),
            elapsed: elapsed)
    }

    /// A warning about a call that otherwise succeeded (for example a partial send).
    ///
    /// - Parameters:
    ///   - text: What the caller must know; no secrets.
    ///   - request: The request it concerns.
    ///   - operation: The client operation.
    ///   - attempt: The attempt number, from 1.
    /// - Returns: The record.
    public static func warning(_ text: String, about request: TransportRequest, operation: String, attempt: Int) -> TransportLogRecord {
        TransportLogRecord(
            event: .warning, operation: operation, attempt: attempt, method: request.method.rawValue,
            url: Redaction.redactedURL(request.url), status: nil, headers: [:], body: text, elapsed: nil)
    }

    private static func scrubbed(_ headers: HTTPHeaders, secrets: [String]) -> HTTPHeaders {
        HTTPHeaders(headers.fields.map { .init(name: $0.name, value: Redaction.scrub($0.value, secrets: secrets)) })
    }

    /// One line for a log: direction, operation and attempt, then the method and URL (request),
    /// status and time (response) or error (failure), and the redacted body.
    public var description: String {
        switch event {
        case .request:
            return "→ \(operation)#\(attempt) \(method) \(url) \(body)"
        case .response:
            return "← \(operation)#\(attempt) HTTP \(status ?? 0) in \(elapsed.map { "\($0)" } ?? "?") \(body)"
        case .failure:
            return "✕ \(operation)#\(attempt) \(body)"
        case .warning:
            return "! \(operation)#\(attempt) \(body)"
        }
    }
}

/// A hook that receives redacted records of every request, response and failure.
///
/// It is called synchronously on the calling task; keep it cheap (hand the record to your logger).
public typealias TransportLogger = @Sendable (TransportLogRecord) -> Void
