/// One option of a command: its name, what it takes, the field it sets on the wire, and how it
/// may be repeated.
///
/// Commands declare their options as values, so that parsing, `--help` and the wording of errors
/// come from one list: an error the SDK reports for the wire field `DEST[2]` is shown as `--to`.
public struct OptionSpec: Sendable, Hashable {
    /// Whether an option takes a value.
    public enum Arity: Sendable, Hashable {
        /// A flag: `--dry-run`.
        case flag
        /// A value, shown in help as the placeholder: `--to LIST`.
        case value(String)
    }

    /// What a second occurrence does.
    public enum Repetition: Sendable, Hashable {
        /// Given twice is a usage error (nothing is silently dropped).
        case once
        /// Every occurrence counts: `--to A --to B` sends to both.
        case accumulates
    }

    /// The name without `--`, for example `to`.
    public let name: String
    /// Other names for the same option (without `--`), for example `["to"]` for `sms-list`.
    public let aliases: [String]
    /// Flag or value.
    public let arity: Arity
    /// The fields (or endpoint, or flag value) this option sets on the wire, for help and for
    /// naming the option in the SDK's validation errors; empty for options that only steer the command.
    public let wire: [String]
    /// What the option does and takes, limits included, for `--help`.
    public let summary: String
    /// What a repeated option does.
    public let repetition: Repetition
    /// Whether an empty value (`--subject ""`) is meaningful; if not, it is refused.
    public let allowsEmpty: Bool

    init(name: String, aliases: [String], arity: Arity, wire: [String], summary: String, repetition: Repetition, allowsEmpty: Bool) {
        self.name = name
        self.aliases = aliases
        self.arity = arity
        self.wire = wire
        self.summary = summary
        self.repetition = repetition
        self.allowsEmpty = allowsEmpty
    }

    /// An option that takes a value.
    ///
    /// - Parameters:
    ///   - name: The name without `--`.
    ///   - placeholder: The value's placeholder in help (`LIST`).
    ///   - wire: The fields it sets on the wire.
    ///   - aliases: Other names.
    ///   - repeats: What a second occurrence does (default: refused).
    ///   - allowsEmpty: Whether `""` is accepted (default `false`).
    ///   - summary: What it does and takes, for help.
    public static func value(_ name: String, _ placeholder: String, wire: [String] = [], aliases: [String] = [],
                             repeats: Repetition = .once, allowsEmpty: Bool = false, _ summary: String) -> OptionSpec {
        OptionSpec(name: name, aliases: aliases, arity: .value(placeholder), wire: wire, summary: summary, repetition: repeats,
                   allowsEmpty: allowsEmpty)
    }

    /// A flag.
    ///
    /// - Parameters:
    ///   - name: The name without `--`.
    ///   - wire: What it sets on the wire.
    ///   - aliases: Other names.
    ///   - summary: What it does, for help.
    public static func flag(_ name: String, wire: [String] = [], aliases: [String] = [], _ summary: String) -> OptionSpec {
        OptionSpec(name: name, aliases: aliases, arity: .flag, wire: wire, summary: summary, repetition: .accumulates, allowsEmpty: false)
    }

    /// Whether the option is a flag.
    public var isFlag: Bool { arity == .flag }

    /// `--to LIST` or `--dry-run`, with aliases: `--sms-list, --to LIST`.
    public var usage: String {
        let names = ([name] + aliases).map { "--" + $0 }.joined(separator: ", ")
        if case .value(let placeholder) = arity { return names + " " + placeholder }
        return names
    }

    /// `--name`.
    public var flagName: String { "--" + name }

    /// Whether `word` (without `--`) names this option.
    public func matches(_ word: String) -> Bool {
        word == name || aliases.contains(word)
    }

    /// The option that sets a wire field, ignoring positions and rows: `DEST[2]` and `DEST` are
    /// `DEST`, `SMSListFile row 3` is `SMSListFile`.
    ///
    /// - Parameters:
    ///   - field: The field a `ValidationError` names.
    ///   - options: The options to look in.
    /// - Returns: The option, or `nil`.
    public static func setting(_ field: String, in options: [OptionSpec]) -> OptionSpec? {
        var base = Substring(field)
        if let bracket = base.firstIndex(of: "[") { base = base[..<bracket] }
        if let space = base.firstIndex(of: " ") { base = base[..<space] }
        if let dot = base.firstIndex(of: ".") { base = base[..<dot] }
        let key = base.lowercased()
        return options.first { option in option.wire.contains { $0.lowercased() == key } }
    }
}
