import Foundation

extension OmiCardClient {
    /// Asks `Status.aspx` where one recipient of a job stands.
    ///
    /// Fields go out as: the credentials, `LaunchID`, then `EmailAddress`, `SMSNumber`, or
    /// `ExternRefNum` and `JobType`, then any redirect URLs. The query is a read, so temporary
    /// failures (transport errors, HTTP 403/408/425/429/5xx) are retried per
    /// ``Configuration/retryPolicy``.
    ///
    /// - Parameters:
    ///   - launchID: The job's `LaunchID`, from ``SMSLaunch/launchID`` or the console.
    ///   - query: The recipient: by e-mail address, by SMS number, or by your reference and job type.
    ///   - redirects: `ReferUrl`, `SuccessfulUrl`, `FailedUrl` (default none).
    /// - Returns: The SMS `CurrentState` or the e-mail pools, and every field of the answer.
    /// - Throws: ``ValidationError`` before sending; ``OmiCardError`` when the gateway answers with
    ///   an error (110 when nothing matches or it is not yours, 111 for a wrong `JobType`, …);
    ///   ``TransportError``, ``HTTPStatusError`` or ``ResponseParseError`` after the last attempt.
    public func status(launchID: String, for query: StatusQuery, redirects: OmiCardRedirects = .none) async throws -> RecipientStatus {
        try credentials.validate()
        let trimmedID = launchID.trimmingASCIIWhitespace()
        guard !trimmedID.isEmpty else {
            throw ValidationError(field: "LaunchID", reason: "the LaunchID is empty")
        }
        guard let number = Int(trimmedID), number > 0, trimmedID.allSatisfy(\.isASCII) else {
            throw ValidationError(field: "LaunchID", value: trimmedID, reason: "a LaunchID is a positive whole number, as SMS.aspx answers it")
        }
        try redirects.validate()
        let parts = credentials.parts() + [.text(name: "LaunchID", value: trimmedID)] + (try query.parts()) + redirects.parts()
        let request = try makeRequest(page: "Status.aspx", parts: parts)
        return try await perform("Status.aspx", rule: .read, request: request) { answer, secrets in
            try OmiCardResponseParser.recipientStatus(from: answer, launchID: trimmedID, query: query, secrets: secrets)
        }
    }
}
