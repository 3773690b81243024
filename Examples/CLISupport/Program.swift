/// A program (`every8d`, `omicard`): its commands, how one command line runs, and its help.
public struct Program<Invocation: Sendable>: Sendable {
    /// The program's name, as typed.
    public let name: String
    /// Every command, in the order the help lists them.
    public let commands: [Command<Invocation>]
    /// Options every command takes besides `--json` and `--help` (for example `--api`).
    public let globalOptions: [OptionSpec]

    /// Creates a program.
    public init(name: String, commands: [Command<Invocation>], globalOptions: [OptionSpec] = []) {
        self.name = name
        self.commands = commands
        self.globalOptions = globalOptions
    }

    /// Every option a command takes after its own: the program's global ones, `--json` and `--help`.
    public var allGlobalOptions: [OptionSpec] {
        globalOptions + [CommandLineParser.jsonOption, CommandLineParser.helpOption]
    }

    /// Runs one command line: prints the help, or a usage error (exit 2), or runs the command
    /// (see ``Command/run(_:program:io:asJSON:globalOptions:describe:)``).
    ///
    /// - Parameters:
    ///   - arguments: The words after the program name.
    ///   - io: Where to print.
    ///   - help: The program's `--help`.
    ///   - invocation: The command's invocation from its arguments; it may refuse a bad setting.
    ///   - describe: How a failure is reported.
    /// - Returns: The process's exit code.
    public func run(_ arguments: [String], io: CommandIO, help: [String],
                    invocation: (Arguments) throws -> Invocation,
                    describe: (any Error, FailureContext) -> FailureReport) async -> Int32 {
        switch CommandLineParser.parse(arguments, program: name, commands: commands.map(\.spec), programHelp: help,
                                       globalOptions: globalOptions) {
        case .help(let lines):
            lines.forEach(io.out)
            return ExitCode.success.rawValue
        case .usageError(let error, let asJSON):
            let report = CommonFailure.describe(error, context: FailureContext(operation: name, options: allGlobalOptions))
            report.print(program: name, to: io, asJSON: asJSON)
            return report.exitCode.rawValue
        case .run(let index, let parsed, let asJSON):
            let command = commands[index]
            let made: Invocation
            do {
                made = try invocation(parsed)
            } catch {
                let context = FailureContext(operation: command.name, options: command.spec.options + allGlobalOptions)
                let report = describe(error, context)
                report.print(program: name, to: io, asJSON: asJSON)
                return report.exitCode.rawValue
            }
            return await command.run(made, program: name, io: io, asJSON: asJSON, globalOptions: allGlobalOptions, describe: describe)
        }
    }

    /// The program's `--help`: what it does, usage, the commands, the global options, the
    /// environment, the exit codes and examples.
    public func help(description: String, environment: [String], examples: [String]) -> [String] {
        var lines = [
            "\(name): \(description)",
            "",
            "Usage: \(name) [--json] <command> [options]",
            "       \(name) <command> --help",
            "",
            "Commands:",
        ]
        lines += CommandLineParser.commandList(commands.map(\.spec), extra: [("help", "this text, or a command's: \(name) help send")])
        lines += ["", "Global options (before or after the command):"]
        lines += OptionTable.lines(allGlobalOptions)
        lines += ["", "Environment:"]
        lines += environment
        lines += ["", "Exit codes (the same with --json, which then prints {\"error\": {...}} on stdout on failure):"]
        lines += ExitCode.helpLines
        lines += ["", "Examples:"]
        lines += examples.map { "  " + $0 }
        return lines
    }
}
