import Foundation

/// What `getConnection` answers.
enum Every8DSOAPLogin: Sendable, Hashable {
    /// `CODE` 0 and the account's session key.
    case session(String)
    /// A failure `CODE` and its `DESCRIPTION`.
    case failure(code: Int, description: String)

    static let unknownAccount = Every8DSOAPLogin.failure(code: -100, description: "取得連線失敗，無此帳號")
    static let wrongPassword = Every8DSOAPLogin.failure(code: -101, description: "取得連線失敗，密碼錯誤")
    static let locked = Every8DSOAPLogin.failure(code: -999, description: "帳號已封鎖，請洽服務窗口。認證錯誤超過 10 次將封鎖此服務。")
}

extension Every8DSandboxState {
    /// Failed SOAP logins after which an account is locked (`-999`).
    static let soapLoginFailureLimit = 10

    /// `getConnection`: the account's one session key.
    ///
    /// One account has one session key: while it is valid, every `getConnection` of the account
    /// returns that same key (so every system logged in with the account shares it, and
    /// `closeConnection` logs them all out); otherwise a new key is issued, valid until the end
    /// of the Taiwan day (the vendor: valid for the day), or for the token lifetime if shorter.
    /// Keys live with the HTTP API's tokens, so ``expireAllTokens()`` ends them too.
    ///
    /// Ten wrong passwords in a row lock the account's SOAP login: from then on every
    /// `getConnection` answers `-999`, even with the right password. A successful login resets
    /// the count.
    func soapConnect(userID: String, password: String, now: Date) -> Every8DSOAPLogin {
        guard !userID.isEmpty, let record = accounts[userID] else { return .unknownAccount }
        if soapLoginFailures[userID, default: 0] >= Self.soapLoginFailureLimit { return .locked }
        guard record.password == password else {
            soapLoginFailures[userID, default: 0] += 1
            return .wrongPassword
        }
        soapLoginFailures[userID] = nil
        if let key = soapSessions[userID], account(forToken: key, now: now) == userID {
            return .session(key)
        }
        let key = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let time = TaiwanTime.components(of: now)
        let midnight = TaiwanTime.makeDate(year: time.year, month: time.month, day: time.day, hour: 0, minute: 0, second: 0)
            .map { $0.addingTimeInterval(86_400) }
        var expiry = midnight
        if let lifetime = configuration.tokenLifetime {
            let end = now.addingTimeInterval(lifetime.timeInterval)
            expiry = expiry.map { min($0, end) } ?? end
        }
        tokens[key] = Token(userID: userID, expiresAt: expiry)
        tokensIssued += 1
        soapSessions[userID] = key
        return .session(key)
    }

    /// `closeConnection`: ends a session key (for every system that shares it).
    ///
    /// - Returns: Whether the key was valid.
    func soapDisconnect(sessionKey: String, now: Date) -> Bool {
        guard let userID = account(forToken: sessionKey, now: now) else { return false }
        if soapSessions[userID] == sessionKey { soapSessions[userID] = nil }
        return closeToken(sessionKey, now: now)
    }

    /// How many wrong passwords in a row the account's SOAP login has seen (10 locks it).
    ///
    /// - Parameter userID: The account.
    /// - Returns: The count, 0 after a successful login.
    public func soapFailedLogins(userID: String) -> Int {
        soapLoginFailures[userID, default: 0]
    }

    /// Unlocks an account's SOAP login locked by ten wrong passwords, as the vendor's service
    /// desk would.
    ///
    /// - Parameter userID: The account.
    public func unlockSOAPLogin(userID: String) {
        soapLoginFailures[userID] = nil
    }
}
