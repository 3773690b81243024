import Foundation
@_spi(SMSInternals) import SMSTransport

/// Reading requests and writing answers, shared by the EVERY8D endpoints.
extension Every8DSandbox {
    static let formType = "application/x-www-form-urlencoded"
    static let jsonType = "application/json"

    /// The body's form fields, or the `-99` answer for a wrong `Content-Type`.
    func formFields(_ request: TransportRequest) -> Result<[FormField], Every8DFailure> {
        guard request.headers.mediaType == Self.formType else { return .failure(.wrongContentType(expected: Self.formType)) }
        return .success(FormEncoding.decode(request.body))
    }

    /// The body as a JSON object, or the `-99` answer for a wrong `Content-Type` or a body that
    /// is not a JSON object.
    func jsonBody(_ request: TransportRequest) -> Result<SandboxJSON, Every8DFailure> {
        guard request.headers.mediaType == Self.jsonType else { return .failure(.wrongContentType(expected: Self.jsonType)) }
        guard let json = SandboxJSON.parse(request.body), case .object = json else { return .failure(.exception) }
        return .success(json)
    }

    /// The request's credentials: a Bearer token in the header wins over `UID`/`PWD`.
    func credentials(_ request: TransportRequest, userID: String?, password: String?) -> Every8DCredentials {
        if let header = request.headers["Authorization"] {
            let value = header.trimmingASCIIWhitespace()
            if value.count > 7, value.prefix(7).lowercased() == "bearer " {
                return .token(String(value.dropFirst(7)).trimmingASCIIWhitespace())
            }
            return .token("")
        }
        guard let userID, let password, !userID.isEmpty, !password.isEmpty else { return .none }
        return .password(userID: userID, password: password)
    }

    /// Reads a form endpoint's body, authenticates its `Authorization` header or `UID`/`PWD`, and
    /// runs `body` with the fields and the account; a wrong `Content-Type` or a failed
    /// authentication is answered as form endpoints answer them.
    func formCall(_ request: TransportRequest, now: Date, _ body: ([FormField], String) async -> TransportResponse) async -> TransportResponse {
        let fields: [FormField]
        switch formFields(request) {
        case .failure(let failure): return Self.failure(failure)
        case .success(let value): fields = value
        }
        let auth = credentials(request, userID: fields.value(named: "UID"), password: fields.value(named: "PWD"))
        return await authenticated(auth, now: now, json: false) { userID in await body(fields, userID) }
    }

    /// Authenticates and runs `body` for the account, or answers the authentication failure in
    /// the endpoint's style.
    func authenticated(
        _ credentials: Every8DCredentials, now: Date, json: Bool,
        _ body: (String) async -> TransportResponse
    ) async -> TransportResponse {
        switch await state.authenticate(credentials, now: now) {
        case .account(let userID):
            return await body(userID)
        case .failure(let failure):
            return json ? Self.json(failure.json) : Self.text(failure.line)
        case .tokenRejected:
            switch configuration.tokenRejection {
            case .http401:
                return TransportResponse(
                    status: 401, headers: ["Content-Type": SandboxPages.htmlContentType, "Server": "Microsoft-IIS/10.0"],
                    body: Data(SandboxPages.page(status: 401).utf8))
            case .errorCode301:
                return json ? Self.json(Every8DFailure.sessionExpired.json) : Self.text(Every8DFailure.sessionExpired.line)
            }
        }
    }

    /// A plain-text answer with HTTP 200.
    static func text(_ body: String) -> TransportResponse {
        TransportResponse(status: 200, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(body.utf8))
    }

    /// A JSON answer with HTTP 200.
    static func json(_ body: String) -> TransportResponse {
        TransportResponse(status: 200, headers: ["Content-Type": "application/json; charset=utf-8"], body: Data(body.utf8))
    }

    /// An XML answer with HTTP 200.
    static func xml(_ body: String) -> TransportResponse {
        TransportResponse(status: 200, headers: ["Content-Type": "text/xml; charset=utf-8"], body: Data(body.utf8))
    }

    /// The error answer of a form endpoint.
    static func failure(_ failure: Every8DFailure) -> TransportResponse {
        text(failure.line)
    }
}
