/// One command of a program: its options, its help and what it does with an `Invocation` (the
/// program's arguments and gateway settings for one run).
public struct Command<Invocation: Sendable>: Sendable {
    /// The command as the parser and the help see it: its word, synopsis, help and options.
    public let spec: CommandSpec
    /// What the command does.
    public let action: @Sendable (Invocation) async throws -> CommandResult

    /// The command word, for example `send-personal`.
    public var name: String { spec.name }

    /// Creates a command; the parameters before `action` are those of ``CommandSpec``.
    public init(name: String, synopsis: String, summary: String, details: [String], valueOptions: Set<String>,
                flagOptions: Set<String>, action: @escaping @Sendable (Invocation) async throws -> CommandResult) {
        spec = CommandSpec(name: name, synopsis: synopsis, summary: summary, details: details, valueOptions: valueOptions,
                           flagOptions: flagOptions)
        self.action = action
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
            guard let exception = result.exception else { return ExitCode.success.rawValue }
            io.fail(program, exception.message)
            return exception.code.rawValue
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
