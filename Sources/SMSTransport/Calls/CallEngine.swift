import Foundation

/// The one place where every gateway client's calls are run: the rules that keep an account safe
/// and a send from going out twice live here, once, for EVERY8D over HTTP and SOAP and for OMICard.
///
/// For each call (a ``CallPlan``) the engine:
/// - checks the **login latch** and lets only one password-carrying call through until the
///   gateway has accepted the credentials (see ``SessionKeeper``), and records the gateway's
///   refusal of the credentials so that nothing tries them again;
/// - takes the managed **session** (token, session key) and, when the gateway rejects it, renews
///   it once and repeats the call once (nothing was carried out);
/// - **repeats** per the ``RepeatRule``: reads after temporary failures, with backoff; sends and
///   cancellations only when the gateway provably did not carry them out (the transport proves
///   nothing left; a 401, 403 or 429 answered in front of the gateway; a CDN's block page);
///   anything ambiguous after a send becomes ``SendOutcomeUnknownError`` with the time (from the
///   injected clock), recipients and references;
/// - **logs** redacted records through the logging hook (a warning for a partial send), and reports
///   ``CallEvent``s to the observer.
package struct CallEngine: Sendable {
    /// The gateway's name in events and refusals, for example `"EVERY8D"`.
    package var gateway: String
    package var transport: any HTTPTransport
    /// Repeats of reads after temporary failures.
    package var readRetryPolicy: RetryPolicy
    /// Repeats of sends and cancellations that provably did not leave.
    package var unsentRetryPolicy: RetryPolicy
    package var logger: TransportLogger?
    package var observer: (any CallObserver)?
    /// The clock for outcome-unknown start times and refusals.
    package var now: @Sendable () -> Date

    package init(gateway: String, transport: any HTTPTransport, readRetryPolicy: RetryPolicy, unsentRetryPolicy: RetryPolicy,
                 logger: TransportLogger?, observer: (any CallObserver)?, now: @escaping @Sendable () -> Date) {
        self.gateway = gateway
        self.transport = transport
        self.readRetryPolicy = readRetryPolicy
        self.unsentRetryPolicy = unsentRetryPolicy
        self.logger = logger
        self.observer = observer
        self.now = now
    }

    /// Runs `plan` to its end: its result, or the error the caller gets.
    package func run<Output: Sendable>(_ plan: CallPlan<Output>) async throws -> Output {
        let id = CallState.nextID()
        guard let observer else { return try await attempts(plan, id: id) }
        let started = CallEvent(phase: .started, callID: id, gateway: gateway, operation: plan.operation, attempt: 0,
                                recipients: plan.rule.context?.recipients.count)
        return try await observer.withCall(started) {
            observer.observe(started)
            return try await attempts(plan, id: id)
        }
    }

    /// The attempts of one call, until it succeeds or fails for good.
    private func attempts<Output: Sendable>(_ plan: CallPlan<Output>, id: UInt64) async throws -> Output {
        var state = CallState(id: id)
        while true {
            state.number += 1
            let step = await attempt(plan, state: &state)
            observe(attemptEvent(step, plan: plan, state: state))
            switch step.next {
            case .again:
                continue
            case .done(let output, let facts, let request):
                let partial = (facts.unsent ?? 0) > 0
                if partial, let logger, let request {
                    logger(.warning(Self.partialWarning(facts), about: request, operation: plan.operation, attempt: state.number))
                }
                observe(finishedEvent(plan, state: state, outcome: partial ? .partial : .success, facts: facts, error: nil))
                return output
            case .fail(let error, let outcome):
                observe(finishedEvent(plan, state: state, outcome: outcome, facts: CallFacts(), error: error))
                throw error
            }
        }
    }

    // MARK: One attempt

    private struct Step<Output> {
        enum Next {
            case done(Output, CallFacts, TransportRequest?)
            case again(CallOutcome)
            case fail(any Error, CallOutcome)
        }
        var next: Next
        var elapsed: Duration = .zero
    }

    private func attempt<Output>(_ plan: CallPlan<Output>, state: inout CallState) async -> Step<Output> {
        state.status = nil
        var probe: SessionKeeper?
        var session: StoredSession?
        do {
            switch plan.credentials {
            case .none:
                break
            case .password(let keeper):
                if try await keeper.admit(operation: plan.operation) { probe = keeper }
            case .session(let keeper, let login):
                session = try await keeper.session(for: plan.operation, login: login)
            case .fixed(let fixed):
                session = fixed
            case .singleUse(_, let fetch):
                session = try await fetch()
            }
        } catch {
            return Step(next: .fail(error, Self.outcome(ofEarly: error)))
        }
        let (step, accepted) = await exchange(plan, session: session, state: &state)
        if let probe { await probe.finishProbe(accepted: accepted) }
        return step
    }

    /// Sends the request and decides what comes next; also says whether the answer shows the
    /// gateway accepted the credentials (`nil`: no answer to tell).
    private func exchange<Output>(_ plan: CallPlan<Output>, session: StoredSession?, state: inout CallState) async -> (Step<Output>, Bool?) {
        let request: TransportRequest
        do { request = try plan.request(session) } catch { return (Step(next: .fail(error, .failed)), nil) }
        var secrets = plan.secrets
        if let session { secrets.append(session.value) }
        if logger != nil {
            secrets += await heldSecrets(plan, except: session)
            log(.request(request, operation: plan.operation, attempt: state.number, secrets: secrets))
        }
        let clock = ContinuousClock()
        let started = clock.now
        if case .send = plan.rule { state.startedAt = now() }
        guard !Task.isCancelled else { return (Step(next: .fail(CancellationError(), .cancelled)), nil) }

        let response: TransportResponse
        do {
            response = try await transport.send(request)
        } catch {
            let elapsed = clock.now - started
            if logger != nil {
                log(.failure(error, of: request, operation: plan.operation, attempt: state.number, elapsed: elapsed, secrets: secrets))
            }
            var step = await afterTransportFailure(error, plan: plan, state: &state)
            step.elapsed = elapsed
            return (step, nil)
        }
        let elapsed = clock.now - started
        state.status = response.status
        if let answerSecrets = plan.answerSecrets { secrets += answerSecrets(response) }
        if logger != nil {
            log(.response(response, to: request, operation: plan.operation, attempt: state.number, elapsed: elapsed, secrets: secrets))
        }

        var step: Step<Output>
        var accepted: Bool?
        let answer: Result<Output, any Error>?
        if response.isSuccess {
            answer = Result { try plan.parse(response, secrets) }
        } else {
            answer = plan.nonSuccess?(response, secrets)
        }
        switch answer {
        case .success(let output):
            (step, accepted) = (Step(next: .done(output, plan.facts(output), request)), true)
        case .failure(let error):
            (step, accepted) = await afterGatewayError(error, plan: plan, session: session, response: response, secrets: secrets, state: &state)
        case nil:
            step = await afterStatus(response, plan: plan, session: session, secrets: secrets, state: &state)
        }
        step.elapsed = elapsed
        return (step, accepted)
    }

    // MARK: Deciding after a failure

    private func afterTransportFailure<Output>(_ error: any Error, plan: CallPlan<Output>, state: inout CallState) async -> Step<Output> {
        if error is CancellationError {
            // Cancelled in flight: a send may have reached the gateway all the same.
            if case .send(let context) = plan.rule { return Step(next: .fail(outcomeUnknown(plan, error, context, state), .outcomeUnknown)) }
            return Step(next: .fail(error, .cancelled))
        }
        guard let transportError = error as? TransportError else {
            if case .send(let context) = plan.rule { return Step(next: .fail(outcomeUnknown(plan, error, context, state), .outcomeUnknown)) }
            return Step(next: .fail(error, .failed))
        }
        if !transportError.requestMayHaveBeenProcessed {
            // Nothing left this machine: any call may go again. A bad URL will not get better.
            if transportError.code != .badURL, await backOff(unsentRetryPolicy, &state) { return Step(next: .again(.retrying)) }
            return Step(next: .fail(error, .notSent))
        }
        switch plan.rule {
        case .read:
            if RetryPolicy.isRetryableRead(error), await backOff(readRetryPolicy, &state) { return Step(next: .again(.retrying)) }
            return Step(next: .fail(error, .failed))
        case .once:
            return Step(next: .fail(error, .failed))
        case .send(let context):
            return Step(next: .fail(outcomeUnknown(plan, error, context, state), .outcomeUnknown))
        }
    }

    private func afterStatus<Output>(_ response: TransportResponse, plan: CallPlan<Output>, session: StoredSession?, secrets: [String],
                                     state: inout CallState) async -> Step<Output> {
        if let blocked = RequestBlockedError(response: response) {
            // A CDN's block page: nothing reached the gateway, and a new token would not help.
            if case .read = plan.rule, await backOff(readRetryPolicy, &state) { return Step(next: .again(.retrying)) }
            return Step(next: .fail(blocked, .blocked))
        }
        if response.status == 401 || response.status == 403, let renewed = await renew(plan, session: session, state: &state) {
            return renewed
        }
        let statusError = HTTPStatusError(response: response, secrets: secrets + (await heldSecrets(plan, except: session)))
        switch plan.rule {
        case .read:
            if RetryPolicy.isRetryableRead(statusError), await backOff(readRetryPolicy, &state) { return Step(next: .again(.retrying)) }
            return Step(next: .fail(statusError, .failed))
        case .once:
            return Step(next: .fail(statusError, [401, 403, 429].contains(response.status) ? .notSent : .failed))
        case .send(let context):
            // 401/403 (refused) and 429 (too fast) are answered before the gateway acts.
            if [401, 403, 429].contains(response.status) { return Step(next: .fail(statusError, .notSent)) }
            return Step(next: .fail(outcomeUnknown(plan, statusError, context, state), .outcomeUnknown))
        }
    }

    private func afterGatewayError<Output>(_ error: any Error, plan: CallPlan<Output>, session: StoredSession?, response: TransportResponse,
                                           secrets: [String], state: inout CallState) async -> (Step<Output>, Bool?) {
        let allSecrets = secrets + (await heldSecrets(plan, except: session))
        if let parseError = error as? ResponseParseError {
            let detailed = parseError.withBody(response.body, contentType: response.headers["Content-Type"], secrets: allSecrets)
            if case .send(let context) = plan.rule { return (Step(next: .fail(outcomeUnknown(plan, detailed, context, state), .outcomeUnknown)), nil) }
            return (Step(next: .fail(detailed, .failed)), nil)
        }
        let shown = (error as? any SecretScrubbing).map { $0.scrubbed(allSecrets) } ?? error
        guard let failure = plan.classify(error) else { return (Step(next: .fail(shown, .failed)), nil) }
        switch failure {
        case .rejectedSession:
            if let renewed = await renew(plan, session: session, state: &state) { return (renewed, nil) }
            return (Step(next: .fail(shown, .refused)), nil)
        case .refusedLogin(let code, let message, let locked):
            if let keeper = plan.credentials.keeper {
                let refusal = LoginRefusal(gateway: keeper.identity.vendor, operation: plan.operation, code: code,
                                           message: Redaction.scrub(message, secrets: allSecrets), refusedAt: now(), accountLocked: locked)
                try? await keeper.recordRefusal(refusal)
            }
            return (Step(next: .fail(shown, .loginRefused)), false)
        case .busy:
            if case .read = plan.rule, await backOff(readRetryPolicy, &state) { return (Step(next: .again(.retrying)), true) }
            return (Step(next: .fail(shown, .refused)), true)
        case .refused:
            return (Step(next: .fail(shown, .refused)), true)
        case .failed:
            switch plan.rule {
            case .read:
                if await backOff(readRetryPolicy, &state) { return (Step(next: .again(.retrying)), true) }
                return (Step(next: .fail(shown, .failed)), true)
            case .once:
                return (Step(next: .fail(shown, .failed)), true)
            case .send(let context):
                return (Step(next: .fail(outcomeUnknown(plan, shown, context, state), .outcomeUnknown)), true)
            }
        }
    }

    /// Drops a rejected managed session (a single-use one is spent anyway) and asks for the call
    /// to be repeated, once per call.
    private func renew<Output>(_ plan: CallPlan<Output>, session: StoredSession?, state: inout CallState) async -> Step<Output>? {
        guard let session, !state.renewedSession else { return nil }
        switch plan.credentials {
        case .session(let keeper, _):
            state.renewedSession = true
            do {
                try await keeper.invalidate(session)
            } catch {
                return Step(next: .fail(error, .failed))
            }
        case .singleUse:
            state.renewedSession = true
        case .none, .password, .fixed:
            return nil
        }
        return Step(next: .again(.sessionRejected))
    }

    // MARK: Helpers

    /// Counts a failure and waits before the next attempt; `false` when the policy allows no more
    /// (or the task was cancelled while waiting).
    private func backOff(_ policy: RetryPolicy, _ state: inout CallState) async -> Bool {
        state.failures += 1
        guard state.failures < policy.maxAttempts else { return false }
        let wait = policy.delay(afterAttempt: state.failures)
        if wait > .zero {
            do { try await Task.sleep(for: wait) } catch { return false }
        }
        return true
    }

    private func outcomeUnknown<Output>(_ plan: CallPlan<Output>, _ cause: any Error, _ context: SendContext, _ state: CallState) -> SendOutcomeUnknownError {
        SendOutcomeUnknownError(operation: plan.operation, cause: cause, startedAt: state.startedAt ?? now(),
                                recipients: context.recipients, references: context.references, advice: context.advice)
    }

    /// The keeper's current session when it is not the one this attempt carries (it may show up
    /// in an answer or an error too).
    private func heldSecrets<Output>(_ plan: CallPlan<Output>, except session: StoredSession?) async -> [String] {
        guard let keeper = plan.credentials.keeper, let held = await keeper.heldSession, held.value != session?.value else { return [] }
        return [held.value]
    }

    private func log(_ record: @autoclosure () -> TransportLogRecord) {
        guard let logger else { return }
        logger(record())
    }

    private func observe(_ event: @autoclosure () -> CallEvent) {
        guard let observer else { return }
        observer.observe(event())
    }

    private func attemptEvent<Output>(_ step: Step<Output>, plan: CallPlan<Output>, state: CallState) -> CallEvent {
        let outcome: CallOutcome
        var error: String?
        switch step.next {
        case .done(_, let facts, _): outcome = (facts.unsent ?? 0) > 0 ? .partial : .success
        case .again(let reason): outcome = reason
        case .fail(let failure, let reason): outcome = reason; error = Self.eventText(failure)
        }
        return CallEvent(phase: .attempted, callID: state.id, gateway: gateway, operation: plan.operation, attempt: state.number,
                         outcome: outcome, httpStatus: state.status, duration: step.elapsed, error: error)
    }

    private func finishedEvent<Output>(_ plan: CallPlan<Output>, state: CallState, outcome: CallOutcome, facts: CallFacts,
                                       error: (any Error)?) -> CallEvent {
        CallEvent(phase: .finished, callID: state.id, gateway: gateway, operation: plan.operation, attempt: state.number,
                  outcome: outcome, httpStatus: state.status, duration: state.started.duration(to: .now),
                  recipients: plan.rule.context?.recipients.count, batchID: facts.batchID, sent: facts.sent, unsent: facts.unsent,
                  points: facts.points, credit: facts.credit, error: error.map(Self.eventText))
    }

    /// An error's description, redacted by name and cut short (values are scrubbed where the error was made).
    private static func eventText(_ error: any Error) -> String {
        Redaction.preview(Redaction.redactedText(String(describing: error)), limit: 200)
    }

    private static func outcome(ofEarly error: any Error) -> CallOutcome {
        switch error {
        case is CredentialsRefusedError: .latched
        case is CancellationError: .cancelled
        case let error as TransportError where !error.requestMayHaveBeenProcessed: .notSent
        default: .failed
        }
    }

    static func partialWarning(_ facts: CallFacts) -> String {
        let unsent = facts.unsent ?? 0
        var text = "partial send: \(unsent) message\(unsent == 1 ? "" : "s") not sent (not enough credit)"
        if let sent = facts.sent { text += "; the other \(sent) were sent" }
        if let batch = facts.batchID { text += " in batch \(batch)" }
        return text + ". Do not resend the whole batch: top up, then send only to the recipients not sent."
    }
}

/// What one call keeps between its attempts.
private struct CallState {
    let id: UInt64
    let started = ContinuousClock.now
    var number = 0
    var failures = 0
    var renewedSession = false
    var startedAt: Date?
    var status: Int?

    private static let counter = CallCounter()
    static func nextID() -> UInt64 { counter.next() }
}

/// Process-unique call numbers.
private final class CallCounter: @unchecked Sendable {
    // @unchecked: `value` is read and written only with `lock` held.
    private let lock = NSLock()
    private var value: UInt64 = 0
    func next() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        value &+= 1
        return value
    }
}

extension RepeatRule {
    /// The send's context, for sends.
    package var context: SendContext? {
        if case .send(let context) = self { return context }
        return nil
    }
}

extension CredentialUse {
    /// The keeper the call's credentials belong to, if any.
    package var keeper: SessionKeeper? {
        switch self {
        case .none, .fixed: nil
        case .password(let keeper): keeper
        case .session(let keeper, _): keeper
        case .singleUse(let keeper, _): keeper
        }
    }
}
