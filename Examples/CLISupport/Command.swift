/// One command of a program: its options, its help and what it does with an `Invocation` (the
/// program's arguments and settings for one run).
public struct Command<Invocation: Sendable>: Sendable {
    /// The command as the parser and the help see it.
    public let spec: CommandSpec
    /// Wire fields set by positional arguments rather than options (`BID` → `BATCH`), for errors.
    public let otherFields: [String: String]
    /// What the command does.
    public let action: @Sendable (Invocation) async throws -> CommandResult

    /// The command word, for example `send-personal`.
    public var name: String { spec.name }

    /// Creates a command; the parameters before `action` are those of ``CommandSpec``.
    public init(name: String, synopsis: String, summary: String, details: [String], options: [OptionSpec] = [],
                notes: [String] = [], otherFields: [String: String] = [:],
                action: @escaping @Sendable (Invocation) async throws -> CommandResult) {
        spec = CommandSpec(name: name, synopsis: synopsis, summary: summary, details: details, options: options, notes: notes)
        self.otherFields = otherFields
        self.action = action
    }

    /// Runs the command and prints its outcome: the result (text, or one JSON object), or the
    /// failure as one line on standard error and, with `--json`, its JSON object on standard output.
    ///
    /// - Parameters:
    ///   - invocation: The run's arguments and settings.
    ///   - program: The program name, for the line on standard error.
    ///   - io: Where to print.
    ///   - asJSON: Whether `--json` was given.
    ///   - globalOptions: The program's global options, for naming the option behind a field.
    ///   - describe: How the program describes a failure.
    /// - Returns: The process's exit code.
    public func run(_ invocation: Invocation, program: String, io: CommandIO, asJSON: Bool, globalOptions: [OptionSpec],
                    describe: (any Error, FailureContext) -> FailureReport) async -> Int32 {
        do {
            let result = try await action(invocation)
            result.print(to: io, asJSON: asJSON)
            guard let exception = result.exception else { return ExitCode.success.rawValue }
            io.fail(program, exception.message)
            return exception.exitCode.rawValue
        } catch {
            let context = FailureContext(operation: name, options: spec.options + globalOptions, otherFields: otherFields)
            let report = describe(error, context)
            report.print(program: program, to: io, asJSON: asJSON)
            return report.exitCode.rawValue
        }
    }
}

extension FailureReport {
    /// Prints the report: with `asJSON` its object on standard output; always its line on standard error.
    public func print(program: String, to io: CommandIO, asJSON: Bool) {
        if asJSON { io.out(json.text) }
        io.fail(program, message)
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
