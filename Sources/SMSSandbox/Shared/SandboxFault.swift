/// A way a sandbox gateway can misbehave for one request, to test how a client copes.
///
/// Queue faults on a gateway's ``SandboxNetwork`` with ``SandboxNetwork/enqueueFault(_:endpoint:count:)``.
/// Each fault says whether the gateway **carries out** the request before the fault shows
/// (``processesRequest``): a fault that strikes before processing leaves the gateway's state
/// untouched (no send, no charge), one that strikes after leaves the request done (the message
/// *was* sent and charged) even though the client never sees a proper answer.
///
/// | fault | processed? | what the client gets |
/// | --- | --- | --- |
/// | ``httpStatus(_:afterProcessing:)`` | no (yes with `afterProcessing`) | that status with an IIS- or CDN-style HTML page; 429 and 503 carry `Retry-After: 1` |
/// | ``htmlErrorPage(afterProcessing:)`` | no (yes with `afterProcessing`) | HTTP 200 with an HTML maintenance page |
/// | ``truncatedBody`` | yes | the real answer cut to half its length |
/// | ``garbageBody(afterProcessing:)`` | yes (no with `afterProcessing: false`) | HTTP 200 with bytes that are not UTF-8 |
/// | ``delay(_:)`` | yes | the real answer, late; past the request's timeout a ``TransportError`` `.timedOut` |
/// | ``expiredToken`` | yes | every token of the gateway is invalidated first (as when another system closes the session), so a token request is rejected |
/// | ``connectionRefused`` | no | throws ``TransportError`` `.connectionRefused`, `requestMayHaveBeenProcessed == false` |
/// | ``connectionDropped`` | yes | throws ``TransportError`` `.connectionLost`, `requestMayHaveBeenProcessed == true` |
/// | ``cdnBlocked`` | no | HTTP 403 with CloudFront's "Request blocked" page, as a CDN answers a caller it blocks (geo or IP) |
public struct SandboxFault: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case httpStatus(Int)
        case htmlErrorPage
        case truncatedBody
        case garbageBody
        case delay(Duration)
        case expiredToken
        case connectionRefused
        case connectionDropped
        case cdnBlocked
    }

    let kind: Kind

    /// Whether the gateway carries out the request (changing its state) before the fault shows.
    public let processesRequest: Bool

    private init(_ kind: Kind, processesRequest: Bool) {
        self.kind = kind
        self.processesRequest = processesRequest
    }

    /// Answers with an HTTP error status and an HTML page, as IIS or a CDN in front of the gateway would.
    ///
    /// - Parameters:
    ///   - status: The status, for example 500, 502, 503, 403 or 429.
    ///   - afterProcessing: Whether the request is carried out first (an error raised after the
    ///     work was done); by default it is not.
    /// - Returns: The fault.
    public static func httpStatus(_ status: Int, afterProcessing: Bool = false) -> SandboxFault {
        SandboxFault(.httpStatus(status), processesRequest: afterProcessing)
    }

    /// HTTP 500 with IIS's "Internal server error" page; the request is not carried out.
    public static let internalServerError = httpStatus(500)
    /// HTTP 403 with a CDN-style page; the request is not carried out.
    public static let forbidden = httpStatus(403)
    /// HTTP 429 with `Retry-After: 1`; the request is not carried out.
    public static let tooManyRequests = httpStatus(429)

    /// Answers HTTP 200 with an HTML maintenance page instead of the gateway's answer.
    ///
    /// - Parameter afterProcessing: Whether the request is carried out first; by default it is not.
    /// - Returns: The fault.
    public static func htmlErrorPage(afterProcessing: Bool = false) -> SandboxFault {
        SandboxFault(.htmlErrorPage, processesRequest: afterProcessing)
    }

    /// Carries out the request and answers with the first half of the real body.
    public static let truncatedBody = SandboxFault(.truncatedBody, processesRequest: true)

    /// Answers HTTP 200 with bytes that are not text.
    ///
    /// - Parameter afterProcessing: Whether the request is carried out first; by default it is.
    /// - Returns: The fault.
    public static func garbageBody(afterProcessing: Bool = true) -> SandboxFault {
        SandboxFault(.garbageBody, processesRequest: afterProcessing)
    }

    /// Carries out the request, then holds the answer back for `duration`.
    ///
    /// The wait respects task cancellation (throwing `CancellationError`) and the request's own
    /// ``TransportRequest/timeout``: when `duration` reaches it, the transport waits until the
    /// timeout and throws ``TransportError`` `.timedOut` (the request *was* carried out).
    ///
    /// - Parameter duration: How long the answer is late.
    /// - Returns: The fault.
    public static func delay(_ duration: Duration) -> SandboxFault {
        SandboxFault(.delay(duration), processesRequest: true)
    }

    /// Invalidates every token the gateway has issued just before this request is read, as when
    /// another system sharing the account closes the session; a token request is then rejected,
    /// a request with a password goes through. (No effect on OMICard, which has no tokens.)
    public static let expiredToken = SandboxFault(.expiredToken, processesRequest: true)

    /// Throws ``TransportError`` `.connectionRefused` without reading the request.
    public static let connectionRefused = SandboxFault(.connectionRefused, processesRequest: false)

    /// Carries out the request, then throws ``TransportError`` `.connectionLost` instead of answering.
    public static let connectionDropped = SandboxFault(.connectionDropped, processesRequest: true)

    /// HTTP 403 with CloudFront's "The request could not be satisfied … Request blocked" page: a
    /// CDN in front of the gateway blocking the caller (geo or IP). The request never reaches the
    /// gateway; the clients report `RequestBlockedError` and renew no token.
    public static let cdnBlocked = SandboxFault(.cdnBlocked, processesRequest: false)

    public var description: String {
        let name: String
        switch kind {
        case .httpStatus(let status): name = "httpStatus(\(status))"
        case .htmlErrorPage: name = "htmlErrorPage"
        case .truncatedBody: name = "truncatedBody"
        case .garbageBody: name = "garbageBody"
        case .delay(let duration): name = "delay(\(duration))"
        case .expiredToken: name = "expiredToken"
        case .connectionRefused: name = "connectionRefused"
        case .connectionDropped: name = "connectionDropped"
        case .cdnBlocked: name = "cdnBlocked"
        }
        return processesRequest ? "\(name), after processing" : "\(name), before processing"
    }
}
