/// What a program says about one of its commands, for parsing and help.
public struct CommandSpec: Sendable {
    /// The command word, for example `send`.
    public let name: String
    /// The synopsis, for example `send --to LIST --text TEXT`.
    public let synopsis: String
    /// One line for the program's command list.
    public let summary: String
    /// The command's help after the synopsis.
    public let details: [String]
    /// Options that take a value (without `--`).
    public let valueOptions: Set<String>
    /// Options that take none (without `--`).
    public let flagOptions: Set<String>

    /// Creates a command description.
    public init(name: String, synopsis: String, summary: String, details: [String], valueOptions: Set<String>, flagOptions: Set<String>) {
        self.name = name
        self.synopsis = synopsis
        self.summary = summary
        self.details = details
        self.valueOptions = valueOptions
        self.flagOptions = flagOptions
    }

    /// The command's `--help` text.
    public func helpLines(program: String) -> [String] {
        ["Usage: \(program) [--json] \(synopsis)", ""] + details
    }
}

/// Reads a program's command line: global options (before or after the command word), the
/// command, `help`, `--help`/`-h`, and the command's own options.
public enum CommandLineParser {
    /// What the command line asks for.
    public enum Outcome: Sendable {
        /// Print these lines on stdout and exit 0.
        case help([String])
        /// Run the command at `index` with its arguments; `globals` holds the global value options given.
        case run(index: Int, arguments: Arguments, asJSON: Bool, globals: [String: String])
        /// A usage error: print the message and exit 2.
        case usageError(String)
    }

    /// The flags every command takes.
    public static let globalFlags: Set<String> = ["json", "help"]

    /// Reads `words` (the arguments after the program name).
    ///
    /// - Parameters:
    ///   - words: The arguments.
    ///   - program: The program name, for messages.
    ///   - commands: The program's commands.
    ///   - programHelp: The program's `--help`.
    ///   - globalValueOptions: Value options every command takes (for example `api`).
    /// - Returns: What to do.
    public static func parse(_ words: [String], program: String, commands: [CommandSpec], programHelp: [String],
                             globalValueOptions: Set<String> = []) -> Outcome {
        var rest = words[...]
        var asJSON = false
        var wantsHelp = false
        var globals: [String: String] = [:]
        while let word = rest.first, word.hasPrefix("-") {
            rest.removeFirst()
            if word == "--json" { asJSON = true; continue }
            if word == "--help" || word == "-h" { wantsHelp = true; continue }
            let name = String(word.dropFirst(2).prefix { $0 != "=" })
            guard word.hasPrefix("--"), globalValueOptions.contains(name) else {
                return .usageError("unknown option \(word) before the command; see \(program) --help")
            }
            if let equals = word.firstIndex(of: "=") {
                globals[name] = String(word[word.index(after: equals)...])
            } else {
                guard let value = rest.popFirst() else { return .usageError("--\(name) needs a value") }
                globals[name] = value
            }
        }
        guard let name = rest.popFirst() else {
            return wantsHelp ? .help(programHelp) : .usageError("no command given; see \(program) --help")
        }
        if name == "help" {
            guard let topic = rest.first else { return .help(programHelp) }
            guard let command = commands.first(where: { $0.name == topic }) else {
                return .usageError("unknown command \"\(topic)\"; see \(program) --help")
            }
            return .help(command.helpLines(program: program))
        }
        guard let index = commands.firstIndex(where: { $0.name == name }) else {
            return .usageError("unknown command \"\(name)\"; see \(program) --help")
        }
        let command = commands[index]
        let remaining = Array(rest)
        if wantsHelp || Arguments.asksForHelp(remaining) {
            return .help(command.helpLines(program: program))
        }
        let arguments: Arguments
        do {
            arguments = try Arguments(remaining, valueOptions: command.valueOptions.union(globalValueOptions),
                                      flagOptions: command.flagOptions.union(globalFlags))
        } catch {
            return .usageError("\(error)")
        }
        for option in globalValueOptions {
            if let value = arguments.value(option) { globals[option] = value }
        }
        return .run(index: index, arguments: arguments, asJSON: asJSON || arguments.flag("json"), globals: globals)
    }

    /// The command list of a program's help: each name padded, then its summary.
    public static func commandList(_ commands: [CommandSpec], extra: [(String, String)] = []) -> [String] {
        let entries = commands.map { ($0.name, $0.summary) } + extra
        let width = entries.map(\.0.count).max() ?? 0
        return entries.map { "  \($0.0.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.1)" }
    }
}
