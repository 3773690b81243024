import Foundation

/// How a request identifies its account.
enum Every8DCredentials: Sendable, Hashable {
    /// `Authorization: Bearer <token>` (M_1).
    case token(String)
    /// `UID` and `PWD` in the body (M_2).
    case password(userID: String, password: String)
    /// Neither.
    case none
}

/// The outcome of checking a request's credentials.
enum Every8DAuthentication: Sendable, Hashable {
    /// The account's user id.
    case account(String)
    /// A `-code,message` failure (missing credentials, unknown account, wrong password).
    case failure(Every8DFailure)
    /// An unknown, closed or expired token; how it is answered is the front end's choice.
    case tokenRejected
}

extension Every8DSandboxState {
    /// Issues a token for a user id and password (`VerifyType` 1).
    func issueToken(userID: String, password: String, now: Date) -> Result<String, Every8DFailure> {
        switch checkPassword(userID: userID, password: password) {
        case .failure(let failure):
            return .failure(failure)
        case .success:
            let token = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            tokens[token] = Token(userID: userID, expiresAt: configuration.tokenLifetime.map { now.addingTimeInterval($0.timeInterval) })
            tokensIssued += 1
            return .success(token)
        }
    }

    /// The account of a valid token, or `nil` for an unknown, closed or expired one.
    func account(forToken token: String, now: Date) -> String? {
        guard let record = tokens[token] else { return nil }
        if let expiry = record.expiresAt, now >= expiry {
            tokens[token] = nil
            return nil
        }
        return record.userID
    }

    /// Closes a token (`VerifyType` 3); returns whether it was valid.
    func closeToken(_ token: String, now: Date) -> Bool {
        guard account(forToken: token, now: now) != nil else { return false }
        tokens[token] = nil
        tokensClosed += 1
        return true
    }

    /// Checks a request's credentials.
    func authenticate(_ credentials: Every8DCredentials, now: Date) -> Every8DAuthentication {
        switch credentials {
        case .none:
            return .failure(.missingCredentials)
        case .token(let token):
            return account(forToken: token, now: now).map { .account($0) } ?? .tokenRejected
        case .password(let userID, let password):
            switch checkPassword(userID: userID, password: password) {
            case .success: return .account(userID)
            case .failure(let failure): return .failure(failure)
            }
        }
    }

    private func checkPassword(userID: String, password: String) -> Result<Void, Every8DFailure> {
        guard !userID.isEmpty, !password.isEmpty else { return .failure(.missingCredentials) }
        guard let account = accounts[userID] else { return .failure(.unknownAccount) }
        guard account.password == password else { return .failure(.wrongPassword) }
        return .success(())
    }
}
