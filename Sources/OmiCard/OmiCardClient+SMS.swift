import Foundation

extension OmiCardClient {
    /// Sends an SMS job through `SMS.aspx`.
    ///
    /// The job is checked first (see ``SMSJob``); a local ``SMSListFile`` is read now. The request
    /// is a form POST, a `multipart/form-data` POST when a file is uploaded, or a GET query when
    /// the configuration says so.
    ///
    /// Sending is not idempotent, so the request is repeated only when the transport proves that
    /// nothing left this machine (``TransportError/requestMayHaveBeenProcessed`` is `false`, for
    /// example the connection was refused), up to ``Configuration/retryPolicy``'s `maxAttempts`.
    /// Any failure after the request may have gone out (a timeout, a lost connection, an HTTP
    /// status outside 2xx other than 401, 403 and 429, an unreadable answer, cancellation
    /// mid-flight) throws
    /// ``SendOutcomeUnknownError`` with the recipients and the job's `JobName`, `RefNumber` and
    /// `RefID`: the job may be running, so look it up before sending again.
    ///
    /// - Parameter job: The job to launch.
    /// - Returns: The new job's `LaunchID` and the whole answer.
    /// - Throws: ``ValidationError`` before sending; ``OmiCardError`` when the gateway refuses the
    ///   job (`ErrorCode` 100, 102, 1000, …); ``HTTPStatusError`` for HTTP 401, 403 or 429, which
    ///   are answered before the job is looked at (nothing was launched; a 429 carries
    ///   ``HTTPStatusError/retryAfter``); ``TransportError`` when nothing could be sent;
    ///   ``SendOutcomeUnknownError`` when the outcome is unknown; `CancellationError` when cancelled
    ///   before sending.
    public func sendSMS(_ job: SMSJob) async throws -> SMSLaunch {
        try credentials.validate()
        let prepared = try job.prepare()
        let request = try makeRequest(page: "SMS.aspx", parts: credentials.parts() + prepared.parts, idempotent: false)
        let secrets = credentials.secrets
        let policy = configuration.retryPolicy
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let startedAt = Date()
            func unknown(_ cause: any Error) -> SendOutcomeUnknownError {
                SendOutcomeUnknownError(
                    operation: "SMS.aspx", cause: cause, startedAt: startedAt, recipients: prepared.recipients,
                    references: prepared.references, advice: Self.unknownOutcomeAdvice)
            }
            let response: TransportResponse
            do {
                response = try await exchange(request, operation: "SMS.aspx", attempt: attempt)
            } catch let error as TransportError where !error.requestMayHaveBeenProcessed {
                guard attempt < policy.maxAttempts else { throw error }
                try await Task.sleep(for: policy.delay(afterAttempt: attempt))
                continue
            } catch {
                throw unknown(error)
            }
            // 401, 403 and 429 are answered before the page runs (IIS authorisation, a CDN in
            // front, rate limiting): nothing was launched, and the caller should know it.
            if Self.refusedBeforeProcessing.contains(response.status) {
                throw HTTPStatusError(response: response, secrets: secrets)
            }
            let answer: OmiCardResponse
            do {
                answer = try OmiCardResponseParser.parse(response, secrets: secrets)
            } catch {
                throw unknown(error)
            }
            do {
                return try OmiCardResponseParser.smsLaunch(from: answer, secrets: secrets)
            } catch let error as ResponseParseError {
                throw unknown(error)
            }
        }
    }

    /// HTTP statuses that say the request was refused before the gateway acted on it.
    static let refusedBeforeProcessing: Set<Int> = [401, 403, 429]

    static let unknownOutcomeAdvice = "The job may have been launched. Do not send it again blindly: find it in the "
        + "OMICard console by JobName, RefNumber or RefID (set RefID on jobs so they can be found), and with its "
        + "LaunchID query Status.aspx for a recipient (by SMSNumber, or by ExternRefNum = RefID with JobType SMS)."
}
