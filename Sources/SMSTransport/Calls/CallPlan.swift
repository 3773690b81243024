import Foundation

/// How a call is authenticated.
package enum CredentialUse: Sendable {
    /// The request carries no credentials the SDK manages (or carries them without a latch, as
    /// OMICard's fields, for which the gateway documents no refusal code).
    case none
    /// The request carries the user id and password (a login, or password mode): the latch is
    /// checked first, and until the gateway has accepted the credentials in this process only one
    /// such call is in flight.
    case password(SessionKeeper)
    /// The keeper's managed session: fetched on first need with `login`, renewed once when the
    /// gateway rejects it.
    case session(SessionKeeper, login: SessionKeeper.Login)
    /// This very session, never renewed (checking or closing a token).
    case fixed(StoredSession)
    /// A credential good for one request (EVERY8D API 3.0's tokens): `fetch` gets a new one for
    /// every attempt, so none is presented twice or shared between calls, and none is stored. A
    /// rejected one (``GatewayFailure/rejectedSession``, HTTP 401 or 403) means a new one and one
    /// repeat. `fetch` runs a call of its own (under the keeper's latch and password gate); the
    /// keeper also records refusals of the account that the call itself meets.
    case singleUse(SessionKeeper, fetch: @Sendable () async throws -> StoredSession)
}

/// What a successful call says about a send, for observers and the partial-send warning.
package struct CallFacts: Sendable, Hashable {
    package var batchID: String?
    package var sent: Int?
    package var unsent: Int?
    package var points: Decimal?
    package var credit: Decimal?

    package init(batchID: String? = nil, sent: Int? = nil, unsent: Int? = nil, points: Decimal? = nil, credit: Decimal? = nil) {
        self.batchID = batchID
        self.sent = sent
        self.unsent = unsent
        self.points = points
        self.credit = credit
    }

    /// Some messages were not sent (not enough credit).
    package var isPartial: Bool { (unsent ?? 0) > 0 }
}

/// One call as a gateway client describes it to the ``CallEngine``: how to build its request,
/// how to read its answer, and how to classify the gateway's errors. Everything else (repeats,
/// sessions, the latch, logging, observation, outcome-unknown) is the engine's.
package struct CallPlan<Output: Sendable> {
    /// Everything but reading the answer: the part of the plan that does not depend on `Output`.
    package var core: CallPlanCore
    /// Reads a non-2xx answer that is the gateway's own (a SOAP fault comes with HTTP 500, an
    /// OMICard answer may come as a redirect), or `nil` to let the engine judge the status.
    package var nonSuccess: ((TransportResponse, [String]) -> Result<Output, any Error>?)?
    /// Reads a 2xx answer; throws the gateway's error or a `ResponseParseError`.
    package var parse: (TransportResponse, [String]) throws -> Output
    /// What a result says about a send.
    package var facts: (Output) -> CallFacts

    package init(
        operation: String, rule: RepeatRule, credentials: CredentialUse, secrets: [String],
        request: @escaping (StoredSession?) throws -> TransportRequest,
        answerSecrets: ((TransportResponse) -> [String])? = nil,
        nonSuccess: ((TransportResponse, [String]) -> Result<Output, any Error>?)? = nil,
        parse: @escaping (TransportResponse, [String]) throws -> Output,
        classify: @escaping (any Error) -> GatewayFailure?,
        facts: @escaping (Output) -> CallFacts = { _ in CallFacts() }
    ) {
        core = CallPlanCore(operation: operation, rule: rule, credentials: credentials, secrets: secrets, request: request,
                            answerSecrets: answerSecrets, classify: classify)
        self.nonSuccess = nonSuccess
        self.parse = parse
        self.facts = facts
    }
}

/// The part of a ``CallPlan`` that does not depend on its output's type: how to build the
/// request and how to judge the gateway's errors.
package struct CallPlanCore {
    /// The operation's name, for example `"SendSMS"`.
    package var operation: String
    /// How it may be repeated.
    package var rule: RepeatRule
    /// How it is authenticated.
    package var credentials: CredentialUse
    /// Secrets the request carries (the password) to blank out of logs and errors.
    package var secrets: [String]
    /// Builds the request for an attempt, with the session it carries (if any).
    package var request: (StoredSession?) throws -> TransportRequest
    /// Secrets in an answer (a new token), to blank out of logs and errors.
    package var answerSecrets: ((TransportResponse) -> [String])?
    /// Classifies an error from the plan's `nonSuccess` or `parse`; `nil` for errors that are not the gateway's.
    package var classify: (any Error) -> GatewayFailure?

    package init(operation: String, rule: RepeatRule, credentials: CredentialUse, secrets: [String],
                 request: @escaping (StoredSession?) throws -> TransportRequest, answerSecrets: ((TransportResponse) -> [String])?,
                 classify: @escaping (any Error) -> GatewayFailure?) {
        self.operation = operation
        self.rule = rule
        self.credentials = credentials
        self.secrets = secrets
        self.request = request
        self.answerSecrets = answerSecrets
        self.classify = classify
    }
}
