/// A small command-line reader: positional words, `--name value`, `--name=value` and flags.
///
/// The examples avoid third-party packages (the SDK ships with none), so this stays deliberately
/// small: it knows which options take a value and which are flags, and reports unknown or missing
/// ones as ``UsageError``. `-h` is read as `--help`; `--` ends the options (everything after it is
/// positional, so a text may begin with `-`).
public struct Arguments: Sendable {
    /// The words that are not options, in order.
    public private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments` (without the program name or the command word).
    ///
    /// - Parameters:
    ///   - arguments: The words to read.
    ///   - valueOptions: Option names (without `--`) that take a value.
    ///   - flagOptions: Option names (without `--`) that take none.
    /// - Throws: ``UsageError`` for an unknown option or a value option without its value.
    public init(_ arguments: [String], valueOptions: Set<String>, flagOptions: Set<String>) throws {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if onlyPositionals {
                positionals.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }
            if word == "-h", flagOptions.contains("help") {
                flags.insert("help")
                continue
            }
            if Self.looksLikeShortOption(word) {
                throw UsageError("unknown option \(word)")
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
            if flagOptions.contains(name) {
                guard inlineValue == nil else { throw UsageError("--\(name) takes no value") }
                flags.insert(name)
            } else if valueOptions.contains(name) {
                if let inlineValue {
                    values[name, default: []].append(inlineValue)
                } else {
                    guard index < arguments.count else { throw UsageError("--\(name) needs a value") }
                    values[name, default: []].append(arguments[index])
                    index += 1
                }
            } else {
                throw UsageError("unknown option --\(name)")
            }
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

    /// Whether the flag `--name` was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The last value given for `--name`, or `nil`.
    public func value(_ name: String) -> String? { values[name]?.last }

    /// The value of `--name`, or a ``UsageError`` saying it is required.
    public func required(_ name: String) throws -> String {
        guard let value = value(name) else { throw UsageError("--\(name) is required") }
        return value
    }

    /// The value of `--name` as a whole number, `nil` when absent, or a ``UsageError``.
    public func integer(_ name: String) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text) else { throw UsageError("--\(name) must be a whole number, got \"\(text)\"") }
        return number
    }

    /// The value of `--name` split at commas, or `nil` when absent.
    ///
    /// Pieces are trimmed but empty ones are kept, so `a,,b` reaches the validation that names the
    /// empty entry by its position instead of silently dropping it.
    public func list(_ name: String) -> [String]? {
        guard let text = value(name) else { return nil }
        return text.split(separator: ",", omittingEmptySubsequences: false).map { TextFormat.trimmed(String($0)) }
    }

    /// Whether any of the given options (values or flags) was given.
    public func hasAny(_ names: [String]) -> Bool {
        names.contains { values[$0] != nil || flags.contains($0) }
    }

    /// The positional words, checked against the count a command takes.
    ///
    /// - Parameter names: The names of the positional arguments, for messages (`["BATCH"]`).
    /// - Returns: The words, one per name.
    /// - Throws: ``UsageError`` when a word is missing or there are more than `names`.
    public func positionals(named names: [String]) throws -> [String] {
        if positionals.count < names.count {
            throw UsageError("\(names[positionals.count]) is required")
        }
        if positionals.count > names.count {
            throw UsageError("unexpected argument \"\(positionals[names.count])\"")
        }
        return positionals
    }
}

/// A command line that cannot be run: an unknown command or option, or a missing or bad value.
public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in one line.
    public let message: String

    /// Creates a usage error.
    ///
    /// - Parameter message: What is wrong, in one line.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
