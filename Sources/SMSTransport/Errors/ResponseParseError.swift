import Foundation

/// A response body that does not have the shape the call documents.
///
/// The request *was* processed by the server (it answered); only its answer could not be read.
public struct ResponseParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was expected, for example `"send result CREDIT,SENDED,COST,UNSEND,BATCHID"`.
    public let expected: String
    /// Why the body did not fit, for example `"field 2 is not an integer"`.
    public let reason: String
    /// A short, redacted preview of the body.
    public let bodyPreview: String

    /// Creates a parse error.
    ///
    /// - Parameters:
    ///   - expected: What the body should have been.
    ///   - reason: Why it was not; never include secrets or whole bodies here.
    ///   - bodyPreview: A short, already redacted preview (see ``withBody(_:contentType:secrets:)``).
    public init(expected: String, reason: String, bodyPreview: String = "") {
        self.expected = expected
        self.reason = reason
        self.bodyPreview = bodyPreview
    }

    /// Returns the same error with a redacted preview of `body`.
    ///
    /// - Parameters:
    ///   - body: The response body.
    ///   - contentType: Its `Content-Type`, if known.
    ///   - secrets: Values to blank out of the preview (see ``Redaction/scrub(_:secrets:)``).
    /// - Returns: The error with ``bodyPreview`` set.
    public func withBody(_ body: Data, contentType: String? = nil, secrets: [String] = []) -> ResponseParseError {
        ResponseParseError(
            expected: expected, reason: reason,
            bodyPreview: Redaction.bodyPreview(body, contentType: contentType, secrets: secrets))
    }

    /// What was expected, why the body did not fit, and the redacted body preview.
    public var description: String {
        var text = "unreadable response: expected \(expected); \(reason)"
        if !bodyPreview.isEmpty { text += "; body: \(bodyPreview)" }
        return text
    }
}
