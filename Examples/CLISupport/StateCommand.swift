import Foundation
import SMSTransport

/// `state show|reset`, the same in both programs: what the state folder keeps, and clearing it.
public enum StateCommand {
    /// The command.
    ///
    /// - Parameters:
    ///   - program: The program's name, for the help.
    ///   - keeps: What the program keeps there, for the help.
    ///   - arguments: The run's arguments.
    ///   - folder: The run's state folder (checked settings).
    public static func make<Invocation: Sendable>(program: String, keeps: [String], variable: String,
                                                  arguments: @escaping @Sendable (Invocation) -> Arguments,
                                                  folder: @escaping @Sendable (Invocation) throws -> StateFolder) -> Command<Invocation> {
        Command(
            name: "state", synopsis: "state show|reset [--all]",
            summary: "show or clear what runs with an account keep in the state folder",
            details: [
                "Runs with an account keep their state in a folder (\(variable), else $XDG_STATE_HOME/\(program),",
                "else ~/.local/state/\(program); the built-in sandbox keeps nothing there):",
            ] + keeps.map { "  " + $0 } + [
                "",
                "  show    print what is kept: the folder, when each token or session key was issued (never its",
                "          value), any refused login and since when, and how many idempotency keys are recorded",
                "  reset   forget the tokens, session keys and refused logins (the next run logs in afresh and",
                "          tries the password again); with --all also the idempotency keys and the push reports",
                "          listen has printed (a repeated --idempotency-key then sends again)",
            ],
            options: [
                .flag("all", "with reset: also forget the idempotency keys and the push reports already printed"),
            ],
            notes: [
                "Examples:",
                "  \(program) state show",
                "  \(program) state reset",
            ]
        ) { invocation in
            let action = try arguments(invocation).positionals(named: ["show|reset"])[0]
            guard action == "show" || action == "reset" else {
                throw UsageError("state takes show or reset, got \"\(action)\"", value: action)
            }
            let all = arguments(invocation).flag("all")
            if all && action == "show" { throw UsageError("--all goes with state reset", option: "--all") }
            let folder = try folder(invocation)
            let store = try folder.openExisting()
            if action == "show" { return try show(folder, store: store, program: program) }
            return try await reset(folder, store: store, all: all)
        }
    }

    /// What the folder holds.
    static func show(_ folder: StateFolder, store: FileStateStore?, program: String) throws -> CommandResult {
        guard let store else {
            return CommandResult(lines: ["State folder: \(folder.shownPath) (not created yet: nothing is kept)"],
                                 json: ["command": "state show", "folder": .optional(folder.url?.path), "exists": false])
        }
        let summary = try store.summary()
        var lines = ["State folder: \(folder.shownPath)"]
        if summary.sessions.isEmpty { lines.append("  no token or session key") }
        for session in summary.sessions {
            let what = session.api.hasSuffix("soap") ? "session key" : "token"
            lines.append("  \(session.api) \(what): " + (session.issuedAt.map { "issued \(TextFormat.taiwanTime($0)) (Taiwan time); its value is never shown" }
                ?? "none held (closed, used up or refused)"))
        }
        for refusal in summary.refusals {
            lines.append("  login refused: \(refusal.refusal); not tried again until the password changes or `\(program) state reset`")
        }
        let ledger = summary.ledger
        var states = ["\(ledger[.sent] ?? 0) sent"]
        if let unknown = ledger[.unknown] { states.append("\(unknown) outcome unknown") }
        if let inFlight = ledger[.inFlight] { states.append("\(inFlight) in flight") }
        lines.append("  idempotency keys: \(summary.ledgerEntries) (\(states.joined(separator: ", ")))")
        lines.append("  push reports already printed by listen: \(summary.inboxClaims)")
        if summary.unreadable > 0 { lines.append("  unreadable records: \(summary.unreadable) (damaged, or written by another version)") }
        let json: JSONOutput = [
            "command": "state show", "folder": .optional(folder.url?.path), "exists": true,
            "sessions": .array(summary.sessions.map { ["api": .string($0.api), "issuedAt": .time($0.issuedAt), "generation": .integer(Int($0.generation))] }),
            "loginRefusals": .array(summary.refusals.map {
                ["gateway": .string($0.refusal.gateway), "operation": .string($0.refusal.operation), "code": .integer($0.refusal.code),
                 "message": .string($0.refusal.message), "refusedAt": .time($0.refusal.refusedAt), "accountLocked": .bool($0.refusal.accountLocked)]
            }),
            "idempotencyKeys": ["total": .integer(summary.ledgerEntries), "sent": .integer(ledger[.sent] ?? 0),
                                "unknown": .integer(ledger[.unknown] ?? 0), "inFlight": .integer(ledger[.inFlight] ?? 0)],
            "pushReports": .integer(summary.inboxClaims), "unreadable": .integer(summary.unreadable),
        ]
        return CommandResult(lines: lines, json: json)
    }

    /// Forgets the sessions and refusals, and with `all` the ledger and the inbox.
    static func reset(_ folder: StateFolder, store: FileStateStore?, all: Bool) async throws -> CommandResult {
        var sessions = 0, refusals = 0, keys = 0, reports = 0
        if let store {
            let summary = try store.summary()
            for session in summary.sessions where session.issuedAt != nil {
                // Dropped by generation, so a session stored meanwhile by a running process stays.
                if try await store.invalidateSession(for: session.key, generation: session.generation) { sessions += 1 }
            }
            for refusal in summary.refusals {
                try await store.clearLoginRefusal(for: refusal.key)
                refusals += 1
            }
            if all {
                keys = try await store.purgeLedger(before: .distantFuture)
                reports = try await store.purgeInbox(before: .distantFuture)
            }
        }
        var cleared = [TextFormat.count(sessions, "token or session key", "tokens or session keys"), TextFormat.count(refusals, "login refusal")]
        if all { cleared += [TextFormat.count(keys, "idempotency key"), TextFormat.count(reports, "push report")] }
        let json: JSONOutput = [
            "command": "state reset", "folder": .optional(folder.url?.path), "all": .bool(all), "sessions": .integer(sessions),
            "loginRefusals": .integer(refusals), "idempotencyKeys": .integer(keys), "pushReports": .integer(reports),
        ]
        return CommandResult(lines: ["State folder \(folder.shownPath): forgot \(cleared.joined(separator: ", "))."], json: json)
    }
}
