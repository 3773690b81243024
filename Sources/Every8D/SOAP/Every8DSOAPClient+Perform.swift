import Foundation

/// Which session key a SOAP call carries.
enum SOAPSessionUse: Sendable {
    /// None (`getConnection`, which carries the password).
    case none
    /// The managed key: fetched on first need, renewed once when the gateway answers `-301`.
    case managed
    /// This very key, never renewed (`closeConnection`).
    case fixed(StoredSession)
}

extension Every8DSOAPClient {
    /// Runs one SOAP call through the shared call engine: builds the envelope (with the session key
    /// in its first parameter) and reads the result string out of the answer's envelope (or its
    /// fault). Repeats, session renewal on `-301`, the login latch, logging and outcome-unknown are
    /// the engine's.
    ///
    /// - Parameters:
    ///   - method: The web method.
    ///   - rule: How it may be repeated (the HTTP client's rules).
    ///   - session: Which session key goes first in the parameters.
    ///   - values: The other parameters' values, in the method's order after `sessionKey`
    ///     (for `getConnection`: all of them).
    ///   - resultHoldsSecret: Extracts a secret from the result (the new session key) so that
    ///     logs and errors blank it out.
    ///   - facts: What the result says about a send.
    ///   - parse: Reads the result string.
    func perform<T: Sendable>(
        _ method: SOAPMethod,
        rule: RepeatRule,
        session: SOAPSessionUse = .managed,
        values: [String],
        resultHoldsSecret: (@Sendable (String) -> [String])? = nil,
        facts: @escaping (T) -> CallFacts = { _ in CallFacts() },
        parse: @escaping (String) throws -> T
    ) async throws -> T {
        let url = try endpoints.url(method.service.rawValue) { _ in try configuration.serviceURL(method.service) }
        try credentials.validate()
        let operation = method.operation
        let use: CredentialUse = switch session {
        case .none: .password(keeper)
        case .managed: .session(keeper, login: { try await self.requestSession() })
        case .fixed(let key): .fixed(key)
        }
        let read = { (response: TransportResponse, secrets: [String]) throws -> String in
            try Every8DSOAPResponseParser.result(response.body, method: method.name, operation: operation, secrets: secrets)
        }
        let plan = CallPlan<T>(
            operation: operation.name, rule: rule, credentials: use, secrets: [credentials.password],
            request: { key in makeRequest(method, url: url, values: key.map { [$0.value] + values } ?? values, idempotent: rule.isIdempotent) },
            answerSecrets: resultHoldsSecret.map { extract in
                { response in (try? Every8DSOAPResponseParser.result(response.body, method: method.name, operation: operation)).map(extract) ?? [] }
            },
            // A fault comes with HTTP 500: read it before the status is judged.
            nonSuccess: { response, secrets in
                do { _ = try read(response, secrets); return nil } catch let fault as Every8DSOAPFault { return .failure(fault) } catch { return nil }
            },
            parse: { response, secrets in try parse(try read(response, secrets)) },
            classify: { error in
                switch error {
                case let fault as Every8DSOAPFault: fault.isRequestRefused ? .refused : .failed
                case let error as Every8DError: error.failure(carriedToken: false)
                default: nil
                }
            },
            facts: facts)
        return try await engine.run(plan)
    }

    /// Runs a send, through the idempotency ledger when the caller gave a key (see
    /// `IdempotentSend`). The SOAP API has no duplicate filter, so an earlier attempt with an
    /// unknown outcome cannot be reconciled: the caller gets `SendOutcomeUnknownError` again.
    func performSend(_ method: SOAPMethod, context: SendContext, values: [String], idempotencyKey: String?,
                     parse: @escaping (String) throws -> SendReceipt) async throws -> SendReceipt {
        guard let key = idempotencyKey else {
            return try await perform(method, rule: .send(context), values: values, facts: \.facts, parse: parse)
        }
        try IdempotentSend<SendReceipt>.validate(key)
        let url = try endpoints.url(method.service.rawValue) { _ in try configuration.serviceURL(method.service) }
        let retries = configuration.unsentRetryPolicy
        let keyed = IdempotentSend<SendReceipt>(
            ledger: configuration.sendLedger, key: key, operation: method.operation.name,
            // The envelope without the session key (its first parameter) is the request.
            fingerprint: IdempotentSend<SendReceipt>.fingerprint(operation: method.operation.name, body: makeRequest(method, url: url, values: [""] + values).body),
            lease: configuration.timeout * retries.maxAttempts + retries.maxDelay * retries.maxAttempts + .seconds(5),
            wait: configuration.idempotencyWait, retention: configuration.idempotencyRetention, now: configuration.now)
        return try await keyed.run(
            send: { try await perform(method, rule: .send(context), values: values, facts: \.facts, parse: parse) },
            reconcile: { earlier in
                .unproven(SendOutcomeUnknownError(
                    operation: method.operation.name, cause: EarlierAttemptUnknown(key: earlier.key, startedAt: earlier.createdAt),
                    startedAt: earlier.createdAt, recipients: context.recipients, references: context.references, advice: context.advice))
            },
            replayed: { receipt in var replay = receipt; replay.origin = .ledger; return replay })
    }

    /// The request of a call: envelope, content type and action per the configured version.
    func makeRequest(_ method: SOAPMethod, url: URL, values: [String], idempotent: Bool = true) -> TransportRequest {
        TransportRequest(
            method: .post, url: url, headers: SOAPEnvelope.headers(method, version: configuration.soapVersion),
            body: SOAPEnvelope.body(method, values: values, version: configuration.soapVersion), timeout: configuration.timeout,
            isIdempotent: idempotent)
    }
}
