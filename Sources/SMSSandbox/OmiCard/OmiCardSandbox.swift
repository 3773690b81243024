import Foundation

/// An in-process OMICard WebAPI (`SMS.aspx`, `Status.aspx`) that conforms to ``HTTPTransport``.
///
/// ```swift
/// let sandbox = OmiCardSandbox()                        // the demo account, system clock
/// let client = OmiCardClient(
///     credentials: .init(loginName: OmiCardSandboxAccount.demo.loginName,
///                        password: OmiCardSandboxAccount.demo.password),
///     configuration: .init(baseURL: OmiCardSandbox.demoBaseURL),
///     transport: sandbox)
/// ```
///
/// **Routing.** Any host and prefix; the last path component, ignoring case, must be `SMS.aspx`
/// or `Status.aspx` (others get HTTP 404, methods other than GET and POST HTTP 405).
///
/// **Requests.** GET with a query, or POST with `application/x-www-form-urlencoded` or
/// `multipart/form-data` (query fields are read too; any other body type is ErrorCode 102).
/// Field names ignore case. Credentials come from `ManagerLoginName` and `ManagerPassword`, or
/// from an XML request — `XmlRequest` (the document as a field), `XmlReqFilePath` (an uploaded
/// `.xml` file) or `XmlReqUrl` (a `.xml` URL registered with
/// ``OmiCardSandboxState/register(url:contents:)``) — whose `<REQUEST>` children are read as
/// fields too (fields sent directly win). Missing credentials are 102, wrong ones 1000.
///
/// **Answers.** ErrorCode 0 is success. The format is chosen by the request field
/// `ResponseFormat` (`XML`, `CSV` or `File`, ignoring case) or else ``Configuration/responseFormat``:
///
/// - XML (`text/xml`):
///   `<?xml version="1.0" encoding="utf-8"?><Response><ErrorCode>0</ErrorCode><ErrorMsg></ErrorMsg><LaunchID>1001</LaunchID></Response>`
///   (indented, CRLF line ends);
/// - CSV (`text/csv`): a header line and a value line, `ErrorCode,ErrorMsg,LaunchID` /
///   `0,,1001`, CRLF, RFC 4180 quoting;
/// - File: the same CSV as `application/octet-stream` with
///   `Content-Disposition: attachment; filename="SMS_Result.csv"` (or `Status_Result.csv`).
///
/// Errors carry `ErrorCode` and `ErrorMsg` only. `Status.aspx` answers
/// `ErrorCode, ErrorMsg, LaunchID, JobType, SMSNumber, ExternRefNum, CurrentState` (the number
/// as stored). With ``Configuration/charset`` `.utf16` bodies are UTF-16LE with a BOM
/// (`charset=utf-16`), as the vendor's "Unicode" may mean. `ReferUrl` (always),
/// `SuccessfulUrl` (ErrorCode 0) and `FailedUrl` (otherwise) turn the answer into an HTTP 302
/// to that URL with `%errorcode% %errormsg% %launchid% %omisquerystring%` filled in (the other
/// placeholders become empty).
///
/// **Outcomes** follow ``OmiCardScenario``; error codes are listed in the README (100, 102,
/// 110, 111, 1000). **Faults** are queued on ``network`` (``SandboxFault/expiredToken`` has no
/// effect: OMICard has no tokens).
public struct OmiCardSandbox: HTTPTransport {
    /// The answer formats.
    public enum ResponseFormat: String, Sendable, Hashable, CaseIterable {
        /// An XML document.
        case xml
        /// CSV text: a header line and a value line.
        case csv
        /// The CSV as a file download (`Content-Disposition: attachment`).
        case file
    }

    /// The character encodings of answers.
    public enum Charset: Sendable, Hashable {
        /// UTF-8 (the default).
        case utf8
        /// UTF-16 little-endian with a byte-order mark.
        case utf16
    }

    /// Settings of the front end.
    public struct Configuration: Sendable, Hashable {
        /// The format when the request does not name one (default ``ResponseFormat/xml``).
        public var responseFormat: ResponseFormat
        /// The encoding of answers (default ``Charset/utf8``).
        public var charset: Charset

        /// Creates a configuration.
        public init(responseFormat: ResponseFormat = .xml, charset: Charset = .utf8) {
            self.responseFormat = responseFormat
            self.charset = charset
        }
    }

    /// A base URL to configure a client with; any host works, this one never resolves.
    public static let demoBaseURL = URL(string: "https://sandbox.omicard.invalid/WebAPI/")!

