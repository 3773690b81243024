import Foundation
import Every8D

extension Every8DCommand {
    /// `token get|check|close`.
    static let token = Every8DCommand(
        name: "token", synopsis: "token get|check|close",
        summary: "fetch a token and show when it was issued; check it; close it",
        details: [
            "Exercises the token calls (ConnectionHandler.ashx). Every run starts without a token, so",
            "each action first fetches one:",
            "  get     fetch a token and print when it was issued",
            "  check   fetch a token, then ask the gateway whether it is alive",
            "  close   fetch a token, then close it",
            "The token's value is never printed. The other commands fetch a token by themselves",
            "(EVERY8D_AUTH=token, the default) or send UID/PWD with every call (EVERY8D_AUTH=password).",
            "",
            "Examples:",
            "  every8d token get",
            "  every8d --json token check",
        ],
        valueOptions: [], flagOptions: []
    ) { invocation in
        let action = try invocation.arguments.positionals(named: ["get|check|close"])[0]
        guard ["get", "check", "close"].contains(action) else {
            throw UsageError("token takes get, check or close, got \"\(action)\"")
        }
        let gateway = try invocation.gateway()
        try gateway.require(.token, for: "token")
        if action == "check" { try gateway.require(.tokenCheck, for: "token check") }
        let issuedAt = try await gateway.backend.openSession()
        switch action {
        case "check":
            let alive = try await gateway.backend.checkSession()
            return Every8DRender.token(action, issuedAt: issuedAt, alive: alive)
        case "close":
            try await gateway.backend.closeSession()
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
            "Prints the account's credit (GetCredit.ashx), exactly as the gateway counts it.",
            "",
            "Example:",
            "  every8d credit",
        ],
        valueOptions: [], flagOptions: []
    ) { invocation in
        try Every8DOptions.noPositionals(invocation.arguments)
        let gateway = try invocation.gateway()
        try gateway.require(.credit, for: "credit")
        return Every8DRender.credit(try await gateway.backend.credit())
    }
}
