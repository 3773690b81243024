/// One command of a program: its options, its help and what it does with an `Invocation` (the
/// program's arguments and gateway settings for one run).
public struct Command<Invocation: Sendable>: Sendable {
    /// The command word, for example `send-personal`.
    public let name: String
    /// The synopsis shown in the program's help and the command's, for example `send --to LIST --text TEXT …`.
    public let synopsis: String
    /// One line for the program's command list.
    public let summary: String
    /// The command's help after the synopsis: what it does, its options, examples.
    public let details: [String]
    /// Options that take a value (without `--`).
    public let valueOptions: Set<String>
    /// Options that take none (without `--`; `json` and `help` are added for every command).
    public let flagOptions: Set<String>
    /// What the command does.
    public let action: @Sendable (Invocation) async throws -> CommandResult

    /// Creates a command.
    public init(name: String, synopsis: String, summary: String, details: [String], valueOptions: Set<String>,
                flagOptions: Set<String>, action: @escaping @Sendable (Invocation) async throws -> CommandResult) {
        self.name = name
        self.synopsis = synopsis
        self.summary = summary
        self.details = details
        self.valueOptions = valueOptions
        self.flagOptions = flagOptions
        self.action = action
    }

    /// The command as the parser and the help see it.
    public var spec: CommandSpec {
        CommandSpec(name: name, synopsis: synopsis, summary: summary, details: details, valueOptions: valueOptions, flagOptions: flagOptions)
    }

    /// Runs the command: prints its result (text, or one JSON object), or turns what it threw into
    /// an exit code and one line on standard error, worded by `describe` (given the error, this
    /// command's name and, for a send, how to find out whether it went out).
    ///
    /// - Returns: The process's exit code.
    public func run(_ invocation: Invocation, program: String, io: CommandIO, asJSON: Bool,
                    describe: (any Error, String, String?) -> (ExitCode, String)) async -> Int32 {
        do {
            let result = try await action(invocation)
            result.print(to: io, asJSON: asJSON)
            return ExitCode.success.rawValue
        } catch {
            let send = error as? SendFailure
            let (code, message) = describe(send?.underlying ?? error, name, send?.checkHint)
            io.fail(program, message)
            return code.rawValue
        }
    }
}

/// What a send command throws when the send failed: the error, with how to find out whether the
/// message went out anyway (the console to look in, or the dry run to make).
public struct SendFailure: Error {
    /// What the client threw.
    public let underlying: any Error
    /// How to check before sending again.
    public let checkHint: String

    /// Wraps `underlying`.
    public init(underlying: any Error, checkHint: String) {
        self.underlying = underlying
        self.checkHint = checkHint
    }
}
