import Foundation
@_spi(SMSInternals) import SMSTransport

/// A client for the OMICard (Cloudmax / itpison) WebAPI: send SMS jobs (`SMS.aspx`) and query
/// a recipient's state (`Status.aspx`).
///
/// ```swift
/// let client = OmiCardClient(credentials: OmiCardClient.Credentials(loginName: "api-user", password: "secret"))
/// let launch = try await client.sendSMS(SMSJob(content: "您好", smsList: ["0912345678"]))
/// let status = try await client.status(launchID: launch.launchID, for: .smsNumber("0912345678"))
/// if status.smsState == .delivered { … }
/// ```
///
/// The client is a value: copy it freely and share it between tasks. Every call checks its input
/// and throws ``ValidationError`` before anything is sent; a send is never repeated unless the
/// transport proves nothing left this machine (see ``sendSMS(_:idempotencyKey:)``).
public struct OmiCardClient: Sendable {
    /// The API account and how it travels.
    public let credentials: Credentials
    /// Host, method, timeout, retries and logging.
    public let configuration: Configuration
    /// What carries the requests.
    public let transport: any HTTPTransport
    /// Page URLs built once (see `EndpointCache`).
    let endpoints = EndpointCache()
    /// Runs every call: repeats, logging and observation; one retry policy for reads and for
    /// sends that provably did not leave.
    let engine: CallEngine

    /// OMICard's own names for secrets, beyond those every service uses: `XmlRequest` holds the
    /// login and password as XML, `XmlReqUrl` the address of such a file (`ManagerPassword` is a
    /// password by any reading). Every request the client builds carries them, so that its
    /// description, its log records and its response's description hide them.
    package static let redactionRules = RedactionRules(sensitiveNames: ["ManagerPassword", "XmlRequest", "XmlReqUrl"])

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - credentials: The API account.
    ///   - configuration: Host, method, timeout, retries and logging (defaults: the vendor's host, POST).
    ///   - transport: What carries the requests (default a new ``URLSessionTransport``; pass one
    ///     from `SMSSandbox`, or your own, to test offline).
    public init(credentials: Credentials, configuration: Configuration = Configuration(),
                transport: any HTTPTransport = URLSessionTransport()) {
        self.credentials = credentials
        self.configuration = configuration
        self.transport = transport
        self.engine = CallEngine(gateway: "OMICard", transport: self.transport, readRetryPolicy: configuration.retryPolicy,
                                  unsentRetryPolicy: configuration.retryPolicy, logger: configuration.logger,
                                  observer: configuration.observer, now: configuration.now)
    }

    /// Builds the request for `page` from parts in order.
    ///
    /// GET puts the text parts in the query; POST sends them form-encoded, or as
    /// `multipart/form-data` when a part is a file.
    ///
    /// `idempotent` is `false` for a send: the transport keeps it off kept-alive connections.
    ///
    /// - Throws: ``ValidationError`` for a bad base URL, or a file part with GET.
    func makeRequest(page: String, parts: [MultipartFormData.Part], idempotent: Bool = true) throws -> TransportRequest {
        var request = try request(page: page, parts: parts, idempotent: idempotent)
        request.redactionRules = Self.redactionRules
        return request
    }

    private func request(page: String, parts: [MultipartFormData.Part], idempotent: Bool) throws -> TransportRequest {
        let url = try endpoints.url(page) { try configuration.url(of: $0) }
        let fileParts = parts.filter { if case .file = $0 { return true } else { return false } }
        switch configuration.method {
        case .get:
            if let file = fileParts.first {
                throw ValidationError(field: file.name, reason: "uploading a file needs a POST, but the client is configured for GET")
            }
            let query = FormEncoding.encodeToString(parts.map { part -> FormField in
                guard case .text(let name, let value) = part else { return FormField(part.name, "") }
                return FormField(name, value)
            })
            guard let full = URL(string: url.absoluteString + "?" + query) else {
                throw ValidationError(field: "baseURL", reason: "cannot append a query to it")
            }
            return TransportRequest(method: .get, url: full, timeout: configuration.timeout, isIdempotent: idempotent)
        case .post:
            if fileParts.isEmpty {
                let fields = parts.map { part -> FormField in
                    guard case .text(let name, let value) = part else { return FormField(part.name, "") }
                    return FormField(name, value)
                }
                return TransportRequest(method: .post, url: url, headers: ["Content-Type": FormEncoding.contentType],
                                        body: FormEncoding.encode(fields), timeout: configuration.timeout, isIdempotent: idempotent)
            }
            let (contentType, body) = MultipartFormData(parts: parts).encoded()
            return TransportRequest(method: .post, url: url, headers: ["Content-Type": contentType],
                                    body: body, timeout: configuration.timeout, isIdempotent: idempotent)
        }
    }

    /// Runs one call through the shared call engine: sends `request` (repeated per the rule),
    /// reads the answer (also one that comes as a redirect) and hands it to `interpret`.
    ///
    /// OMICard documents no error code for refused credentials, so no login latch applies; its
    /// `ErrorCode`s are refusals (nothing was carried out).
    func perform<T: Sendable>(_ operation: String, rule: RepeatRule, request: TransportRequest,
                              facts: @escaping (T) -> CallFacts = { _ in CallFacts() },
                              interpret: @escaping (OmiCardResponse, [String]) throws -> T) async throws -> T {
        let secrets = credentials.secrets
        let plan = CallPlan<T>(
            operation: operation, rule: rule, credentials: .none, secrets: secrets,
            request: { _ in request },
            // The answer may come as a redirect whose Location carries it.
            nonSuccess: { response, secrets in
                guard (300..<400).contains(response.status), (try? OmiCardResponseParser.parse(response, secrets: secrets)) != nil else { return nil }
                return Result { try interpret(try OmiCardResponseParser.parse(response, secrets: secrets), secrets) }
            },
            parse: { response, secrets in try interpret(try OmiCardResponseParser.parse(response, secrets: secrets), secrets) },
            classify: { error in error is OmiCardError ? .refused : nil },
            facts: facts)
        return try await engine.run(plan)
    }
}
