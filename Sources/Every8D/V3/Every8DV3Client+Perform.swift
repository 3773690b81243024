import Foundation

extension Every8DV3Client {
    /// Runs one 3.0 call through the call engine: in password mode with `uid` + `pwd` (switching
    /// to tokens for good, and repeating once, when the account answers `531`), in token mode with
    /// a fresh token for every attempt. Repeats, the latch, logging and outcome-unknown are the engine's.
    ///
    /// - Parameters:
    ///   - request: The checked call.
    ///   - facts: What the result says about a send, for observers and the partial-send warning.
    ///   - parse: Reads the answer.
    func perform<T: Sendable>(
        _ request: V3Request, facts: @escaping (T) -> CallFacts = { _ in CallFacts() },
        parse: @escaping @Sendable (TransportResponse) throws -> T
    ) async throws -> T {
        let site = try site.get()
        try checkCredentials()
        if configuration.authentication == .password, await !passwordRefusal.isRefused {
            do {
                return try await engine.run(plan(request, site: site, credentials: .password(keeper), facts: facts, parse: parse))
            } catch let error as Every8DError where error.code.refusesPasswordAuthentication {
                // 531: nothing was carried out, so the same call with a token is safe, even a send.
                await passwordRefusal.record()
            }
        }
        let tokens = CredentialUse.singleUse(keeper) { try await self.fetchToken(site: site) }
        return try await engine.run(plan(request, site: site, credentials: tokens, facts: facts, parse: parse))
    }

    /// Runs a send, through the idempotency ledger when the caller gave a key (see `IdempotentSend`).
    ///
    /// - Parameters:
    ///   - reconcile: For an earlier attempt with the key whose outcome is unknown: what the gateway
    ///     proves was sent, after sending only what is missing; `nil` when this send has no such
    ///     proof (the caller then gets `SendOutcomeUnknownError` again).
    func performSend<T: Codable & Sendable>(
        _ request: V3Request, idempotencyKey: String?, facts: @escaping (T) -> CallFacts,
        reconcile: (LedgerEntry) async throws -> IdempotentSend<T>.Reconciliation? = { _ in nil },
        replayed: (T) -> T = { $0 },
        parse: @escaping @Sendable (TransportResponse) throws -> T
    ) async throws -> T {
        guard let key = idempotencyKey else {
            return try await perform(request, facts: facts, parse: parse)
        }
        try IdempotentSend<T>.validate(key)
        let name = request.operation.name
        let keyed = IdempotentSend<T>(
            ledger: configuration.sendLedger, key: key, operation: name,
            fingerprint: IdempotentSend<T>.fingerprint(operation: name, body: request.members.objectData()),
            lease: configuration.sendLease, wait: configuration.idempotencyWait, retention: configuration.idempotencyRetention,
            now: configuration.now)
        return try await keyed.run(
            send: { try await perform(request, facts: facts, parse: parse) },
            reconcile: { earlier in try await reconcile(earlier) ?? .unproven(Self.stillUnknown(request, earlier: earlier)) },
            replayed: replayed)
    }

    /// The error for a keyed send whose earlier attempt's outcome nothing can prove.
    static func stillUnknown(_ request: V3Request, earlier: LedgerEntry) -> SendOutcomeUnknownError {
        let context = request.rule.context
        return SendOutcomeUnknownError(
            operation: request.operation.name, cause: EarlierAttemptUnknown(key: earlier.key, startedAt: earlier.createdAt),
            startedAt: earlier.createdAt, recipients: context?.recipients ?? [], references: context?.references ?? [:],
            advice: context?.advice ?? SendContext.defaultAdvice)
    }

    /// A new token from `getoken`, for one call: through the engine, under the latch and the
    /// password gate (`505` and `509` engage the latch), repeated like a read. Never stored.
    func fetchToken(site: V3Site) async throws -> StoredSession {
        let request = V3Request.getToken
        let url = site.url(request.operation)
        let plan = CallPlan<String>(
            operation: request.operation.name, rule: request.rule, credentials: .password(keeper), secrets: [credentials.password],
            request: { _ in
                request.transportRequest(url: url, userID: credentials.userID, authentication: .password(credentials.password),
                                         timeout: configuration.timeout)
            },
            answerSecrets: { response in (try? Every8DV3ResponseParser.token(response.body)).map { [$0] } ?? [] },
            parse: { response, _ in try Every8DV3ResponseParser.token(response.body) },
            classify: { ($0 as? Every8DError)?.v3Failure() })
        let token = try await engine.run(plan)
        return StoredSession(value: token, issuedAt: configuration.now(), generation: 0)
    }

    /// The engine's plan for `request` with `credentials`: the body gets `uid` and the attempt's
    /// token, or `pwd`.
    private func plan<T>(
        _ request: V3Request, site: V3Site, credentials use: CredentialUse, facts: @escaping (T) -> CallFacts,
        parse: @escaping @Sendable (TransportResponse) throws -> T
    ) -> CallPlan<T> {
        let url = site.url(request.operation)
        return CallPlan(
            operation: request.operation.name, rule: request.rule, credentials: use, secrets: [credentials.password],
            request: { token in
                request.transportRequest(url: url, userID: credentials.userID,
                                         authentication: token.map { .token($0.value) } ?? .password(credentials.password),
                                         timeout: configuration.timeout)
            },
            parse: { response, _ in try parse(response) },
            classify: { ($0 as? Every8DError)?.v3Failure() },
            facts: facts)
    }

    /// Throws a `ValidationError` naming `uid` or `pwd` when either is empty: nothing is sent for an
    /// account that cannot log in.
    func checkCredentials() throws {
        guard !credentials.userID.trimmingASCIIWhitespace().isEmpty else { throw ValidationError(field: "uid", reason: "the user id is empty") }
        guard !credentials.password.isEmpty else { throw ValidationError(field: "pwd", reason: "the password is empty") }
    }
}
