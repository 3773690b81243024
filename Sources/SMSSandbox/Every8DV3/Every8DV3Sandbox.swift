import Foundation

/// An in-process EVERY8D gateway for the JSON API 3.0 and its Safesay calls, conforming to
/// ``HTTPTransport``, over the same ``Every8DSandboxState`` as ``Every8DSandbox``: the same accounts,
/// credit, batches, delivery rows, replies and bookings, so a batch sent through 3.0 can be
/// queried through 3.0 or 2.1 and the other way round. ``Every8DSandbox`` and ``SMSSandbox`` route
/// 3.0 and Safesay paths here by themselves.
///
/// ```swift
/// let sandbox = Every8DSandbox()               // serves 2.1, SOAP, 3.0 and Safesay
/// // POST https://sandbox.e8d.invalid/e8d/getoken {"uid":"sandbox","pwd":"sandbox-password"}
/// ```
///
/// **Routing.** Any host and prefix: `…/<custcode>/<endpoint>` for `getoken`, `tokenislive`,
/// `sendsms`, `sendexclusive_sms`, `sendparam_sms` (also the duplicate-filtered send, told apart
/// by its members: `msg` and `mobiles` without `recipientdatalist`), `sendmms`,
/// `sendexclusive_mms`, `sendparam_mms`, `getcredit`, `getdrstatus`, `getreplymsg`,
/// `cancelbooking`; Safesay's `…/v2/<pack>/gettoken`, `…/v2/sendMessage`, `…/v2/downLoadFile`.
/// POST only (HTTP 405 otherwise). Every account's custcode is `e8d` unless
/// ``Every8DSandboxState/setCustcode(_:userID:)`` says otherwise.
///
/// **Requests** are JSON objects with keys in any case and values as strings or numbers.
/// **Answers** are `{"status":"200","message":"success","data":{…}}` with every value a string,
/// or an annex-2 error with `"data":null` (see the module's documentation for when each status
/// is answered), always HTTP 200.
///
/// **Tokens.** `getoken` issues a token that is good for **one** call within ten minutes: the
/// call that presents it uses it up, whatever its outcome; presented again, expired or with
/// another `uid` it is answered `502`. `tokenislive` tells whether a token is still unused and
/// does not use it. `uid` + `pwd` works too unless the account is token-only
/// (``Every8DSandboxState/setV3PasswordAuthentication(allowed:userID:)``, then `531`). Ten wrong
/// passwords in a row lock the account's 3.0 access (`509`) until
/// ``Every8DSandboxState/setV3Suspended(_:userID:)``.
///
/// **Safesay.** The account's `uid` and `pwd` are its `Account` and `Password`; the pack is
/// `sandbox` unless ``Every8DSandboxState/setSafesayPack(_:)`` says otherwise (another pack: HTTP
/// 404). A token is valid until midnight, Taiwan time, and only the one fetched last is valid.
/// Messages go only to a number that joined the channel
/// (``Every8DSandboxState/joinSafesayChannel(eventID:mobile:userID:)``); files come from
/// ``Every8DSandboxState/addSafesayFile(_:fileName:eventID:userID:)``. Failures are
/// `{"Result":false,"Status":"-99","Msg":"…"}`; a missing file `{"Msg":"檔案不存在"}`.
///
/// **Faults** queued on ``network`` for the endpoint names above (`sendsms`, `getoken`,
/// `v2/sendMessage`, …) work as on the 2.1 endpoints; ``SandboxFault/expiredToken`` ends every
/// 3.0 and Safesay token first.
public struct Every8DV3Sandbox: HTTPTransport {
    /// Accounts, tokens, batches and counters (shared with the 2.1 and SOAP front ends).
    public let state: Every8DSandboxState
    /// The request log and the fault queue.
    public let network: SandboxNetwork

    /// The clock the sandbox reads (the state's).
    public var clock: SandboxClock { state.clock }

    /// Creates a 3.0 sandbox with its own state.
    ///
    /// - Parameters:
    ///   - accounts: Its accounts (default: ``Every8DSandboxAccount/demo``).
    ///   - clock: Its clock (default: following the system clock).
    ///   - stateConfiguration: Carrier delay and duplicate window (2.1's token lifetime does not apply).
    public init(accounts: [Every8DSandboxAccount] = [.demo], clock: SandboxClock = SandboxClock(),
                stateConfiguration: Every8DSandboxState.Configuration = .init()) {
        self.init(state: Every8DSandboxState(accounts: accounts, clock: clock, configuration: stateConfiguration))
    }

