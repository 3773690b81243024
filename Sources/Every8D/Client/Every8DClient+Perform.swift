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
        try credentials.validate()
        let usesToken = authenticated && (fixedToken != nil || configuration.authentication == .token)
        // The cold paths (logging, failures, retries) are functions of their own: whatever is
        // inlined here gets a slot in this async frame, which every call allocates.
        var attempt = Attempt(operation: operation, fixedToken: fixedToken)
        while true {
            // Cancellation is checked by the token fetch (token mode) and right before sending.
            attempt.number += 1
            attempt.secrets = nil
            attempt.token = nil
            if usesToken { attempt.token = if let fixedToken { fixedToken } else { try await validToken() } }
            let request = makeRequest(url: url, body: body, token: attempt.token, authenticated: authenticated, idempotent: rule.isIdempotent)
            let logging = configuration.logger != nil
            if logging { await logRequest(request, attempt: &attempt) }

            // Elapsed time is for log records only; the start time for an unknown send outcome.
            let started: ContinuousClock.Instant? = logging ? .now : nil
            if case .send = rule { attempt.startedAt = configuration.now() }
            let response: TransportResponse
            try Task.checkCancellation()  // nothing has left yet
            do {
                response = try await transport.send(request)
            } catch {
                try await recover(from: error, sending: request, rule: rule, attempt: &attempt, started: started)
                continue
            }
            if let answerHoldsSecret {
                attempt.secrets = await knownSecrets(&attempt) + answerHoldsSecret(response.body)
            }
            if logging { await logResponse(response, to: request, attempt: &attempt, started: started) }

            if let token = attempt.token, fixedToken == nil, response.status == 401 || response.status == 403, !attempt.renewedToken {
                // The gateway refused the token before doing anything: renew it once and repeat once.
                attempt.renewedToken = true
                await tokens.invalidate(token)
                continue
            }
            guard response.isSuccess else {
                try await recover(fromStatusOf: response, rule: rule, attempt: &attempt)
                continue
            }
            do {
                return try Self.parsed(response.body, with: parse)
            } catch {
                try await recover(fromAnswerError: error, in: response, rule: rule, attempt: &attempt)
                continue
            }
        }
    }

    /// What one call keeps between its attempts (the repeat rule is passed beside it, not copied in).
    struct Attempt {
        let operation: Every8DOperation
        /// The token given to the call (check and close) rather than the managed one.
        let fixedToken: AccessToken?
        /// The attempt's number, from 1.
        var number = 0
        /// Failures so far, counted against the retry policies.
        var failures = 0
        var renewedToken = false
        /// The token sent with this attempt.
        var token: AccessToken?
        /// What logs and errors must blank out: gathered (with a look at the held token, an
        /// actor hop) only when a record is logged or an error is thrown, not on every call.
        var secrets: [String]?
        /// When a send left, for an unknown outcome.
        var startedAt: Date?

        init(operation: Every8DOperation, fixedToken: AccessToken?) {
            self.operation = operation
            self.fixedToken = fixedToken
        }
    }

    /// Logs an attempt's request.
    @inline(never)
    private func logRequest(_ request: TransportRequest, attempt: inout Attempt) async {
        let known = await knownSecrets(&attempt)
        log(.request(request, operation: attempt.operation.name, attempt: attempt.number, secrets: known))
    }

    /// Logs an attempt's response.
    @inline(never)
    private func logResponse(_ response: TransportResponse, to request: TransportRequest, attempt: inout Attempt,
                             started: ContinuousClock.Instant?) async {
        let known = await knownSecrets(&attempt)
        log(.response(response, to: request, operation: attempt.operation.name, attempt: attempt.number,
                      elapsed: Self.elapsed(since: started), secrets: known))
    }

    /// After the transport failed: returns to repeat the call, or throws what the caller gets.
    @inline(never)
    private func recover(from error: any Error, sending request: TransportRequest, rule: RepeatRule, attempt: inout Attempt,
                         started: ContinuousClock.Instant?) async throws {
        if configuration.logger != nil {
            let known = await knownSecrets(&attempt)
            log(.failure(error, of: request, operation: attempt.operation.name, attempt: attempt.number,
                         elapsed: Self.elapsed(since: started), secrets: known))
        }
        let nothingSent = (error as? TransportError).map { !$0.requestMayHaveBeenProcessed && $0.code != .badURL } ?? false
        switch rule {
        case .read:
            if RetryPolicy.isRetryableRead(error), try await configuration.readRetryPolicy.backOff(&attempt.failures) { return }
            throw error
        case .once:
            if nothingSent, try await configuration.unsentRetryPolicy.backOff(&attempt.failures) { return }
            throw error
        case .send(let context):
            if nothingSent, try await configuration.unsentRetryPolicy.backOff(&attempt.failures) { return }
            if let transportError = error as? TransportError, !transportError.requestMayHaveBeenProcessed { throw error }
            throw outcomeUnknown(attempt, cause: error, context: context)
        }
    }

    /// After an answer other than 2xx: returns to repeat the call, or throws what the caller gets.
    @inline(never)
    private func recover(fromStatusOf response: TransportResponse, rule: RepeatRule, attempt: inout Attempt) async throws {
        let statusError = HTTPStatusError(response: response, secrets: await knownSecrets(&attempt))
        switch rule {
        case .read:
            if RetryPolicy.isRetryableRead(statusError), try await configuration.readRetryPolicy.backOff(&attempt.failures) { return }
            throw statusError
        case .once:
            throw statusError
        case .send(let context):
            // 401/403 (refused) and 429 (too fast) are answered before the gateway acts.
            if [401, 403, 429].contains(response.status) { throw statusError }
            throw outcomeUnknown(attempt, cause: statusError, context: context)
        }
    }

    /// After the answer was an error or unreadable: returns to repeat the call with a renewed
    /// token (once, when the gateway refused the token), or throws what the caller gets.
    @inline(never)
    private func recover(fromAnswerError error: any Error, in response: TransportResponse, rule: RepeatRule, attempt: inout Attempt) async throws {
        switch error {
        case let error as Every8DError:
            if let token = attempt.token, attempt.fixedToken == nil, error.isAuthenticationFailure, !attempt.renewedToken {
                attempt.renewedToken = true
                await tokens.invalidate(token)
                return
            }
            throw error.scrubbed(await knownSecrets(&attempt))
        case let error as ResponseParseError:
            let detailed = error.withBody(response.body, contentType: response.headers["Content-Type"],
                                          secrets: await knownSecrets(&attempt))
            if case .send(let context) = rule {
                throw outcomeUnknown(attempt, cause: detailed, context: context)
            }
            throw detailed
        default:
            throw error
        }
    }

    /// The secrets of one attempt, gathered on first need: the password, the token sent, and the
    /// token held if it is another one.
    private func knownSecrets(_ attempt: inout Attempt) async -> [String] {
        if let secrets = attempt.secrets { return secrets }
        var gathered = [credentials.password]
        if let token = attempt.token { gathered.append(token.value) }
        if let held = await tokens.heldToken, held != attempt.token { gathered.append(held.value) }
        attempt.secrets = gathered
        return gathered
    }

    /// Runs `parse` outside the async frame of ``perform(_:rule:authenticated:token:body:answerHoldsSecret:parse:)``.
    ///
    /// Everything inlined into an async function gets a slot in its frame, which lives on the
    /// task's allocator: with the parsers inlined the frame grew past 5 KB, more than the task's
    /// first slab, and every call paid for a fresh one. Synchronous work stays on the thread's stack.
    @inline(never)
    private static func parsed<T>(_ body: Data, with parse: (Data) throws -> T) throws -> T {
        try parse(body)
    }

    /// The time since `start` (zero when it was not read: nothing is logged then).
    private static func elapsed(since start: ContinuousClock.Instant?) -> Duration {
        start.map { $0.duration(to: .now) } ?? .zero
    }


    private func outcomeUnknown(_ attempt: Attempt, cause: any Error, context: SendContext) -> SendOutcomeUnknownError {
        SendOutcomeUnknownError(
            operation: attempt.operation.name, cause: cause, startedAt: attempt.startedAt ?? configuration.now(),
            recipients: context.recipients, references: context.references, advice: context.advice)
    }


    /// The request for `body`, with the token header or `UID`/`PWD` as configured.
    @inline(never)
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

    @inline(never)
    private func log(_ record: @autoclosure () -> TransportLogRecord) {
        guard let logger = configuration.logger else { return }
        logger(record())
    }
}

// Shared with the SOAP client's loop.
extension RetryPolicy {
    /// Counts a failure and waits before the next attempt; `false` when the policy allows no more.
    func backOff(_ failures: inout Int) async throws -> Bool {
        failures += 1
        guard failures < maxAttempts else { return false }
        let wait = delay(afterAttempt: failures)
        if wait > .zero { try await Task.sleep(for: wait) }
        return true
    }
}
