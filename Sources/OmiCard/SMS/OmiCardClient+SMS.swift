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
    /// - Parameters:
    ///   - job: The job to launch.
    ///   - idempotencyKey: Your id for this job (at most 255 bytes): the same key with the same job
    ///     never launches twice, also across processes sharing ``Configuration/sendLedger``; a repeat
    ///     returns the first launch (``SMSLaunch/isReplay``). After an unknown outcome nothing can
    ///     show what was launched (Status.aspx needs the lost `LaunchID`), so a repeat throws
    ///     `SendOutcomeUnknownError` again: look the job up by its `RefID`.
    /// - Returns: The new job's `LaunchID` and the whole answer.
    /// - Throws: ``ValidationError`` before sending; ``OmiCardError`` when the gateway refuses the
    ///   job (`ErrorCode` 100, 102, 1000, …); ``HTTPStatusError`` for HTTP 401, 403 or 429, which
    ///   are answered before the job is looked at (nothing was launched; a 429 carries
    ///   ``HTTPStatusError/retryAfter``); ``TransportError`` when nothing could be sent;
    ///   ``SendOutcomeUnknownError`` when the outcome is unknown; `CancellationError` when cancelled
    ///   before sending.
    public func sendSMS(_ job: SMSJob, idempotencyKey: String? = nil) async throws -> SMSLaunch {
        try credentials.validate()
        let prepared = try job.prepare()
        let request = try makeRequest(page: "SMS.aspx", parts: credentials.parts() + prepared.parts, idempotent: false)
        let context = SendContext(recipients: prepared.recipients, references: prepared.references, advice: Self.unknownOutcomeAdvice)
        let send = {
            try await perform("SMS.aspx", rule: .send(context), request: request, facts: { CallFacts(batchID: $0.launchID) }) { answer, secrets in
                try OmiCardResponseParser.smsLaunch(from: answer, secrets: secrets)
            }
        }
        guard let idempotencyKey else { return try await send() }
        try IdempotentSend<SMSLaunch>.validate(idempotencyKey)
        // The job's own fields, without the credentials, make the fingerprint.
        let unsigned = try makeRequest(page: "SMS.aspx", parts: prepared.parts, idempotent: false)
        let retries = configuration.retryPolicy
        let keyed = IdempotentSend<SMSLaunch>(
            ledger: configuration.sendLedger, key: idempotencyKey, operation: "SMS.aspx",
            fingerprint: IdempotentSend<SMSLaunch>.fingerprint(operation: "SMS.aspx", body: unsigned.body + Data(unsigned.url.absoluteString.utf8)),
            lease: configuration.timeout * retries.maxAttempts + retries.maxDelay * retries.maxAttempts + .seconds(5),
            wait: configuration.idempotencyWait, retention: configuration.idempotencyRetention, now: configuration.now)
        return try await keyed.run(
            send: send,
            // Status.aspx needs the LaunchID the lost answer held: nothing can prove what was launched.
            reconcile: { earlier in
                .unproven(SendOutcomeUnknownError(
                    operation: "SMS.aspx", cause: EarlierAttemptUnknown(key: earlier.key, startedAt: earlier.createdAt),
                    startedAt: earlier.createdAt, recipients: context.recipients, references: context.references, advice: context.advice))
            },
            replayed: { launch in var replay = launch; replay.isReplay = true; return replay })
    }

    static let unknownOutcomeAdvice = "The job may have been launched. Do not send it again blindly: find it in the "
        + "OMICard console by JobName, RefNumber or RefID (set RefID on jobs so they can be found), and with its "
        + "LaunchID query Status.aspx for a recipient (by SMSNumber, or by ExternRefNum = RefID with JobType SMS)."
}
