import Foundation

extension OmiCardCommand {
    /// `state show|reset`: the state folder of runs with an account.
    static let state: OmiCardCommand = StateCommand.make(
        program: "omicard",
        keeps: ["the answers of sends made with --idempotency-key (OMICard has no login to keep)"],
        variable: "OMICARD_STATE_DIR",
        arguments: { $0.arguments },
        folder: { try $0.settings().stateFolder ?? StateFolder($0.environment, variable: "OMICARD_STATE_DIR", program: "omicard") })
}
