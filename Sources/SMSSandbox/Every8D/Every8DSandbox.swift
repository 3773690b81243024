import Foundation

/// An in-process EVERY8D gateway (API 2.1 over HTTP) that conforms to ``HTTPTransport``.
///
/// Hand it to a client as its transport and the client talks to a simulated gateway instead of
/// the network: requests are read as the real server reads them (form bodies with `+` as a
/// space, JSON with keys in any case, a wrong `Content-Type` refused), accounts have credit that
/// sends consume by the billing table, batches keep delivery rows and replies, bookings can be
/// cancelled, and tokens expire.
///
/// ```swift
/// let sandbox = Every8DSandbox()                       // the demo account, system clock
/// let client = Every8DClient(
///     credentials: .init(userID: Every8DSandboxAccount.demo.userID,
///                        password: Every8DSandboxAccount.demo.password),
///     configuration: .init(siteURL: Every8DSandbox.demoSiteURL),
///     transport: sandbox)
/// ```
///
/// **Routing.** Any host and any path prefix: the path must end in `/API21/HTTP/<endpoint>`
/// (ignoring case), where the endpoint is `ConnectionHandler.ashx`, `SendSMS.ashx`,
/// `SendSMS4FilterMessage.ashx`, `SendParam.ashx`, `MMS/SendMMS.ashx`, `GetCredit.ashx`,
/// `GetDeliveryStatus.ashx`, `GetReplyMessage.ashx`, `MMS/GetDeliveryStatus.ashx`,
/// `EraseBooking.ashx` or `MMS/EraseBooking.ashx`. Paths ending in `/API21/SOAP/SMS.asmx` or
/// `MMS.asmx` go to an ``Every8DSOAPSandbox`` on the same state and network (the legacy SOAP
/// API); paths ending in `/<custcode>/<endpoint>` of API 3.0 (`sendsms`, `getdrstatus`, …) or in
/// Safesay's `/v2/…` to an ``Every8DV3Sandbox``. Other paths get IIS's HTTP 404 page, other
/// methods than POST HTTP 405.
///
/// **Authentication.** `Authorization: Bearer <token>` wins over `UID`/`PWD` in the body. With
/// neither: `-300,帳號密碼不得為空`; unknown user `-100`; wrong password `-101,密碼錯誤`. An
/// unknown, closed or expired token is answered as ``Configuration/tokenRejection`` says:
/// HTTP 401 with IIS's page by default (no `WWW-Authenticate` header), or `-301`. Token check
/// (`VerifyType` 2) and close (3) with a bad token always answer
/// `{"Result":false,"Status":"-301","Msg":"連線已逾時，請重新登入"}`.
///
/// **Content types.** Form endpoints want `application/x-www-form-urlencoded`, JSON ones
/// (`ConnectionHandler.ashx`, `SendParam.ashx`) `application/json`; anything else is answered
/// `-99,…` (form) or `{"Result":false,"Status":"-99",…}` (JSON).
///
/// **Outcomes** follow ``Every8DScenario`` (by the number's last digit), **billing**
/// `CostEstimator` (the SDK's own tariff); **error codes** (HTTP 200, `-code,message`) are -300, -100, -101, -301,
/// -26 (empty `MSG`), -27 (no numbers), -28 (bad `ST`), -306 (bad number), -1 (any other bad
/// field), -3 and -4 (cancelling), -99 (wrong `Content-Type`, not JSON); see the module's
/// documentation for the table.
///
/// **Push reports.** Give the state a target (``Every8DSandboxState/setPushTarget(_:)``: a function
/// in process, or your endpoint's URL over a transport) and the sandbox calls it as EVERY8D calls a
/// registered URL: a GET per status change and per reply, repeated until it answers HTTP 200, at
/// most ten times. ``Every8DSandboxState/deliverPushReports()`` waits for them.
///
/// **Faults** are queued on ``network`` (see ``SandboxFault``); the state (credit, batches,
/// tokens, counters) is in ``state``; time comes from ``clock``.
public struct Every8DSandbox: HTTPTransport {
    /// How the sandbox answers a request whose token is unknown, closed or expired. The real
    /// server's answer is not documented; clients must treat both as "authentication failed,
    /// not carried out".
    public enum TokenRejection: Sendable, Hashable {
        /// HTTP 401 with IIS's "401 - Unauthorized" HTML page (the default).
        case http401
        /// HTTP 200 with `-301,連線已逾時，請重新登入` (form endpoints) or
        /// `{"Result":false,"Status":"-301","Msg":"連線已逾時，請重新登入"}` (JSON endpoints),
        /// like the SOAP API's "session gone".
        case errorCode301
    }

    /// Settings of the HTTP front end.
    public struct Configuration: Sendable, Hashable {
        /// How a rejected token is answered (default ``TokenRejection/http401``).
        public var tokenRejection: TokenRejection

        /// Creates a configuration.
        public init(tokenRejection: TokenRejection = .http401) {
            self.tokenRejection = tokenRejection
        }
    }

