import Foundation

extension SafesayClient {
    /// Runs one Safesay call with the day's token through the call engine: the token is fetched on
    /// first need (one fetch for all callers sharing the store), and a call Safesay refuses gets a
    /// new token and one repeat.
    ///
    /// Safesay answers a stale token and every other failure alike (`-99`), so any refusal counts as
    /// a possibly stale token: it costs one renewal, and the second refusal surfaces.
    func perform<T: Sendable>(_ request: SafesayRequest, parse: @escaping @Sendable (TransportResponse) throws -> T) async throws -> T {
        let site = try site.get()
        try checkCredentials()
        let url = site.safesayURL(request.operation)
        let plan = CallPlan<T>(
            operation: request.operation.name, rule: request.rule,
            credentials: .session(keeper, login: { try await self.fetchToken(site: site) }), secrets: [credentials.password],
            request: { token in request.transportRequest(url: url, token: token?.value, timeout: configuration.timeout) },
            parse: { response, _ in try parse(response) },
            classify: { $0 is Every8DError ? .rejectedSession : nil })
        return try await engine.run(plan)
    }

    /// A new token from `/v2/<pack>/gettoken`, under the latch: a refusal (Safesay says nothing more
    /// than `-99`) engages it. Ends every earlier token of the account.
    func fetchToken(site: V3Site) async throws -> (value: String, issuedAt: Date) {
        let request = try SafesayRequest.token(account: credentials.account, password: credentials.password)
        let url = try site.safesayTokenURL(pack: configuration.pack)
        let plan = CallPlan<String>(
            operation: request.operation.name, rule: request.rule, credentials: .password(keeper), secrets: [credentials.password],
            request: { _ in request.transportRequest(url: url, token: nil, timeout: configuration.timeout) },
            answerSecrets: { response in (try? Every8DV3ResponseParser.safesayToken(response.body)).map { [$0] } ?? [] },
            parse: { response, _ in try Every8DV3ResponseParser.safesayToken(response.body) },
            classify: { error in
                (error as? Every8DError).map { .refusedLogin(code: $0.code.rawValue, message: $0.message, accountLocked: false) }
            })
        return (try await engine.run(plan), configuration.now())
    }

    /// Throws a `ValidationError` naming `Account` or `Password` when either is empty.
    func checkCredentials() throws {
        _ = try SafesayRequest.token(account: credentials.account, password: credentials.password)
    }
}