    /// Creates a 3.0 front end over existing state (for example an ``Every8DSandbox``'s).
    ///
    /// - Parameters:
    ///   - state: The state to serve.
    ///   - network: The request log and fault queue (default: a new one).
    public init(state: Every8DSandboxState, network: SandboxNetwork = SandboxNetwork()) {
        self.state = state
        self.network = network
    }

    /// Answers one request as EVERY8D's API 3.0 would (see the type's documentation).
    ///
    /// - Parameter request: The request.
    /// - Returns: The gateway's answer; HTTP 404 for a path that names no 3.0 or Safesay endpoint.
    /// - Throws: `CancellationError` when the task is cancelled, ``TransportError`` for injected
    ///   connection faults and a delay past the request's timeout.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        try Task.checkCancellation()
        let now = await state.clock.now()
        let route = Every8DV3Route(path: request.url.path)
        let fault = await network.receive(request, endpoint: route?.recordName ?? "", at: now)
        let state = self.state
        let response = try await SandboxFaultRunner.run(request, fault: fault, expireTokens: { await state.expireAllV3Tokens() }) {
            guard let route else { return SandboxPages.errorResponse(status: 404) }
            guard request.method == .post else { return SandboxPages.errorResponse(status: 405) }
            switch route {
            case .api(let endpoint, let custcode):
                return Self.json(await handle(endpoint, custcode: custcode, request: request, now: now))
            case .safesayToken(let pack):
                return await safesayToken(request, pack: pack, now: now)
            case .safesaySend:
                return await safesaySend(request, now: now)
            case .safesayDownload:
                return await safesayDownload(request, now: now)
            }
        }
        await state.firePushReports()
        return response
    }

    private func handle(_ endpoint: Every8DV3Route.Endpoint, custcode: String, request: TransportRequest, now: Date) async -> String {
        let json: SandboxJSON
        switch Self.body(request) {
        case .failure(let failure): return failure.json
        case .success(let body): json = body
        }
        guard await state.isKnownCustcode(custcode) else { return Every8DV3Failure.wrongCustcode.json }
        switch endpoint {
        case .getToken: return await getToken(json, custcode: custcode, now: now)
        case .tokenIsLive: return await tokenIsLive(json, now: now)
        default: break
        }
        let userID: String
        switch await authenticate(json, custcode: custcode, now: now) {
        case .failure(let failure): return failure.json
        case .success(let account): userID = account
        }
        let result: Result<String, Every8DV3Failure>
        switch endpoint {
        case .getToken, .tokenIsLive: return Every8DV3Failure.invalid("endpoint").json
        case .sendSMS: result = await sendSMS(json, userID: userID, now: now)
        case .sendParamSMS where json["recipientdatalist"] == nil && (json.has("msg") || json.has("mobiles")):
            result = await sendFiltered(json, userID: userID, now: now)
        case .sendExclusiveSMS: result = await sendList(json, template: false, mms: false, userID: userID, now: now)
        case .sendParamSMS: result = await sendList(json, template: true, mms: false, userID: userID, now: now)
        case .sendMMS: result = await sendMMS(json, userID: userID, now: now)
        case .sendExclusiveMMS: result = await sendList(json, template: false, mms: true, userID: userID, now: now)
        case .sendParamMMS: result = await sendList(json, template: true, mms: true, userID: userID, now: now)
        case .getCredit:
            let credit = await state.credit(of: userID) ?? 0
            result = .success(Every8DV3Rendering.success(JSONText.object([("credit", JSONText.string(SandboxFormatting.twoPlaces(credit)))])))
        case .deliveryStatus: result = await deliveryStatus(json, userID: userID, now: now)
        case .replies: result = await replies(json, userID: userID, now: now)
        case .cancelBooking: result = await cancelBooking(json, userID: userID, now: now)
        }
        switch result {
        case .success(let answer): return answer
        case .failure(let failure): return failure.json
        }
    }

    /// The body as a JSON object, or `506` for another content type or a body that is not one.
    static func body(_ request: TransportRequest) -> Result<SandboxJSON, Every8DV3Failure> {
        guard request.headers.mediaType == Every8DSandbox.jsonType else { return .failure(.invalid("Content-Type")) }
        guard let json = SandboxJSON.parse(request.body), case .object = json else { return .failure(.invalid("body")) }
        return .success(json)
    }

    /// A JSON answer with HTTP 200.
    static func json(_ body: String) -> TransportResponse {
        Every8DSandbox.json(body)
    }

    /// A member as text, or `nil` when absent, `null` or empty.
    static func text(_ json: SandboxJSON, _ key: String) -> String? {
        json[key]?.text.flatMap { $0.isEmpty ? nil : $0 }
    }
}
