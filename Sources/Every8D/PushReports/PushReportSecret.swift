import Foundation

/// A shared secret in the push-report URL you register with EVERY8D, so that only callers who know
/// the URL get their reports handled.
///
/// EVERY8D signs nothing: anyone who finds your endpoint can call it. Put a long random value into
/// the URL you register, as its last path segment (`https://example.com/every8d/report/<secret>`) or
/// as a query parameter (`https://example.com/every8d/report?secret=<secret>`); EVERY8D appends its
/// own parameters and calls that URL. ``PushReportReceiver`` answers 403 to a call without it,
/// compares in constant time, and takes the parameter out of the report before your handler sees
/// it. The value never appears in descriptions.
public struct PushReportSecret: Sendable, CustomStringConvertible {
    /// Where in the URL the secret may be.
    public enum Location: Sendable, Hashable {
        /// The last segment of the URL's path.
        case pathSegment
        /// A query parameter of this name (matched ignoring case, as EVERY8D's own names are).
        case queryParameter(String)
    }

    /// Where the secret may be; a call is accepted when it is in any of them.
    public let locations: [Location]
    private let digest: [UInt8]

    /// Creates a secret.
    ///
    /// - Parameters:
    ///   - value: The secret as it is in the URL (percent-decoded). Use a long random value, such as
    ///     a UUID: anyone who guesses it can send you reports.
    ///   - locations: Where it may be (default: a query parameter `secret`, or the last path segment).
    /// - Throws: ``ValidationError`` (field `secret`, value not shown) when the value is empty or
    ///   there is no location.
    public init(_ value: String, in locations: [Location] = [.queryParameter("secret"), .pathSegment]) throws {
        guard !value.isEmpty else {
            throw ValidationError(field: "secret", reason: "must not be empty (use a long random value, such as a UUID)")
        }
        guard !locations.isEmpty else {
            throw ValidationError(field: "secret", reason: "needs at least one location (a path segment or a query parameter)")
        }
        self.locations = locations
        digest = SHA256.hash(Array(value.utf8))
    }

    /// Whether `candidate` is the secret, in time that does not depend on where they differ.
    ///
    /// Both sides are hashed first, so the comparison is of two 32-byte digests whatever the
    /// lengths; neither the position of the first difference nor the secret's length shows.
    public func matches(_ candidate: String) -> Bool {
        let other = SHA256.hash(Array(candidate.utf8))
        var difference: UInt8 = 0
        for index in digest.indices { difference |= digest[index] ^ other[index] }
        return difference == 0
    }

    /// `PushReportSecret(<redacted>, in: …)`: where it is looked for, never the value.
    public var description: String {
        let places = locations.map { location -> String in
            switch location {
            case .pathSegment: "last path segment"
            case .queryParameter(let name): "query parameter \(name)"
            }
        }
        return "PushReportSecret(\(Redaction.placeholder), in: \(places.joined(separator: " or ")))"
    }
}
