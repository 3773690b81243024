import Foundation

/// An in-process EVERY8D gateway for the legacy Web Services API 2.1 over SOAP
/// (`/API21/SOAP/SMS.asmx` and `/API21/SOAP/MMS.asmx`) that conforms to `HTTPTransport`.
///
/// It serves the same ``Every8DSandboxState`` as ``Every8DSandbox`` (accounts, credit, batches,
/// delivery rows, replies, bookings), so a send made over SOAP shows in an HTTP delivery report
/// and the other way round. ``Every8DSandbox`` and ``SMSSandbox`` route SOAP paths here by
/// themselves, so one sandbox serves both clients:
///
/// ```swift
/// let sandbox = Every8DSandbox()
/// let client = Every8DSOAPClient(
///     credentials: .init(userID: Every8DSandboxAccount.demo.userID,
///                        password: Every8DSandboxAccount.demo.password),
///     configuration: .init(siteURL: Every8DSandbox.demoSiteURL),
///     transport: sandbox)
/// ```
///
/// **Requests** are read as ASMX reads them: a POST to a path ending in `/API21/SOAP/SMS.asmx`
/// or `MMS.asmx` (any host, any prefix, any case); SOAP 1.1 with `Content-Type: text/xml` and
/// `SOAPAction: "http://tempuri.org/<method>"`, or SOAP 1.2 with `application/soap+xml` (an
/// `action` parameter, when present, must name the same method); the envelope's namespace must
/// be the version's, the method element in `http://tempuri.org/`, and every parameter present.
/// `SMS.asmx` has `getConnection`, `closeConnection`, `sendSMS`, `sendMessage`, `sendParamSMS`,
/// `getDeliveryStatus`, `getCredit`, `eraseBooking` and `eraseMMSBooking`; `MMS.asmx` has
/// `sendMMS` and `getMMSDeliveryStatus`.
///
/// **Answers** come in the request's SOAP version, HTTP 200, the result string in
/// `<method>Response/<method>Result`, shaped as the SOAP documents show:
///
/// | method | result |
/// | --- | --- |
/// | `getConnection` | `<SMS><GET_CONNECTION><CODE>0</CODE><SESSION_KEY>…</SESSION_KEY><DESCRIPTION>取得連線成功</DESCRIPTION></GET_CONNECTION></SMS>`; `CODE` -100 unknown account, -101 wrong password, -999 locked after ten wrong passwords |
/// | `closeConnection` | `1` closed, `-1` no such session |
/// | `sendSMS`, `sendMessage`, `sendParamSMS`, `sendMMS` | `CREDIT,SENDED,COST,UNSEND,BATCH_ID` |
/// | `getDeliveryStatus`, `getMMSDeliveryStatus` | the XML log `<SMS_LOG>…<GET_DELIVERY_STATUS COUNT="n"><SMS>…` with `REPLY_SMS` per reply, `MOBILE` space-padded to 20 characters as the real server pads it |
/// | `getCredit` | `1000.00` |
/// | `eraseBooking`, `eraseMMSBooking` | `a,b` (cancelled, points refunded); empty for an unknown batch (nothing found); `-4,…` when nothing is still booked |
///
/// **Sessions.** One account has one session key: `getConnection` returns the key in force, or
/// issues one valid until the end of the Taiwan day; `closeConnection` ends it for every system
/// sharing it. Any other method with an unknown, closed or expired key answers
/// `-301,Session 資料不存在，請重新登入。`. Validation errors are the HTTP front end's
/// (`-306`, `-28`, `-26`, `-27`, `-1`) as `-code,message` results; `sendMMS` takes `jpg`,
/// `jpeg` or `png` and an `attachment` that is base64 then percent-encoded, as documented.
///
/// **Faults** (HTTP 500): `soap:Client` / `soap:Sender` for an unreadable envelope, an unknown
/// method or action, a missing parameter; `soap:VersionMismatch` for the other version's
/// envelope namespace. Another media type gets HTTP 415, another method than POST HTTP 405.
///
/// **Injected faults** (``SandboxFault``) work as on the HTTP front end; queue them on
/// ``network`` with the endpoint `"SMS.asmx/<method>"` or `"MMS.asmx/<method>"` (requests are
/// recorded under those names).
public struct Every8DSOAPSandbox: HTTPTransport {
    /// Accounts, sessions, batches and counters (shared with the HTTP front end).
    public let state: Every8DSandboxState
    /// The request log and the fault queue.
    public let network: SandboxNetwork

    /// The clock the sandbox reads (the state's).
    public var clock: SandboxClock { state.clock }

    /// Creates a SOAP sandbox with its own state.
    ///
    /// - Parameters:
    ///   - accounts: Its accounts (default: ``Every8DSandboxAccount/demo``).
    ///   - clock: Its clock (default: following the system clock).
    ///   - stateConfiguration: Token lifetime, carrier delay, duplicate window.
    public init(accounts: [Every8DSandboxAccount] = [.demo], clock: SandboxClock = SandboxClock(),
                stateConfiguration: Every8DSandboxState.Configuration = .init()) {
        self.init(state: Every8DSandboxState(accounts: accounts, clock: clock, configuration: stateConfiguration))
    }

    /// Creates a SOAP front end over existing state (for example an ``Every8DSandbox``'s).
    ///
    /// - Parameters:
    ///   - state: The state to serve.
    ///   - network: The request log and fault queue (default: a new one).
    public init(state: Every8DSandboxState, network: SandboxNetwork = SandboxNetwork()) {
        self.state = state
        self.network = network
    }

    /// Answers one request as the EVERY8D SOAP services would (see the type's documentation).
    ///
    /// - Parameter request: The request.
    /// - Returns: The services' answer.
    /// - Throws: `CancellationError` when the task is cancelled, `TransportError` for injected
    ///   connection faults and a delay past the request's timeout.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        try Task.checkCancellation()
        let now = await state.clock.now()
        let service = Every8DSOAPService(path: request.url.path)
        let call = service.map { Every8DSOAPEnvelope.read(request, service: $0) }
        var endpoint = service?.rawValue ?? ""
        if let service {
            switch call {
            case .success(let read)?: endpoint += "/" + read.method
            default: if let method = Every8DSOAPEnvelope.actionMethod(request, service: service) { endpoint += "/" + method }
            }
        }
        let fault = await network.receive(request, endpoint: endpoint, at: now)
        let state = self.state
        let response = try await SandboxFaultRunner.run(request, fault: fault, expireTokens: { await state.expireAllTokens() }) {
            guard let service, let call else { return SandboxPages.errorResponse(status: 404) }
            guard request.method == .post else { return SandboxPages.errorResponse(status: 405) }
            switch call {
            case .failure(.httpStatus(let status)):
                return SandboxPages.errorResponse(status: status)
            case .failure(.fault(let version, let kind, let reason)):
                return Every8DSOAPEnvelope.fault(kind, reason: reason, version: version)
            case .success(let call):
                let result = await handle(call, service: service, now: now)
                return Every8DSOAPEnvelope.answer(result, method: call.method, version: call.version)
            }
        }
        await state.firePushReports()
        return response
    }
}
