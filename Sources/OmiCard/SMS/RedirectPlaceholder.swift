/// A keyword the gateway replaces in a redirect URL (``OmiCardRedirects``) with a value from its answer.
///
/// Interpolate one into a redirect URL:
///
/// ```swift
/// let redirects = OmiCardRedirects(
///     successfulURL: "https://example.com/sent?launch=\(RedirectPlaceholder.launchID)",
///     failedURL: "https://example.com/failed?code=\(RedirectPlaceholder.errorCode)")
/// ```
public struct RedirectPlaceholder: RawRepresentable, Sendable, Hashable, CustomStringConvertible, CaseIterable {
    /// The keyword exactly as the gateway matches it, `%` signs included.
    public let rawValue: String

    /// Creates a placeholder from its keyword (for one the SDK does not know yet).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `%omisquerystring%`: every field of the answer.
    public static let queryString = RedirectPlaceholder(rawValue: "%omisquerystring%")
    /// `%errorcode%`: the answer's `ErrorCode`.
    public static let errorCode = RedirectPlaceholder(rawValue: "%errorcode%")
    /// `%errormsg%`: the answer's `ErrorMsg`.
    public static let errorMessage = RedirectPlaceholder(rawValue: "%errormsg%")
    /// `%launchid%`: the answer's `LaunchID`.
    public static let launchID = RedirectPlaceholder(rawValue: "%launchid%")
    /// `%userid%`: the answer's `UserID`.
    public static let userID = RedirectPlaceholder(rawValue: "%userid%")
    /// `%customerid%`: the answer's `CustomerID`.
    public static let customerID = RedirectPlaceholder(rawValue: "%customerid%")
    /// `%reportpath%`: the answer's `ReportPath`.
    public static let reportPath = RedirectPlaceholder(rawValue: "%reportpath%")
    /// `%jobid%`: the answer's `JobID`.
    public static let jobID = RedirectPlaceholder(rawValue: "%jobid%")

    /// Every documented placeholder, in the seed's order.
    public static let allCases: [RedirectPlaceholder] = [
        .queryString, .errorCode, .errorMessage, .launchID, .userID, .customerID, .reportPath, .jobID,
    ]

    /// The keyword, so that `"\(RedirectPlaceholder.launchID)"` is `%launchid%`.
    public var description: String { rawValue }
}
