import Foundation
import Every8D

extension Every8DCommand {
    /// `token get|check|close`.
    static let token = Every8DCommand(
        name: "token", synopsis: "token get|check|close",
        summary: "fetch a token and show when it was issued; check it; close it",
        details: [
            "Exercises the token calls (ConnectionHandler.ashx VerifyType 1, 2, 3; over SOAP getConnection and",
            "closeConnection, which has no check). Every run starts without a token, so each action first fetches one:",
            "  get     fetch a token and print when it was issued",
            "  check   fetch a token, then ask the gateway whether it is alive (HTTP API only)",
            "  close   fetch a token, then close it (over SOAP this logs out every system sharing the account)",
            "The token's value is never printed. The other commands fetch a token by themselves",
            "(EVERY8D_AUTH=token, the default) or send UID/PWD with every call (EVERY8D_AUTH=password);",
            "with an account, the token fetched here is kept in the state folder for the next runs (every8d state).",
        ],
        notes: [
            "Examples:",
            "  every8d token get",
            "  every8d --json token check",
        ],
        otherFields: ["operation": "token check"]
    ) { invocation in
        let action = try invocation.arguments.positionals(named: ["get|check|close"])[0]
        guard ["get", "check", "close"].contains(action) else {
            throw UsageError("token takes get, check or close, got \"\(action)\"", value: action)
        }
        let gateway = try await invocation.gateway()
        if action == "close" && gateway.settings.api == .v3 {
            throw UsageError("token close is not available with --api v3 (a 3.0 token ends when used or after ten minutes)", value: action)
        }
        // The SOAP client, which has no check, refuses it before logging in (it sends nothing).
        if action == "check" && gateway.settings.api == .soap { _ = try await gateway.client.checkConnection() }
        let issuedAt = try await gateway.client.connect().issuedAt
        switch action {
        case "check":
            let alive = try await gateway.client.checkConnection()
            return Every8DRender.token(action, issuedAt: issuedAt, alive: alive)
        case "close":
            try await gateway.client.disconnect()
            return Every8DRender.token(action, issuedAt: issuedAt, closed: true)
        default:
            return Every8DRender.token(action, issuedAt: issuedAt)
        }
    }

    /// `credit`.
    static let credit = Every8DCommand(
        name: "credit", synopsis: "credit",
        summary: "the account's credit in points",
        details: [
            "Prints the account's credit (GetCredit.ashx; over SOAP getCredit), exactly as the gateway counts it.",
        ],
        notes: [
            "Example:",
            "  every8d credit",
        ]
    ) { invocation in
        try Every8DOptions.noPositionals(invocation.arguments)
        let gateway = try await invocation.gateway()
        return Every8DRender.credit(try await gateway.client.credit())
    }
}
