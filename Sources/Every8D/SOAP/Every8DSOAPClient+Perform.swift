import Foundation

/// Which session key a SOAP call carries.
enum SOAPSessionUse: Sendable {
    /// None (`getConnection`, which carries the password).
    case none
    /// The managed key: fetched on first need, renewed once when the gateway answers `-301`.
    case managed
    /// This very key, never renewed (`closeConnection`).
    case fixed(AccessToken)
}

extension Every8DSOAPClient {
    /// Runs one SOAP call: builds the envelope (with the session key in its first parameter),
    /// sends it, repeats it only as `rule` allows, renews a rejected session key once, reads the
    /// result string out of the envelope (or its fault) and parses it.
    ///
    /// - Parameters:
    ///   - method: The web method.
    ///   - rule: How it may be repeated (the HTTP client's rules).
    ///   - session: Which session key goes first in the parameters.
    ///   - values: The other parameters' values, in the method's order after `sessionKey`
    ///     (for `getConnection`: all of them).
    ///   - resultHoldsSecret: Extracts a secret from the result (the new session key) so that
    ///     logs and errors blank it out.
    ///   - parse: Reads the result string.
    func perform<T: Sendable>(
        _ method: SOAPMethod,
        rule: RepeatRule,
        session: SOAPSessionUse = .managed,
        values: [String],
        resultHoldsSecret: (@Sendable (String) -> [String])? = nil,
        parse: (String) throws -> T
    ) async throws -> T {
        let url = try endpoints.url(method.service.rawValue) { _ in try configuration.serviceURL(method.service) }
        try credentials.validate()
        let operation = method.operation
        var attempt = 0
        var failures = 0
        var renewedSession = false
        while true {
            try Task.checkCancellation()
            attempt += 1
            var key: AccessToken?
            switch session {
            case .none: key = nil
            case .managed: key = try await validSession()
            case .fixed(let fixed): key = fixed
            }
            let request = makeRequest(method, url: url, values: key.map { [$0.value] + values } ?? values, idempotent: rule.isIdempotent)
            var secrets = [credentials.password]
            if let key { secrets.append(key.value) }
            if let held = await sessions.heldToken, held != key { secrets.append(held.value) }
            log(.request(request, operation: operation.name, attempt: attempt, secrets: secrets))

            let clock = ContinuousClock()
            let started = clock.now
            let startedAt = configuration.now()
            let response: TransportResponse
            try Task.checkCancellation()  // nothing has left yet
            do {
                response = try await transport.send(request)
            } catch {
                log(.failure(error, of: request, operation: operation.name, attempt: attempt, elapsed: clock.now - started, secrets: secrets))
                let nothingSent = (error as? TransportError).map { !$0.requestMayHaveBeenProcessed && $0.code != .badURL } ?? false
                switch rule {
                case .read:
                    if RetryPolicy.isRetryableRead(error), try await configuration.readRetryPolicy.backOff(&failures) { continue }
                    throw error
                case .once:
                    if nothingSent, try await configuration.unsentRetryPolicy.backOff(&failures) { continue }
                    throw error
                case .send(let context):
                    if nothingSent, try await configuration.unsentRetryPolicy.backOff(&failures) { continue }
                    if let transportError = error as? TransportError, !transportError.requestMayHaveBeenProcessed { throw error }
                    throw outcomeUnknown(operation, cause: error, startedAt: startedAt, context: context)
                }
            }

            // Read the envelope first: a fault comes with HTTP 500, and a new session key must be
            // known before the response is logged.
            let content = Self.result(of: response, method: method, secrets: secrets)
            if case .success(let text) = content, let resultHoldsSecret { secrets += resultHoldsSecret(text) }
            log(.response(response, to: request, operation: operation.name, attempt: attempt, elapsed: clock.now - started, secrets: secrets))

            if case .failure(let fault as Every8DSOAPFault) = content {
                switch rule {
                case .read:
                    if !fault.isRequestRefused, try await configuration.readRetryPolicy.backOff(&failures) { continue }
                    throw fault
                case .once:
                    throw fault
                case .send(let context):
                    if fault.isRequestRefused { throw fault }
                    throw outcomeUnknown(operation, cause: fault, startedAt: startedAt, context: context)
                }
            }
            guard response.isSuccess else {
                let statusError = HTTPStatusError(response: response, secrets: secrets)
                switch rule {
                case .read:
                    if RetryPolicy.isRetryableRead(statusError), try await configuration.readRetryPolicy.backOff(&failures) { continue }
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
                return try Self.parsed(content, with: parse)
            } catch let error as Every8DError {
                if case .managed = session, let key, error.isAuthenticationFailure, !renewedSession {
                    // -301: the session is gone (closed elsewhere, or a new day); the call was not
                    // carried out, so a new key and one repeat are safe, even for a send.
                    renewedSession = true
                    await sessions.invalidate(key)
                    continue
                }
                if method == .getConnection, error.code == .systemBusy,
                   try await configuration.readRetryPolicy.backOff(&failures) { continue }
                throw error.scrubbed(secrets)
            } catch let error as ResponseParseError {
                let detailed = error.withBody(response.body, contentType: response.headers["Content-Type"], secrets: secrets)
                if case .send(let context) = rule {
                    throw outcomeUnknown(operation, cause: detailed, startedAt: startedAt, context: context)
                }
                throw detailed
            }
        }
    }

    // What follows is kept out of `perform`'s async frame (see `Every8DClient.parsed(_:with:)`):
    // whatever is inlined into an async function gets a slot in the frame every call allocates.

    /// The result string in `response`'s envelope, or the fault or parse error instead.
    @inline(never)
    private static func result(of response: TransportResponse, method: SOAPMethod, secrets: [String]) -> Result<String, any Error> {
        Result { try Every8DSOAPResponseParser.result(response.body, method: method.name, operation: method.operation, secrets: secrets) }
    }

    /// The call's typed result from the result string.
    @inline(never)
    private static func parsed<T>(_ content: Result<String, any Error>, with parse: (String) throws -> T) throws -> T {
        try parse(try content.get())
    }

    /// The request of a call: envelope, content type and action per the configured version.
    @inline(never)
    func makeRequest(_ method: SOAPMethod, url: URL, values: [String], idempotent: Bool = true) -> TransportRequest {
        TransportRequest(
            method: .post, url: url, headers: SOAPEnvelope.headers(method, version: configuration.soapVersion),
            body: SOAPEnvelope.body(method, values: values, version: configuration.soapVersion), timeout: configuration.timeout,
            isIdempotent: idempotent)
    }


    @inline(never)
    private func outcomeUnknown(_ operation: Every8DOperation, cause: any Error, startedAt: Date, context: SendContext) -> SendOutcomeUnknownError {
        SendOutcomeUnknownError(
            operation: operation.name, cause: cause, startedAt: startedAt, recipients: context.recipients,
            references: context.references, advice: context.advice)
    }


    @inline(never)
    private func log(_ record: @autoclosure () -> TransportLogRecord) {
        guard let logger = configuration.logger else { return }
        logger(record())
    }
}
