/// A command's words read against its options: positional words, `--name value`, `--name=value`
/// and flags.
///
/// The examples avoid third-party packages (the SDK ships with none), so this stays small. What
/// it refuses, as ``UsageError``: an unknown option, a value option without its value, a flag
/// with one, an empty value where the option does not allow one, and an option given twice that
/// does not accumulate (so nothing is silently dropped). `-h` is `--help`; `--` ends the options
/// (everything after it is positional, so a text may begin with `-`).
public struct Arguments: Sendable {
    /// The words that are not options, in order.
    public private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// Reads `words` (without the program name or the command word).
    ///
    /// - Parameters:
    ///   - words: The words to read.
    ///   - options: The options the command takes (global ones included).
    /// - Throws: ``UsageError`` as described on the type.
    public init(_ words: [String], options: [OptionSpec]) throws {
        var index = 0
        var onlyPositionals = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositionals {
                positionals.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }
            if word == "-h", let help = options.first(where: { $0.matches("help") }) {
                flags.insert(help.name)
                continue
            }
            if Self.looksLikeShortOption(word) {
                throw UsageError("unknown option \(word)", option: word)
            }
            guard word.hasPrefix("--") else {
                positionals.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = options.first(where: { $0.matches(name) }) else {
                throw UsageError("unknown option --\(name)", option: "--\(name)")
            }
            if option.isFlag {
                guard inlineValue == nil else { throw UsageError("--\(name) takes no value", option: option.flagName) }
                flags.insert(option.name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < words.count else { throw UsageError("--\(name) needs a value", option: option.flagName) }
                value = words[index]
                index += 1
            }
            if value.isEmpty, !option.allowsEmpty {
                throw UsageError("--\(name) is empty; give it a value", option: option.flagName, value: "")
            }
            if option.repetition == .once, let earlier = values[option.name]?.first {
                throw UsageError("--\(name) was given twice (\"\(earlier)\" and \"\(value)\"); give it once", option: option.flagName, value: value)
            }
            values[option.name, default: []].append(value)
        }
    }

    /// Whether `words` ask for help (`--help` or `-h` before any `--`), whatever else they hold.
    ///
    /// Checked before parsing, so `every8d send --help` shows help even without the required options.
    public static func asksForHelp(_ words: [String]) -> Bool {
        for word in words {
            if word == "--" { return false }
            if word == "--help" || word == "-h" { return true }
        }
        return false
    }

    /// `-x`-style words (a dash and a letter); negative numbers such as `-1` stay positional.
    private static func looksLikeShortOption(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 2, scalars[0] == "-", scalars[1] != "-" else { return false }
        return scalars[1].properties.isAlphabetic
    }

    /// Whether the flag `--name` was given (by any of its names).
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of `--name` (an option given once at most), or `nil`.
    public func value(_ name: String) -> String? { values[name]?.last }

    /// Every value of `--name`, in order (empty when absent).
    public func values(_ name: String) -> [String] { values[name] ?? [] }

    /// Whether `--name` was given, as a value or a flag.
    public func given(_ name: String) -> Bool { values[name] != nil || flags.contains(name) }

    /// The value of `--name`, or a ``UsageError`` saying it is required.
    public func required(_ name: String) throws -> String {
        guard let value = value(name) else { throw UsageError("--\(name) is required", option: "--\(name)") }
        return value
    }

    /// Every value of `--name` split at commas, in order, or `nil` when absent: `--to a,b --to c`
    /// is `[a, b, c]`.
    ///
    /// Pieces are trimmed but empty ones are kept, so `a,,b` reaches the validation that names the
    /// empty entry by its position instead of silently dropping it.
    public func list(_ name: String) -> [String]? {
        guard let given = values[name] else { return nil }
        return given.flatMap { text in
            text.split(separator: ",", omittingEmptySubsequences: false).map { TextFormat.trimmed(String($0)) }
        }
    }

    /// The positional words, checked against the count a command takes.
    ///
    /// - Parameter names: The names of the positional arguments, for messages (`["BATCH"]`).
    /// - Returns: The words, one per name.
    /// - Throws: ``UsageError`` when a word is missing or there are more than `names`.
    public func positionals(named names: [String]) throws -> [String] {
        if positionals.count < names.count {
            throw UsageError("\(names[positionals.count]) is required", option: names[positionals.count])
        }
        if positionals.count > names.count {
            throw UsageError("unexpected argument \"\(positionals[names.count])\"", value: positionals[names.count])
        }
        return positionals
    }
}