    /// Accounts, jobs and registered URLs.
    public let state: OmiCardSandboxState
    /// The request log and the fault queue.
    public let network: SandboxNetwork
    /// The front end's settings.
    public let configuration: Configuration

    /// The clock the sandbox reads (the state's).
    public var clock: SandboxClock { state.clock }

    /// Creates a sandbox.
    ///
    /// - Parameters:
    ///   - accounts: Its accounts (default: ``OmiCardSandboxAccount/demo``).
    ///   - clock: Its clock (default: following the system clock).
    ///   - stateConfiguration: Carrier delay, first `LaunchID`.
    ///   - configuration: Answer format and encoding.
    public init(accounts: [OmiCardSandboxAccount] = [.demo], clock: SandboxClock = SandboxClock(),
                stateConfiguration: OmiCardSandboxState.Configuration = .init(), configuration: Configuration = .init()) {
        self.init(state: OmiCardSandboxState(accounts: accounts, clock: clock, configuration: stateConfiguration),
                  configuration: configuration)
    }

    /// Creates a front end over existing state.
    ///
    /// - Parameters:
    ///   - state: The state to serve.
    ///   - network: The request log and fault queue (default: a new one).
    ///   - configuration: Answer format and encoding.
    public init(state: OmiCardSandboxState, network: SandboxNetwork = SandboxNetwork(), configuration: Configuration = .init()) {
        self.state = state
        self.network = network
        self.configuration = configuration
    }

    /// Answers one request as the OMICard WebAPI would (see the type's documentation).
    ///
    /// - Parameter request: The request.
    /// - Returns: The answer.
    /// - Throws: `CancellationError` when the task is cancelled, ``TransportError`` for injected
    ///   connection faults and a delay past the request's timeout.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        try Task.checkCancellation()
        let now = await state.clock.now()
        let page = Self.page(of: request.url)
        let fault = await network.receive(request, endpoint: page ?? "", at: now)
        return try await SandboxFaultRunner.run(request, fault: fault, expireTokens: {}) {
            guard let page else { return SandboxPages.errorResponse(status: 404) }
            guard request.method == .get || request.method == .post else { return SandboxPages.errorResponse(status: 405) }
            return await handle(page: page, request: request, now: now)
        }
    }

    /// `"SMS.aspx"` or `"Status.aspx"` when the URL's last path component names one, ignoring case.
    static func page(of url: URL) -> String? {
        let last = url.lastPathComponent
        if last.caseInsensitiveEquals("SMS.aspx") { return "SMS.aspx" }
        if last.caseInsensitiveEquals("Status.aspx") { return "Status.aspx" }
        return nil
    }

    private func handle(page: String, request: TransportRequest, now: Date) async -> TransportResponse {
        var call: OmiCardRequest
        switch OmiCardRequest.read(request) {
        case .failure(let failure): return render(.failure(failure), page: page, call: nil)
        case .success(let value): call = value
        }
        guard responseFormat(of: call) != nil else { return render(.failure(.incorrectRequest), page: page, call: nil) }
        if case .failure(let failure) = await loadXMLRequest(&call) {
            return render(.failure(failure), page: page, call: call)
        }
        let login: String
        switch await state.authenticate(loginName: call.value("ManagerLoginName"), password: call.value("ManagerPassword")) {
        case .failure(let failure): return render(.failure(failure), page: page, call: call)
        case .success(let name): login = name
        }
        let result = page == "SMS.aspx" ? await sms(call, login: login, now: now) : await status(call, login: login, now: now)
        return render(result, page: page, call: call)
    }

    /// Merges the XML request named by `XmlRequest`, `XmlReqFilePath` or `XmlReqUrl`, if any.
    private func loadXMLRequest(_ call: inout OmiCardRequest) async -> Result<Void, OmiCardFailure> {
        if let xml = call.nonEmpty("XmlRequest") {
            return call.mergeXML(Data(xml.utf8)) ? .success(()) : .failure(.incorrectRequest)
        }
        if let file = call.file("XmlReqFilePath") {
            guard let name = file.fileName, name.lowercased().hasSuffix(".xml") else { return .failure(.incorrectRequest) }
            return call.mergeXML(file.data) ? .success(()) : .failure(.incorrectRequest)
        }
        if let url = call.nonEmpty("XmlReqUrl") {
            guard url.lowercased().hasSuffix(".xml") else { return .failure(.incorrectRequest) }
            guard let data = await state.contents(of: url) else { return .failure(.unreadableURL(field: "XmlReqUrl", url: nil)) }
            return call.mergeXML(data) ? .success(()) : .failure(.incorrectRequest)
        }
        return .success(())
    }
}
