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
///
/// A client makes one when it is created and its copies share it (a class: passing it to a call
/// is one reference, not its seven settings).
package final class CallEngine: Sendable {
    /// The gateway's name in events and refusals, for example `"EVERY8D"`.
    package let gateway: String
    package let transport: any HTTPTransport
    /// Repeats of reads after temporary failures.
    package let readRetryPolicy: RetryPolicy
    /// Repeats of sends and cancellations that provably did not leave.
    package let unsentRetryPolicy: RetryPolicy
    package let logger: TransportLogger?
    package let observer: (any CallObserver)?
    /// The clock for outcome-unknown start times and refusals.
    package let now: @Sendable () -> Date

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
        // Only this function knows the output's type; the rest of the engine is not generic and
        // carries the result as `any Sendable`. A generic engine, which nothing specialises across
        // modules, looked up generic metadata (`Step<Output>`, `Output?`) several times a call: a
        // tenth of a short call's time.
        let output = try await run(core: plan.core) { response, secrets -> Result<Answer, any Error>? in
            if response.isSuccess {
                do {
                    let value = try plan.parse(response, secrets)
                    return .success(Answer(output: value, facts: plan.facts(value)))
                } catch {
                    return .failure(error)
                }
            }
            return plan.nonSuccess?(response, secrets).map { answer in answer.map { Answer(output: $0, facts: plan.facts($0)) } }
        }
        // The reader above made it from an `Output`.
        return output as! Output
    }

    /// A call's result, and what it says about a send.
    private struct Answer {
        var output: any Sendable
        var facts: CallFacts
    }

    /// Reads an answer: the result, its error, or `nil` when the answer is not the gateway's own
    /// (the engine then judges the HTTP status).
    private typealias AnswerReader = (TransportResponse, [String]) -> Result<Answer, any Error>?

    private func run(core plan: CallPlanCore, read: AnswerReader) async throws -> any Sendable {
        let id = CallState.nextID()
        guard let observer else { return try await attempts(plan, id: id, read: read) }
        let started = CallEvent(phase: .started, callID: id, gateway: gateway, operation: plan.operation, attempt: 0,
                                recipients: plan.rule.context?.recipients.count)
        return try await observer.withCall(started) {
            observer.observe(started)
            return try await attempts(plan, id: id, read: read)
        }
    }

    /// The attempts of one call, until it succeeds or fails for good.
    private func attempts(_ plan: CallPlanCore, id: UInt64, read: AnswerReader) async throws -> any Sendable {
        var state = CallState(id: id, started: timed ? ContinuousClock.now : nil)
        while true {
            state.number += 1
            let step = await attempt(plan, state: &state, read: read)
            observe(attemptEvent(step, plan: plan, state: state))
            switch step.next {
            case .again:
                continue
            case .done(let answer):
                let facts = answer.facts
                observe(finishedEvent(plan, state: state, outcome: facts.isPartial ? .partial : .success, facts: facts, error: nil))
                return answer.output
            case .fail(let error, let outcome):
                observe(finishedEvent(plan, state: state, outcome: outcome, facts: CallFacts(), error: error))
                throw error
            }
        }
    }

    // MARK: One attempt

    private struct Step {
        enum Next {
            case done(Answer)
            case again(CallOutcome)
            case fail(any Error, CallOutcome)
        }
        var next: Next
        var elapsed: Duration = .zero
    }

    private func attempt(_ plan: CallPlanCore, state: inout CallState, read: AnswerReader) async -> Step {
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
        let (step, accepted) = await exchange(plan, session: session, state: &state, read: read)
        if let probe { probe.finishProbe(accepted: accepted) }
        return step
    }

    /// Sends the request and decides what comes next; also says whether the answer shows the
    /// gateway accepted the credentials (`nil`: no answer to tell).
    private func exchange(_ plan: CallPlanCore, session: StoredSession?, state: inout CallState, read: AnswerReader) async -> (Step, Bool?) {
        let request: TransportRequest
        do { request = try plan.request(session) } catch { return (Step(next: .fail(error, .failed)), nil) }
        var secrets = plan.secrets
        if let session { secrets.append(session.value) }
        if logger != nil {
            secrets += await heldSecrets(plan, except: session)
            log(.request(request, operation: plan.operation, attempt: state.number, secrets: secrets))
        }
        // Durations are for events and log records: the clock is read only when something sees them.
        let started = timed ? ContinuousClock.now : nil
        if case .send = plan.rule { state.startedAt = now() }
        guard !Task.isCancelled else { return (Step(next: .fail(CancellationError(), .cancelled)), nil) }

        let response: TransportResponse
        do {
            response = try await transport.send(request)
        } catch {
            let elapsed = started?.duration(to: .now) ?? .zero
            if logger != nil {
                log(.failure(error, of: request, operation: plan.operation, attempt: state.number, elapsed: elapsed, secrets: secrets))
            }
            var step = await afterTransportFailure(error, plan: plan, state: &state)
            step.elapsed = elapsed
            return (step, nil)
        }
        let elapsed = started?.duration(to: .now) ?? .zero
        state.status = response.status
        if let answerSecrets = plan.answerSecrets { secrets += answerSecrets(response) }
        if logger != nil {
            log(.response(response, to: request, operation: plan.operation, attempt: state.number, elapsed: elapsed, secrets: secrets))
        }

        var step: Step
        var accepted: Bool?
        switch read(response, secrets) {
        case .success(let answer):
            if answer.facts.isPartial, let logger {
                logger(.warning(Self.partialWarning(answer.facts), about: request, operation: plan.operation, attempt: state.number))
            }
            (step, accepted) = (Step(next: .done(answer)), true)
        case .failure(let error):
            (step, accepted) = await afterGatewayError(error, plan: plan, session: session, response: response, secrets: secrets, state: &state)
        case nil:
            step = await afterStatus(response, plan: plan, session: session, secrets: secrets, state: &state)
        }
        step.elapsed = elapsed
        return (step, accepted)
    }

    // MARK: Deciding after a failure

    private func afterTransportFailure(_ error: any Error, plan: CallPlanCore, state: inout CallState) async -> Step {
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

    private func afterStatus(_ response: TransportResponse, plan: CallPlanCore, session: StoredSession?, secrets: [String],
                             state: inout CallState) async -> Step {
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

    private func afterGatewayError(_ error: any Error, plan: CallPlanCore, session: StoredSession?, response: TransportResponse,
                                   secrets: [String], state: inout CallState) async -> (Step, Bool?) {
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
    private func renew(_ plan: CallPlanCore, session: StoredSession?, state: inout CallState) async -> Step? {
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

    private func outcomeUnknown(_ plan: CallPlanCore, _ cause: any Error, _ context: SendContext, _ state: CallState) -> SendOutcomeUnknownError {
        SendOutcomeUnknownError(operation: plan.operation, cause: cause, startedAt: state.startedAt ?? now(),
                                recipients: context.recipients, references: context.references, advice: context.advice)
    }

    /// The keeper's current session when it is not the one this attempt carries (it may show up
    /// in an answer or an error too).
    private func heldSecrets(_ plan: CallPlanCore, except session: StoredSession?) async -> [String] {
        guard let keeper = plan.credentials.keeper, let held = keeper.heldSession, held.value != session?.value else { return [] }
        return [held.value]
    }

    /// Whether anything sees durations (events or log records).
    private var timed: Bool { observer != nil || logger != nil }

    private func log(_ record: @autoclosure () -> TransportLogRecord) {
        guard let logger else { return }
        logger(record())
    }

    private func observe(_ event: @autoclosure () -> CallEvent) {
        guard let observer else { return }
        observer.observe(event())
    }

    private func attemptEvent(_ step: Step, plan: CallPlanCore, state: CallState) -> CallEvent {
        let outcome: CallOutcome
        var error: String?
        switch step.next {
        case .done(let answer): outcome = answer.facts.isPartial ? .partial : .success
        case .again(let reason): outcome = reason
        case .fail(let failure, let reason): outcome = reason; error = Self.eventText(failure)
        }
        return CallEvent(phase: .attempted, callID: state.id, gateway: gateway, operation: plan.operation, attempt: state.number,
                         outcome: outcome, httpStatus: state.status, duration: step.elapsed, error: error)
    }

    private func finishedEvent(_ plan: CallPlanCore, state: CallState, outcome: CallOutcome, facts: CallFacts,
                                       error: (any Error)?) -> CallEvent {
        CallEvent(phase: .finished, callID: state.id, gateway: gateway, operation: plan.operation, attempt: state.number,
                  outcome: outcome, httpStatus: state.status, duration: state.started?.duration(to: .now) ?? .zero,
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
    /// When the call started, if anything sees durations.
    let started: ContinuousClock.Instant?
    var number = 0
    var failures = 0
    var renewedSession = false
    var startedAt: Date?
    var status: Int?

    private static let counter = Locked<UInt64>(0)
    static func nextID() -> UInt64 {
        counter.withLock { value in
            value &+= 1
            return value
        }
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
