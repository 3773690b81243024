import Foundation

/// How a 3.0 request identifies its account.
enum Every8DV3Credentials: Sendable, Hashable {
    /// `uid` and `token` (M1).
    case token(userID: String, token: String)
    /// `uid` and `pwd` (M2).
    case password(userID: String, password: String)
}

extension Every8DSandboxState {
    /// How long a 3.0 token lives unused: ten minutes, as the specification says.
    static let v3TokenLifetime: TimeInterval = 600
    /// Wrong passwords in a row after which an account's 3.0 access is locked (`509`).
    static let v3LoginFailureLimit = 10

    // MARK: Inspection and settings (public)

    /// How many 3.0 tokens `getoken` issued.
    public var v3TokensIssued: Int { v3.tokensIssued }

    /// How many 3.0 tokens a call used up (each is good for one call).
    public var v3TokensSpent: Int { v3.tokensSpent }

    /// How many times a call presented a 3.0 token that an earlier call had already used up (each
    /// was answered `502`): a client that never reuses a token keeps this at 0.
    public var v3TokensPresentedAgain: Int { v3.tokensPresentedAgain }

    /// How many 3.0 tokens are unused and unexpired now.
    public func v3ActiveTokenCount() async -> Int {
        let now = await clock.now()
        return v3.tokens.values.filter { now < $0.expiresAt }.count
    }

    /// Whether an account may authenticate 3.0 calls with its password (`uid` + `pwd`). By default
    /// it may; when not, such calls are answered `531` and only tokens work.
    public func setV3PasswordAuthentication(allowed: Bool, userID: String) {
        if allowed { v3.tokenOnly.remove(userID) } else { v3.tokenOnly.insert(userID) }
    }

    /// Suspends (or restores) an account's 3.0 access: every call and `getoken` answer `509`.
    /// Also how an account locked by ten wrong passwords is unlocked.
    public func setV3Suspended(_ suspended: Bool, userID: String) {
        if suspended {
            v3.suspended.insert(userID)
        } else {
            v3.suspended.remove(userID)
            v3.failedLogins[userID] = nil
        }
    }

    /// Wrong passwords in a row the account's 3.0 logins have seen (ten lock it).
    public func v3FailedLogins(userID: String) -> Int {
        v3.failedLogins[userID, default: 0]
    }

    /// Puts an account under another custcode than `e8d` (dedicated platforms have their own).
    public func setCustcode(_ custcode: String, userID: String) {
        v3.custcodes[userID] = custcode
    }

    /// The custcode an account belongs to (`e8d` unless set).
    public func custcode(of userID: String) -> String {
        v3.custcodes[userID] ?? "e8d"
    }

    // MARK: Tokens and authentication

    /// `getoken`: a token for one call, valid ten minutes.
    func issueV3Token(userID: String, password: String, custcode: String, now: Date) -> Result<String, Every8DV3Failure> {
        switch checkV3Password(userID: userID, password: password, custcode: custcode) {
        case .failure(let failure):
            return .failure(failure)
        case .success:
            let token = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            v3.tokens[token] = .init(userID: userID, expiresAt: now.addingTimeInterval(Self.v3TokenLifetime))
            v3.tokensIssued += 1
            return .success(token)
        }
    }

    /// `tokenislive`: whether `token` is the account's, unused and unexpired. Asking does not use it.
    func v3TokenIsLive(_ token: String, userID: String, now: Date) -> Bool {
        guard let record = v3.tokens[token], record.userID == userID else { return false }
        return now < record.expiresAt
    }

    /// Authenticates a 3.0 call; a token is used up by it, whatever the call's outcome.
    func authenticateV3(_ credentials: Every8DV3Credentials, custcode: String, now: Date) -> Result<String, Every8DV3Failure> {
        switch credentials {
        case .token(let userID, let token):
            guard let record = v3.tokens[token], record.userID == userID else {
                if v3.spentTokens.contains(token) { v3.tokensPresentedAgain += 1 }
                return .failure(.invalidToken)
            }
            v3.tokens[token] = nil
            v3.spentTokens.insert(token)
            guard now < record.expiresAt else { return .failure(.invalidToken) }
            v3.tokensSpent += 1
            if v3.suspended.contains(userID) { return .failure(.suspended) }
            guard self.custcode(of: userID) == custcode else { return .failure(.custcodeNotPermitted) }
            return .success(userID)
        case .password(let userID, let password):
            if case .failure(let failure) = checkV3Password(userID: userID, password: password, custcode: custcode) {
                return .failure(failure)
            }
            guard !v3.tokenOnly.contains(userID) else { return .failure(.passwordNotAllowed) }
            return .success(userID)
        }
    }

    /// Whether any account belongs to `custcode` (else `507`).
    func isKnownCustcode(_ custcode: String) -> Bool {
        accounts.keys.contains { self.custcode(of: $0) == custcode }
    }

    /// Invalidates every 3.0 token and every Safesay token (and 2.1's), as the
    /// `expiredToken` fault does on the 3.0 endpoints.
    func expireAllV3Tokens() {
        expireAllTokens()
        v3.tokens.removeAll()
        v3.safesayTokens.removeAll()
    }

    private func checkV3Password(userID: String, password: String, custcode: String) -> Result<Void, Every8DV3Failure> {
        guard let account = accounts[userID] else { return .failure(.accountCheckFailed) }
        if v3.suspended.contains(userID) { return .failure(.suspended) }
        guard account.password == password else {
            v3.failedLogins[userID, default: 0] += 1
            if v3.failedLogins[userID, default: 0] >= Self.v3LoginFailureLimit { v3.suspended.insert(userID) }
            return .failure(.accountCheckFailed)
        }
        v3.failedLogins[userID] = nil
        guard self.custcode(of: userID) == custcode else { return .failure(.custcodeNotPermitted) }
        return .success(())
    }
}

extension Every8DSandboxState {
    /// An account, for the 3.0 front end's checks.
    func v3Account(_ userID: String) -> Every8DSandboxAccount? {
        accounts[userID]
    }
}
