/// Where the gateway sends its answer instead of returning it: `ReferUrl`, `SuccessfulUrl`, `FailedUrl`.
///
/// Each URL may contain ``RedirectPlaceholder`` keywords. They are kept as strings, not `URL`s,
/// because a `%keyword%` is not valid percent-encoding and `URL` could re-encode it.
///
/// When one applies, the gateway answers with an HTTP redirect to that URL. If the redirect is not
/// followed, the client reads `ErrorCode` and the other fields from the `Location` URL's query
/// (which `%omisquerystring%` fills); if it is followed, the answer is whatever your page returns,
/// and the client can read it only if it carries the same fields. A send whose answer cannot be
/// read surfaces as ``SendOutcomeUnknownError``.
public struct OmiCardRedirects: Sendable, Hashable {
    /// `ReferUrl`: where every answer goes.
    public var referURL: String?
    /// `SuccessfulUrl`: where the answer goes when there was no error.
    public var successfulURL: String?
    /// `FailedUrl`: where the answer goes when there was an error (`ErrorCode` > 0).
    public var failedURL: String?

    /// Creates redirects; all are optional.
    ///
    /// - Parameters:
    ///   - referURL: `ReferUrl`, for every answer.
    ///   - successfulURL: `SuccessfulUrl`, when there was no error.
    ///   - failedURL: `FailedUrl`, when there was an error.
    public init(referURL: String? = nil, successfulURL: String? = nil, failedURL: String? = nil) {
        self.referURL = referURL
        self.successfulURL = successfulURL
        self.failedURL = failedURL
    }

    /// No redirects: the gateway answers directly.
    public static let none = OmiCardRedirects()

    /// Checks that each URL given is an absolute `http`/`https` URL.
    ///
    /// - Throws: ``ValidationError`` naming `ReferUrl`, `SuccessfulUrl` or `FailedUrl`.
    func validate() throws {
        for (name, value) in [("ReferUrl", referURL), ("SuccessfulUrl", successfulURL), ("FailedUrl", failedURL)] {
            guard let value else { continue }
            let lower = value.lowercased()
            guard (lower.hasPrefix("http://") || lower.hasPrefix("https://")), value.count > 8 else {
                throw ValidationError(field: name, reason: "must be an absolute http or https URL")
            }
            guard !value.unicodeScalars.contains(where: { $0 == " " || $0 == "\r" || $0 == "\n" || $0 == "\t" }) else {
                throw ValidationError(field: name, reason: "must not contain spaces or line breaks")
            }
        }
    }

    /// The redirect fields, in the seed's order.
    func parts() -> [MultipartFormData.Part] {
        var parts: [MultipartFormData.Part] = []
        if let referURL { parts.append(.text(name: "ReferUrl", value: referURL)) }
        if let successfulURL { parts.append(.text(name: "SuccessfulUrl", value: successfulURL)) }
        if let failedURL { parts.append(.text(name: "FailedUrl", value: failedURL)) }
        return parts
    }
}
