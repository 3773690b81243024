/// A program (`every8d`, `omicard`): its commands, how one command line runs, and its help.
public struct Program<Invocation: Sendable>: Sendable {
    /// The program's name, as typed.
    public let name: String
    /// Every command, in the order the help lists them.
    public let commands: [Command<Invocation>]
    /// Options before the command word that take a value (without `--`), besides `--json` and `--help`.
    public let globalValueOptions: Set<String>

    /// Creates a program.
    public init(name: String, commands: [Command<Invocation>], globalValueOptions: Set<String> = []) {
        self.name = name
        self.commands = commands
        self.globalValueOptions = globalValueOptions
    }

    /// Runs one command line: prints the help, or a usage error (exit 2), or runs the command
    /// (see ``Command/run(_:program:io:asJSON:describe:)``).
    ///
    /// - Parameters:
    ///   - arguments: The words after the program name.
    ///   - io: Where to print.
    ///   - help: The program's `--help`.
    ///   - invocation: The command's invocation from its arguments and the global options given.
    ///   - describe: How a failure is worded (error, command name, how to check a send).
    /// - Returns: The process's exit code.
    public func run(_ arguments: [String], io: CommandIO, help: [String],
                    invocation: (Arguments, [String: String]) -> Invocation,
                    describe: (any Error, String, String?) -> (ExitCode, String)) async -> Int32 {
        switch CommandLineParser.parse(arguments, program: name, commands: commands.map(\.spec), programHelp: help,
                                       globalValueOptions: globalValueOptions) {
        case .help(let lines):
            lines.forEach(io.out)
            return ExitCode.success.rawValue
        case .usageError(let message):
            io.fail(name, message)
            return ExitCode.usage.rawValue
        case .run(let index, let parsed, let asJSON, let globals):
            return await commands[index].run(invocation(parsed, globals), program: name, io: io, asJSON: asJSON, describe: describe)
        }
    }

    /// The program's `--help`: what it does, usage, the commands, the global options (`--json`,
    /// then `globalOptions`, then `--help`), the environment, the exit codes and examples.
    public func help(description: String, globalOptions: [String] = [], environment: [String], examples: [String]) -> [String] {
        var lines = [
            "\(name): \(description)",
            "",
            "Usage: \(name) [--json] <command> [options]",
            "       \(name) <command> --help",
            "",
            "Commands:",
        ]
        lines += CommandLineParser.commandList(commands.map(\.spec), extra: [("help", "this text, or a command's: \(name) help send")])
        lines += ["", "Global options:", "  --json       print one JSON object on stdout instead of text"]
        lines += globalOptions
        lines += ["  -h, --help   show help", "", "Environment:"]
        lines += environment
        lines += ["", "Exit codes:"]
        lines += ExitCode.helpLines
        lines += ["", "Examples:"]
        lines += examples.map { "  " + $0 }
        return lines
    }
}
