import Foundation

extension Every8DCommand {
    /// `state show|reset`: the state folder of runs with an account.
    static let state: Every8DCommand = StateCommand.make(
        program: "every8d",
        keeps: [
            "the token (API 2.1 and 3.0) or SOAP session key, shared by consecutive runs: one login for all",
            "a refused login (wrong password, locked account): later runs refuse locally instead of trying again",
            "the receipts of sends made with --idempotency-key, and the push reports listen has printed",
        ],
        variable: "EVERY8D_STATE_DIR",
        arguments: { $0.arguments },
        folder: { try $0.settings().stateFolder ?? StateFolder($0.environment, variable: "EVERY8D_STATE_DIR", program: "every8d") })
}
