import Foundation

/// Reads a program's command line: global options (before or after the command word), the
/// command, `help`, `--help`/`-h`, and the command's own options.
public enum CommandLineParser {
    /// What the command line asks for.
    public enum Outcome: Sendable {
        /// Print these lines on stdout and exit 0.
        case help([String])
        /// Run the command at `index` with its arguments (the global options included).
        case run(index: Int, arguments: Arguments, asJSON: Bool)
        /// A usage error: report it and exit 2.
        case usageError(UsageError, asJSON: Bool)
    }

    /// `--json`, which every command takes.
    public static let jsonOption = OptionSpec.flag("json", "print one JSON object on stdout, for success and failure alike (same exit codes)")
    /// `--help` (`-h`), which every command takes.
    public static let helpOption = OptionSpec.flag("help", "show the help of the program or of the command (also -h)")

    /// Whether `words` ask for JSON output: `--json` anywhere before `--`.
    public static func asksForJSON(_ words: [String]) -> Bool {
        for word in words {
            if word == "--" { return false }
            if word == "--json" { return true }
        }
        return false
    }

    /// Reads `words` (the arguments after the program name).
    ///
    /// - Parameters:
    ///   - words: The arguments.
    ///   - program: The program name, for messages.
    ///   - commands: The program's commands.
    ///   - programHelp: The program's `--help`.
    ///   - globalOptions: Options every command takes besides `--json` and `--help` (for example `--api`).
    /// - Returns: What to do.
    public static func parse(_ words: [String], program: String, commands: [CommandSpec], programHelp: [String],
                             globalOptions: [OptionSpec]) -> Outcome {
        let asJSON = asksForJSON(words)
        let globals = globalOptions + [jsonOption, helpOption]
        var rest = words[...]
        var leading: [String] = []
        var wantsHelp = false
        while let word = rest.first, word.hasPrefix("-"), word != "--" {
            rest.removeFirst()
            if word == "--help" || word == "-h" {
                wantsHelp = true
                continue
            }
            let name = String(word.dropFirst(2).prefix { $0 != "=" })
            guard word.hasPrefix("--"), let option = globals.first(where: { $0.matches(name) }) else {
                return .usageError(UsageError("unknown option \(word) before the command; see \(program) --help", option: word), asJSON: asJSON)
            }
            leading.append(word)
            if !option.isFlag, !word.contains("=") {
                guard let value = rest.popFirst() else {
                    return .usageError(UsageError("--\(name) needs a value", option: option.flagName), asJSON: asJSON)
                }
                leading.append(value)
            }
        }
        guard let name = rest.popFirst() else {
            return wantsHelp ? .help(programHelp) : .usageError(UsageError("no command given; see \(program) --help"), asJSON: asJSON)
        }
        if name == "help" {
            guard let topic = rest.first else { return .help(programHelp) }
            if topic == "--help" || topic == "-h" { return .help(helpOfHelp(program: program)) }
            guard let command = commands.first(where: { $0.name == topic }) else {
                return .usageError(UsageError("unknown command \"\(topic)\"; see \(program) --help", value: topic), asJSON: asJSON)
            }
            return .help(command.helpLines(program: program, globalOptions: globals))
        }
        guard let index = commands.firstIndex(where: { $0.name == name }) else {
            return .usageError(UsageError("unknown command \"\(name)\"; see \(program) --help", value: name), asJSON: asJSON)
        }
        let command = commands[index]
        let remaining = Array(rest)
        if wantsHelp || Arguments.asksForHelp(remaining) {
            return .help(command.helpLines(program: program, globalOptions: globals))
        }
        do {
            let arguments = try Arguments(leading + remaining, options: command.options + globals)
            return .run(index: index, arguments: arguments, asJSON: asJSON)
        } catch let error as UsageError {
            return .usageError(error, asJSON: asJSON)
        } catch {
            return .usageError(UsageError("\(error)"), asJSON: asJSON)
        }
    }

    /// `help --help`.
    static func helpOfHelp(program: String) -> [String] {
        [
            "Usage: \(program) help [COMMAND]",
            "",
            "Prints the program's help, or with COMMAND that command's help (the same as \(program) COMMAND --help).",
            "Help needs no settings and sends nothing.",
        ]
    }

    /// The command list of a program's help: each name padded, then its summary.
    public static func commandList(_ commands: [CommandSpec], extra: [(String, String)] = []) -> [String] {
        let entries = commands.map { ($0.name, $0.summary) } + extra
        let width = entries.map(\.0.count).max() ?? 0
        return entries.map { "  \($0.0.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.1)" }
    }
}