    /// A site URL to configure a client with; any host works, this one never resolves.
    public static let demoSiteURL = URL(string: "https://sandbox.e8d.invalid")!

    /// Accounts, tokens, batches and counters.
    public let state: Every8DSandboxState
    /// The request log and the fault queue.
    public let network: SandboxNetwork
    /// The front end's settings.
    public let configuration: Configuration

    /// The clock the sandbox reads (the state's).
    public var clock: SandboxClock { state.clock }

    /// Creates a sandbox.
    ///
    /// - Parameters:
    ///   - accounts: Its accounts (default: ``Every8DSandboxAccount/demo``).
    ///   - clock: Its clock (default: following the system clock).
    ///   - stateConfiguration: Token lifetime, carrier delay, duplicate window.
    ///   - configuration: How rejected tokens are answered.
    public init(accounts: [Every8DSandboxAccount] = [.demo], clock: SandboxClock = SandboxClock(),
                stateConfiguration: Every8DSandboxState.Configuration = .init(), configuration: Configuration = .init()) {
        self.init(state: Every8DSandboxState(accounts: accounts, clock: clock, configuration: stateConfiguration),
                  configuration: configuration)
    }

    /// Creates a sandbox front end over existing state (for example one shared with a SOAP front end).
    ///
    /// - Parameters:
    ///   - state: The state to serve.
    ///   - network: The request log and fault queue (default: a new one).
    ///   - configuration: How rejected tokens are answered.
    public init(state: Every8DSandboxState, network: SandboxNetwork = SandboxNetwork(), configuration: Configuration = .init()) {
        self.state = state
        self.network = network
        self.configuration = configuration
    }

    /// Answers one request as the EVERY8D gateway would (see the type's documentation).
    ///
    /// - Parameter request: The request.
    /// - Returns: The gateway's answer.
    /// - Throws: `CancellationError` when the task is cancelled (before anything is read, or
    ///   during a delay), ``TransportError`` for injected connection faults and a delay past
    ///   the request's timeout.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        if Every8DSOAPService(path: request.url.path) != nil {
            // The legacy SOAP API, on the same state and network.
            return try await Every8DSOAPSandbox(state: state, network: network).send(request)
        }
        if Every8DV3Route(path: request.url.path) != nil {
            // API 3.0 and Safesay, on the same state and network.
            return try await Every8DV3Sandbox(state: state, network: network).send(request)
        }
        try Task.checkCancellation()
        let now = await state.clock.now()
        let endpoint = Every8DEndpoint(path: request.url.path)
        let fault = await network.receive(request, endpoint: endpoint?.rawValue ?? "", at: now)
        let state = self.state
        let response = try await SandboxFaultRunner.run(request, fault: fault, expireTokens: { await state.expireAllTokens() }) {
            guard let endpoint else { return SandboxPages.errorResponse(status: 404) }
            guard request.method == .post else { return SandboxPages.errorResponse(status: 405) }
            return await handle(endpoint, request: request, now: now)
        }
        await state.firePushReports()
        return response
    }

    private func handle(_ endpoint: Every8DEndpoint, request: TransportRequest, now: Date) async -> TransportResponse {
        switch endpoint {
        case .connectionHandler: return await connectionHandler(request, now: now)
        case .sendSMS: return await sendSMS(request, now: now, filtered: false)
        case .sendSMSFiltered: return await sendSMS(request, now: now, filtered: true)
        case .sendParam: return await sendParam(request, now: now)
        case .sendMMS: return await sendMMS(request, now: now)
        case .getCredit: return await getCredit(request, now: now)
        case .deliveryStatus: return await deliveryStatus(request, now: now, kind: .sms)
        case .mmsDeliveryStatus: return await deliveryStatus(request, now: now, kind: .mms)
        case .replies: return await replies(request, now: now)
        case .eraseBooking: return await eraseBooking(request, now: now, kind: .sms)
        case .eraseMMSBooking: return await eraseBooking(request, now: now, kind: .mms)
        }
    }
}

/// The endpoints under `/API21/HTTP/`.
enum Every8DEndpoint: String, CaseIterable, Sendable {
    case connectionHandler = "ConnectionHandler.ashx"
    case sendSMS = "SendSMS.ashx"
    case sendSMSFiltered = "SendSMS4FilterMessage.ashx"
    case sendParam = "SendParam.ashx"
    case sendMMS = "MMS/SendMMS.ashx"
    case getCredit = "GetCredit.ashx"
    case deliveryStatus = "GetDeliveryStatus.ashx"
    case replies = "GetReplyMessage.ashx"
    case mmsDeliveryStatus = "MMS/GetDeliveryStatus.ashx"
    case eraseBooking = "EraseBooking.ashx"
    case eraseMMSBooking = "MMS/EraseBooking.ashx"

    /// The endpoint a URL path names, ignoring case and whatever comes before `/API21/HTTP/`.
    init?(path: String) {
        let lowered = path.lowercased()
        guard let range = lowered.range(of: "/api21/http/", options: .backwards) else { return nil }
        let rest = lowered[range.upperBound...]
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == rest }) else { return nil }
        self = match
    }
}
