import Foundation

/// One call the EVERY8D sandbox made to its push target, for tests to look at.
public struct Every8DPushAttempt: Sendable, Hashable {
    /// The report's query string, without `?`, exactly as sent.
    public let query: String
    /// Which call for this report it was, from 1.
    public let attempt: Int
    /// The HTTP status the target answered, or `nil` when the call failed without an answer.
    public let status: Int?
    /// When the call was made, by the sandbox clock.
    public let at: Date

    /// Creates a record of a call.
    public init(query: String, attempt: Int, status: Int?, at: Date) {
        self.query = query
        self.attempt = attempt
        self.status = status
        self.at = at
    }
}
