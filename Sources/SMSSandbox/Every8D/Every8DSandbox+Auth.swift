import Foundation

/// `ConnectionHandler.ashx`: token get (`VerifyType` 1), check (2) and close (3).
extension Every8DSandbox {
    func connectionHandler(_ request: TransportRequest, now: Date) async -> TransportResponse {
        let json: SandboxJSON
        switch jsonBody(request) {
        case .failure(let failure): return Self.json(failure.json)
        case .success(let body): json = body
        }
        guard json["HandlerType"]?.text == "3" else { return Self.json(Every8DFailure.exception.json) }
        let ok = JSONText.object([("Result", "true")])
        switch json["VerifyType"]?.text {
        case "1":
            let userID = json["UID"]?.text ?? ""
            let password = json["PWD"]?.text ?? ""
            guard !userID.isEmpty, !password.isEmpty else { return Self.json(Every8DFailure.missingCredentials.json) }
            switch await state.issueToken(userID: userID, password: password, now: now) {
            case .success(let token):
                return Self.json(JSONText.object([("Result", "true"), ("Msg", JSONText.string(token))]))
            case .failure(let failure):
                return Self.json(failure.json)
            }
        case "2":
            guard case .token(let token) = credentials(request, userID: nil, password: nil),
                  await state.account(forToken: token, now: now) != nil else {
                return Self.json(Every8DFailure.sessionExpired.json)
            }
            return Self.json(ok)
        case "3":
            guard case .token(let token) = credentials(request, userID: nil, password: nil),
                  await state.closeToken(token, now: now) else {
                return Self.json(Every8DFailure.sessionExpired.json)
            }
            return Self.json(ok)
        default:
            return Self.json(Every8DFailure.exception.json)
        }
    }
}
