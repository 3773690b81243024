import Foundation

/// `getoken`, `tokenislive`, and the authentication of every other call.
extension Every8DV3Sandbox {
    func getToken(_ json: SandboxJSON, custcode: String, now: Date) async -> String {
        guard let userID = Self.text(json, "uid") else { return Every8DV3Failure.missing("uid").json }
        guard let password = Self.text(json, "pwd") else { return Every8DV3Failure.missing("pwd").json }
        switch await state.issueV3Token(userID: userID, password: password, custcode: custcode, now: now) {
        case .failure(let failure): return failure.json
        case .success(let token): return Every8DV3Rendering.success(JSONText.object([("token", JSONText.string(token))]))
        }
    }

    func tokenIsLive(_ json: SandboxJSON, now: Date) async -> String {
        guard let userID = Self.text(json, "uid") else { return Every8DV3Failure.missing("uid").json }
        guard let token = Self.text(json, "token") else { return Every8DV3Failure.missing("token").json }
        let live = await state.v3TokenIsLive(token, userID: userID, now: now)
        return Every8DV3Rendering.success(JSONText.object([("tokenislive", JSONText.string(live ? "1" : "0"))]))
    }

    /// `uid` with `token` (wins when both are given) or `pwd`.
    func authenticate(_ json: SandboxJSON, custcode: String, now: Date) async -> Result<String, Every8DV3Failure> {
        guard let userID = Self.text(json, "uid") else { return .failure(.missing("uid")) }
        if let token = Self.text(json, "token") {
            return await state.authenticateV3(.token(userID: userID, token: token), custcode: custcode, now: now)
        }
        guard let password = Self.text(json, "pwd") else { return .failure(.missing("token")) }
        return await state.authenticateV3(.password(userID: userID, password: password), custcode: custcode, now: now)
    }
}
