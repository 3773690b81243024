import Foundation

/// A request body before authentication is added.
enum RequestBody: Sendable {
    /// `application/x-www-form-urlencoded` fields, in order (`UID`/`PWD` go first in password mode).
    case form([FormField])
    /// `application/json` object members, already written, in order (`UID`/`PWD` go first in
    /// password mode).
    case jsonObject(OutgoingJSON)

    /// `application/json` object members, in order (`UID`/`PWD` go first in password mode).
    static func json(_ members: [OutgoingJSON.Member]) -> RequestBody {
        .jsonObject(OutgoingJSON(members))
    }
}

/// How a call may be repeated after a failure.
enum RepeatRule: Sendable {
    /// A read: repeated per the read policy after any retryable failure.
    case read
    /// Repeated only when the transport proves nothing was sent; other failures surface as they are.
    case once
    /// A send: repeated only when nothing was sent; an ambiguous failure becomes `SendOutcomeUnknownError`.
    case send(SendContext)
}

extension RepeatRule {
    /// Whether the request may be sent twice without harm: reads only. The transport keeps
    /// anything else off kept-alive connections (see `TransportRequest.isIdempotent`).
    var isIdempotent: Bool {
        if case .read = self { return true }
        return false
    }
}

/// What a `SendOutcomeUnknownError` tells the caller about a send.
///
/// The recipients and references are read off the checked send only when such an error is
/// made, not on every send.
struct SendContext: Sendable {
    private enum Source: Sendable {
        case sms(SMSMessage)
        case param(ParamRequest)
        case given(recipients: [String], references: [String: String])
    }

    private let source: Source
    let advice: String

    /// A send's recipients and references as given.
    init(recipients: [String], references: [String: String], advice: String) {
        source = .given(recipients: recipients, references: references)
        self.advice = advice
    }

    /// An SMS send's numbers and references.
    init(_ message: SMSMessage, advice: String) {
        source = .sms(message)
        self.advice = advice
    }

    /// A `SendParam` send's numbers and references.
    init(_ request: ParamRequest, advice: String) {
        source = .param(request)
        self.advice = advice
    }

    var recipients: [String] {
        switch source {
        case .sms(let message): message.recipients
        case .param(let request): request.mobiles
        case .given(let recipients, _): recipients
        }
    }

    var references: [String: String] {
        switch source {
        case .sms(let message): message.references
        case .param(let request): request.references
        case .given(_, let references): references
        }
    }

    /// For SMS sends: the records, and the duplicate filter's dry run.
    static let defaultAdvice = "Before sending again, look for this send in the EVERY8D records (the web console lists batches "
        + "by subject and time). A dry run of sendSMSFilteringDuplicates (dryRun: true) with the same text and numbers lists "
        + "the numbers that already received that exact text in the last 24 hours."

    /// For MMS sends: the records only (the duplicate filter is for SMS).
    static let mmsAdvice = "Before sending again, look for this send in the EVERY8D records (the web console lists batches "
        + "by subject and time)."
}

