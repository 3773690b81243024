import Foundation
import Every8D

/// One `every8d` command: its options, its help and what it does.
typealias Every8DCommand = Command<Every8DInvocation>

/// One run of a command: its arguments and how to reach the gateway.
struct Every8DInvocation: Sendable {
    let arguments: Arguments
    let environment: EnvironmentSettings
    let io: CommandIO
    let apiOption: String?
    /// Whether `--json` was given, before or after the command word.
    var asJSON = false

    /// The gateway from the environment (a real account, or the sandbox when none is set).
    ///
    /// - Throws: `UsageError` for a half-set account or a bad setting.
    func gateway() throws -> Every8DGateway {
        try Every8DGateway.fromEnvironment(environment, apiOption: apiOption, io: io)
    }

    /// The API chosen by `--api` or `EVERY8D_API` (default HTTP).
    ///
    /// - Throws: `UsageError` for an unknown API.
    func api() throws -> Every8DAPI {
        try Every8DGateway.api(option: apiOption, environment: environment)
    }
}

/// Reading the option values the commands share.
enum Every8DOptions {
    /// `--to`: numbers separated by commas.
    static func recipients(_ arguments: Arguments, option: String = "to") throws -> [String] {
        guard let list = arguments.list(option) else { throw UsageError("--\(option) is required") }
        return list
    }

    /// `--at`: a Taiwan time `yyyyMMddHHmmss` (the layouts the gateways write are accepted too).
    static func sendTime(_ arguments: Arguments, option: String = "at") throws -> Date? {
        guard let text = arguments.value(option) else { return nil }
        guard let date = TaiwanTime.parse(text) else {
            throw UsageError("--\(option) must be a Taiwan time yyyyMMddHHmmss (for example 20250301093000), got \"\(text)\"")
        }
        return date
    }

    /// `--validity`: whole minutes, 1 or more.
    static func validity(_ arguments: Arguments) throws -> Duration? {
        guard let minutes = try arguments.integer("validity") else { return nil }
        guard minutes >= 1, minutes <= Int(Int32.max) else {
            throw UsageError("--validity must be a number of minutes from 1, got \(minutes)")
        }
        return .seconds(Int64(minutes) * 60)
    }

    /// `--image`: a JPEG, PNG or GIF file.
    static func image(_ arguments: Arguments) throws -> MMSAttachment? {
        guard let path = arguments.value("image") else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw UsageError("cannot read the --image file \(path)")
        }
        return try MMSAttachment(data: data)
    }

    /// A one-word argument such as a batch id.
    static func batch(_ arguments: Arguments) throws -> String {
        try arguments.positionals(named: ["BATCH"])[0]
    }

    /// No positional argument is expected.
    static func noPositionals(_ arguments: Arguments) throws {
        _ = try arguments.positionals(named: [])
    }

    /// How to find out whether an SMS reached these numbers: the duplicate filter's dry run.
    static func dryRunHint(_ request: SMSSendRequest) -> String {
        "check before sending again: every8d send --filter-duplicates --dry-run --to \(request.recipients.joined(separator: ",")) "
            + "--text <the same text> lists the numbers that already got it"
    }

    /// How to find out whether a send without the duplicate filter went out.
    static func consoleHint(subject: String) -> String {
        let named = subject.isEmpty ? "" : " with subject \"\(subject)\""
        return "look for the batch\(named) in the EVERY8D console before sending again"
    }
}
