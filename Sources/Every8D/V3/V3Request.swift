import Foundation

/// How an API 3.0 call proves the account (sent right after `uid`): the password (`pwd`, the
/// specification's M2, when the account allows it; otherwise the gateway answers `531`) or a
/// token from `getoken` (`token`, M1). A token is good for one call only: make a request with
/// it once, then forget it, whatever the outcome.
enum V3Authentication: Sendable {
    case password(String)
    case token(String)
}

/// What a request builder needs besides its arguments.
struct V3RequestOptions: Sendable {
    /// Whether Taiwan mobiles in any of annex 3's forms are sent as `+8869…` (default `true`).
    var normalizesTaiwanNumbers = true
    /// The clock that send times are checked against (read only when a send time is given).
    var now: @Sendable () -> Date = { Date() }
}

/// One API 3.0 call, checked and ready to be sent: its operation (name and endpoint), the body's
/// members after `uid` and `pwd`/`token`, and how it may be repeated.
///
/// Built by the static functions in the `V3Request+…` files, which validate every argument first
/// and throw a `ValidationError` naming the 3.0 member (`mobiles[2]`,
/// `recipientdatalist[0].params`, …). The members are written in the specification's order, with
/// its types (every value a string, `issend` a boolean). Authentication is added per attempt by
/// ``transportRequest(url:userID:authentication:timeout:)``, so each attempt can carry a token of
/// its own.
struct V3Request: Sendable {
    let operation: Every8DOperation
    let members: OutgoingJSON
    /// Reads may be repeated; sends are repeated only when nothing left (see `RepeatRule`).
    let rule: RepeatRule

    /// The HTTP request for one attempt: POST, `application/json; charset=utf-8`, the body
    /// `{"uid":…,"pwd"|"token":…,<members>}`.
    func transportRequest(url: URL, userID: String, authentication: V3Authentication, timeout: Duration) -> TransportRequest {
        let secret: OutgoingJSON.Member = switch authentication {
        case .password(let password): .init("pwd", .string(password))
        case .token(let token): .init("token", .string(token))
        }
        let body = members.objectData(after: (.init("uid", .string(userID)), secret))
        return TransportRequest(
            method: .post, url: url, headers: ["Content-Type": Self.contentType], body: body, timeout: timeout,
            isIdempotent: rule.isIdempotent)
    }

    /// The content type of every 3.0 request, as the specification writes it.
    static let contentType = "application/json; charset=utf-8"

    // MARK: Calls whose body is the authentication alone

    /// `getoken`: `{"uid":…,"pwd":…}` (always the password). Answers a token for one call.
    static let getToken = V3Request(operation: .v3GetToken, members: OutgoingJSON([]), rule: .read)
    /// `tokenislive`: `{"uid":…,"token":…}` (always the token).
    static let tokenIsLive = V3Request(operation: .v3TokenIsLive, members: OutgoingJSON([]), rule: .read)
    /// `getcredit`: `{"uid":…,"pwd"|"token":…}`.
    static let credit = V3Request(operation: .v3Credit, members: OutgoingJSON([]), rule: .read)
}
