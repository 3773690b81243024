/// What a program says about one of its commands: its word, synopsis, help and options.
public struct CommandSpec: Sendable {
    /// The command word, for example `send`.
    public let name: String
    /// The synopsis, for example `send --to LIST --text TEXT [options]`.
    public let synopsis: String
    /// One line for the program's command list.
    public let summary: String
    /// The help text before the option table.
    public let details: [String]
    /// The options the command takes, in the order help lists them.
    public let options: [OptionSpec]
    /// The help text after the option table (notes, examples).
    public let notes: [String]

    /// Creates a command description.
    public init(name: String, synopsis: String, summary: String, details: [String], options: [OptionSpec], notes: [String]) {
        self.name = name
        self.synopsis = synopsis
        self.summary = summary
        self.details = details
        self.options = options
        self.notes = notes
    }

    /// The command's `--help`: usage, what it does, every option with the field it sets on the
    /// wire and its limits, then the notes.
    ///
    /// - Parameters:
    ///   - program: The program name.
    ///   - globalOptions: The options every command takes, listed after the command's own.
    public func helpLines(program: String, globalOptions: [OptionSpec]) -> [String] {
        var lines = ["Usage: \(program) [--json] \(synopsis)", ""] + details
        if !options.isEmpty {
            lines += ["", "Options (on the wire: the field, endpoint or value each one sets):"]
            lines += OptionTable.lines(options)
        }
        lines += ["", "Global options:"]
        lines += OptionTable.lines(globalOptions)
        if !notes.isEmpty { lines += [""] + notes }
        return lines
    }
}

/// The option table of `--help`: each option, the field it sets on the wire, and what it takes.
public enum OptionTable {
    /// The width help is wrapped to.
    static let width = 110

    /// One entry per option: the option and its placeholder, the wire field, then the summary
    /// wrapped under its own column.
    public static func lines(_ options: [OptionSpec]) -> [String] {
        let usageWidth = min(30, options.map(\.usage.count).max() ?? 0)
        let wireWidth = min(18, options.map { wireText($0).count }.max() ?? 0)
        let indent = 2 + usageWidth + 2 + wireWidth + 2
        var lines: [String] = []
        for option in options {
            var head = "  " + option.usage
            if option.usage.count > usageWidth {
                lines.append(head)
                head = "  " + String(repeating: " ", count: usageWidth)
            } else {
                head += String(repeating: " ", count: usageWidth - option.usage.count)
            }
            let wire = wireText(option)
            head += "  " + wire
            var words = wrap(option.summary, width: width - indent)
            if wire.count > wireWidth {
                lines.append(head)
                head = String(repeating: " ", count: indent - 2)
            } else {
                head += String(repeating: " ", count: wireWidth - wire.count)
            }
            lines.append(head + "  " + (words.isEmpty ? "" : words.removeFirst()))
            lines += words.map { String(repeating: " ", count: indent) + $0 }
        }
        return lines
    }

    private static func wireText(_ option: OptionSpec) -> String {
        option.wire.isEmpty ? "-" : option.wire.joined(separator: ", ")
    }

    /// `text` in lines of at most `width` characters, broken at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