extension Every8DClient {
    /// Runs one call: builds the request (authenticated per the configuration), sends it, repeats
    /// it only as `rule` allows, renews a rejected token once, and parses the answer.
    ///
    /// - Parameters:
    ///   - operation: The call.
    ///   - rule: How it may be repeated.
    ///   - authenticated: Whether to add a token or `UID`/`PWD` (false for the token fetch, which
    ///     carries its own).
    ///   - token: A token to use instead of the managed one (token check and close).
    ///   - body: The body without authentication.
    ///   - answerHoldsSecret: Extracts a secret from the answer (the fetched token) so that logs
    ///     and errors blank it out.
    ///   - parse: Reads the answer.
    func perform<T: Sendable>(
        _ operation: Every8DOperation,
        rule: RepeatRule,
        authenticated: Bool = true,
        token fixedToken: AccessToken? = nil,
        body: RequestBody,
        answerHoldsSecret: (@Sendable (Data) -> [String])? = nil,
        parse: (Data) throws -> T
    ) async throws -> T {
        let url = try endpoints.url(operation.path) { try configuration.endpointURL($0) }
        try checkCredentials()
        let usesToken = authenticated && (fixedToken != nil || configuration.authentication == .token)
        var attempt = 0
        var failures = 0
        var renewedToken = false
        while true {
            // Cancellation is checked by the token fetch (token mode) and right before sending.
            attempt += 1
            var token: AccessToken?
            if usesToken { token = if let fixedToken { fixedToken } else { try await validToken() } }
            let request = makeRequest(url: url, body: body, token: token, authenticated: authenticated, idempotent: rule.isIdempotent)
            // What logs and errors must blank out: gathered (with a look at the held token, an
            // actor hop) only when a record is logged or an error is thrown, not on every call.
            var secrets: [String]?
            let logging = configuration.logger != nil
            if logging {
                let known = await knownSecrets(&secrets, token: token)
                log(.request(request, operation: operation.name, attempt: attempt, secrets: known))
            }

            // Elapsed time is for log records only; the start time for an unknown send outcome.
            let started: ContinuousClock.Instant? = logging ? .now : nil
            let startedAt: Date? = if case .send = rule { configuration.now() } else { nil }
            let response: TransportResponse
            try Task.checkCancellation()  // nothing has left yet
            do {
                response = try await transport.send(request)
            } catch {
                if logging {
                    let known = await knownSecrets(&secrets, token: token)
                    log(.failure(error, of: request, operation: operation.name, attempt: attempt, elapsed: Self.elapsed(since: started), secrets: known))
                }
                let nothingSent = (error as? TransportError).map { !$0.requestMayHaveBeenProcessed && $0.code != .badURL } ?? false
                switch rule {
                case .read:
                    if RetryPolicy.isRetryableRead(error), try await backOff(&failures, policy: configuration.readRetryPolicy) { continue }
                    throw error
                case .once:
                    if nothingSent, try await backOff(&failures, policy: configuration.unsentRetryPolicy) { continue }
                    throw error
                case .send(let context):
                    if nothingSent, try await backOff(&failures, policy: configuration.unsentRetryPolicy) { continue }
                    if let transportError = error as? TransportError, !transportError.requestMayHaveBeenProcessed { throw error }
                    throw outcomeUnknown(operation, cause: error, startedAt: startedAt, context: context)
                }
            }
            if let answerHoldsSecret {
                secrets = await knownSecrets(&secrets, token: token) + answerHoldsSecret(response.body)
            }
            if logging {
                let known = await knownSecrets(&secrets, token: token)
                log(.response(response, to: request, operation: operation.name, attempt: attempt, elapsed: Self.elapsed(since: started), secrets: known))
            }

            if let token, fixedToken == nil, response.status == 401 || response.status == 403, !renewedToken {
                // The gateway refused the token before doing anything: renew it once and repeat once.
                renewedToken = true
                await tokens.invalidate(token)
                continue
            }
            guard response.isSuccess else {
                let statusError = HTTPStatusError(response: response, secrets: await knownSecrets(&secrets, token: token))
                switch rule {
                case .read:
                    if RetryPolicy.isRetryableRead(statusError), try await backOff(&failures, policy: configuration.readRetryPolicy) { continue }
                    throw statusError
                case .once:
                    throw statusError
                case .send(let context):
                    // 401/403 (refused) and 429 (too fast) are answered before the gateway acts.
                    if [401, 403, 429].contains(response.status) { throw statusError }
                    throw outcomeUnknown(operation, cause: statusError, startedAt: startedAt, context: context)
                }
            }
            do {
                return try parse(response.body)
            } catch let error as Every8DError {
                if let token, fixedToken == nil, error.isAuthenticationFailure, !renewedToken {
                    renewedToken = true
                    await tokens.invalidate(token)
                    continue
                }
                throw error.scrubbed(await knownSecrets(&secrets, token: token))
            } catch let error as ResponseParseError {
                let detailed = error.withBody(response.body, contentType: response.headers["Content-Type"],
                                              secrets: await knownSecrets(&secrets, token: token))
                if case .send(let context) = rule {
                    throw outcomeUnknown(operation, cause: detailed, startedAt: startedAt, context: context)
                }
                throw detailed
            }
        }
    }

    /// The secrets of one attempt, gathered on first need: the password, the token sent, and the
    /// token held if it is another one.
    private func knownSecrets(_ secrets: inout [String]?, token: AccessToken?) async -> [String] {
        if let secrets { return secrets }
        var gathered = [credentials.password]
        if let token { gathered.append(token.value) }
        if let held = await tokens.heldToken, held != token { gathered.append(held.value) }
        secrets = gathered
        return gathered
    }

    /// The time since `start` (zero when it was not read: nothing is logged then).
    private static func elapsed(since start: ContinuousClock.Instant?) -> Duration {
        start.map { $0.duration(to: .now) } ?? .zero
    }

    /// Counts a failure and waits before the next attempt; `false` when the policy allows no more.
    private func backOff(_ failures: inout Int, policy: RetryPolicy) async throws -> Bool {
        failures += 1
        guard failures < policy.maxAttempts else { return false }
        let delay = policy.delay(afterAttempt: failures)
        if delay > .zero { try await Task.sleep(for: delay) }
        return true
    }

    private func outcomeUnknown(_ operation: Every8DOperation, cause: any Error, startedAt: Date?, context: SendContext) -> SendOutcomeUnknownError {
        SendOutcomeUnknownError(
            operation: operation.name, cause: cause, startedAt: startedAt ?? configuration.now(), recipients: context.recipients,
            references: context.references, advice: context.advice)
    }

    private func checkCredentials() throws {
        guard !credentials.userID.trimmingASCIIWhitespace().isEmpty else {
            throw ValidationError(field: "UID", reason: "the user id is empty")
        }
        guard !credentials.password.isEmpty else {
            throw ValidationError(field: "PWD", reason: "the password is empty")
        }
    }

    /// The request for `body`, with the token header or `UID`/`PWD` as configured.
    func makeRequest(url: URL, body: RequestBody, token: AccessToken?, authenticated: Bool, idempotent: Bool = true) -> TransportRequest {
        let inBody = authenticated && token == nil && configuration.authentication == .password
        var headers = HTTPHeaders()
        let data: Data
        switch body {
        case .form(let fields):
            headers.add(name: "Content-Type", value: FormEncoding.contentType)
            data = FormEncoding.encode(fields, after: inBody ? (FormField("UID", credentials.userID), FormField("PWD", credentials.password)) : nil)
        case .jsonObject(let members):
            headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            data = members.objectData(after: inBody ? (.init("UID", .string(credentials.userID)), .init("PWD", .string(credentials.password))) : nil)
        }
        if let token {
            headers.add(name: "Authorization", value: "Bearer \(token.value)")
        }
        return TransportRequest(method: .post, url: url, headers: headers, body: data, timeout: configuration.timeout, isIdempotent: idempotent)
    }

    private func log(_ record: @autoclosure () -> TransportLogRecord) {
        guard let logger = configuration.logger else { return }
        logger(record())
    }
}
