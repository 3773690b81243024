import Foundation
@_spi(SMSInternals) import SMSTransport

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

extension SendContext {
    /// An SMS send's numbers and references.
    init(_ message: SMSMessage, advice: String) {
        self.init(recipients: message.recipients, references: message.references, advice: advice)
    }

    /// A `SendParam` send's numbers and references.
    init(_ request: ParamRequest, advice: String) {
        self.init(recipients: request.mobiles, references: request.references, advice: advice)
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
    /// Runs one call through the shared call engine: builds the request (with the token, or
    /// `UID`/`PWD` as configured), and reads and classifies the answer. Repeats, token renewal, the
    /// login latch, logging and outcome-unknown are the engine's.
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
    ///   - facts: What the result says about a send, for observers and the partial-send warning.
    ///   - parse: Reads the answer.
    func perform<T: Sendable>(
        _ operation: Every8DOperation,
        rule: RepeatRule,
        authenticated: Bool = true,
        token fixedToken: StoredSession? = nil,
        body: RequestBody,
        answerHoldsSecret: (@Sendable (Data) -> [String])? = nil,
        facts: @escaping (T) -> CallFacts = { _ in CallFacts() },
        parse: @escaping (Data) throws -> T
    ) async throws -> T {
        let url = try endpoints.url(operation.path) { try configuration.endpointURL($0) }
        try credentials.validate()
        let use: CredentialUse
        if !authenticated || configuration.authentication == .password && fixedToken == nil {
            use = .password(keeper)
        } else if let fixedToken {
            use = .fixed(fixedToken)
        } else {
            use = .session(keeper, login: { try await self.requestToken() })
        }
        let carriesToken = authenticated && (fixedToken != nil || configuration.authentication == .token)
        // The request closure captures what a request needs, not the whole client (a copy of every setting).
        let credentials = credentials, passwordMode = configuration.authentication == .password, timeout = configuration.timeout
        let plan = CallPlan<T>(
            operation: operation.name, rule: rule, credentials: use, secrets: [credentials.password],
            request: { session in
                Self.makeRequest(url: url, body: body, token: session?.value, authenticated: authenticated, idempotent: rule.isIdempotent,
                                 credentials: credentials, passwordMode: passwordMode, timeout: timeout)
            },
            answerSecrets: answerHoldsSecret.map { extract in { extract($0.body) } },
            parse: { response, _ in try parse(response.body) },
            classify: { error in (error as? Every8DError)?.failure(carriedToken: carriesToken) },
            facts: facts)
        return try await engine.run(plan)
    }

    /// Runs a send, through the idempotency ledger when the caller gave a key (see `IdempotentSend`).
    ///
    /// - Parameters:
    ///   - reconcile: For an earlier attempt with the key whose outcome is unknown: what the gateway
    ///     proves was sent, after sending only what is missing; `nil` when this send has no such
    ///     proof (the caller then gets `SendOutcomeUnknownError` again).
    func performSend<T: Codable & Sendable>(
        _ operation: Every8DOperation,
        context: SendContext,
        body: RequestBody,
        idempotencyKey: String?,
        facts: @escaping (T) -> CallFacts,
        reconcile: (LedgerEntry) async throws -> IdempotentSend<T>.Reconciliation? = { _ in nil },
        replayed: (T) -> T = { $0 },
        parse: @escaping (Data) throws -> T
    ) async throws -> T {
        guard let key = idempotencyKey else {
            return try await perform(operation, rule: .send(context), body: body, facts: facts, parse: parse)
        }
        try IdempotentSend<T>.validate(key)
        let url = try endpoints.url(operation.path) { try configuration.endpointURL($0) }
        let unsigned = Self.makeRequest(url: url, body: body, token: nil, authenticated: false, credentials: credentials,
                                        passwordMode: configuration.authentication == .password, timeout: configuration.timeout)
        let keyed = IdempotentSend<T>(
            ledger: configuration.sendLedger, key: key, operation: operation.name,
            fingerprint: IdempotentSend<T>.fingerprint(operation: operation.name, body: unsigned.body),
            lease: configuration.sendLease, wait: configuration.idempotencyWait, retention: configuration.idempotencyRetention,
            now: configuration.now)
        return try await keyed.run(
            send: { try await perform(operation, rule: .send(context), body: body, facts: facts, parse: parse) },
            reconcile: { earlier in
                try await reconcile(earlier) ?? .unproven(Self.stillUnknown(operation, context: context, earlier: earlier))
            },
            replayed: replayed)
    }

    /// The error for a keyed send whose earlier attempt's outcome nothing can prove.
    static func stillUnknown(_ operation: Every8DOperation, context: SendContext, earlier: LedgerEntry) -> SendOutcomeUnknownError {
        SendOutcomeUnknownError(operation: operation.name, cause: EarlierAttemptUnknown(key: earlier.key, startedAt: earlier.createdAt),
                                startedAt: earlier.createdAt, recipients: context.recipients, references: context.references,
                                advice: context.advice)
    }

    /// The request for `body`, with the token header or (in password mode) `UID`/`PWD`.
    static func makeRequest(url: URL, body: RequestBody, token: String?, authenticated: Bool, idempotent: Bool = true,
                            credentials: Credentials, passwordMode: Bool, timeout: Duration) -> TransportRequest {
        let inBody = authenticated && token == nil && passwordMode
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
            headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        var request = TransportRequest(method: .post, url: url, headers: headers, body: data, timeout: timeout, isIdempotent: idempotent)
        request.redactionRules = Self.redactionRules
        return request
    }
}

extension SendReceipt {
    /// What the receipt says, for observers and the partial-send warning.
    var facts: CallFacts {
        CallFacts(batchID: batchID, sent: sent, unsent: unsent, points: cost, credit: credit)
    }
}
