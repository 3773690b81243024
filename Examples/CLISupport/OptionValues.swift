import Foundation
import SMSTransport

/// Reading option values into what the SDK takes. Every refusal is a ``UsageError`` that names
/// the option and the value as given.
extension Arguments {
    /// `--name` as a whole number in `range`, `nil` when absent.
    ///
    /// - Throws: ``UsageError`` for anything else, naming the range.
    public func wholeNumber(_ name: String, from range: ClosedRange<Int>) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(TextFormat.trimmed(text)), range.contains(number) else {
            let bound = range.upperBound == Int.max ? "from \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw UsageError("--\(name) must be a whole number \(bound), got \"\(text)\"", option: "--\(name)", value: text)
        }
        return number
    }

    /// `--name` as one of `choices` (keys compared ignoring case), `nil` when absent.
    ///
    /// - Throws: ``UsageError`` listing the choices.
    public func choice<T>(_ name: String, _ choices: KeyValuePairs<String, T>) throws -> T? {
        guard let text = value(name) else { return nil }
        let key = TextFormat.trimmed(text).lowercased()
        guard let match = choices.first(where: { $0.key == key }) else {
            throw UsageError("--\(name) must be \(Self.alternatives(choices.map(\.key))), got \"\(text)\"", option: "--\(name)", value: text)
        }
        return match.value
    }

    /// Every value of `--name` as bit flags: comma-separated names from `names` or whole numbers,
    /// added up (`--sms-list-option remove-duplicates,32` is 96); `nil` when absent.
    ///
    /// - Throws: ``UsageError`` for an unknown name or a negative or malformed number.
    public func bitFlags(_ name: String, names: KeyValuePairs<String, Int>) throws -> Int? {
        guard let pieces = list(name) else { return nil }
        var total = 0
        for piece in pieces {
            let key = piece.lowercased()
            if let match = names.first(where: { $0.key == key }) {
                total |= match.value
            } else if let number = Int(key), number >= 0 {
                total |= number
            } else {
                throw UsageError("--\(name) takes numbers or \(Self.alternatives(names.map(\.key))), separated by commas; got \"\(piece)\"",
                                 option: "--\(name)", value: piece)
            }
        }
        return total
    }

    /// `--name` as `true` or `false` (also `yes`/`no`, `1`/`0`), `nil` when absent.
    public func boolean(_ name: String) throws -> Bool? {
        try choice(name, ["true": true, "false": false, "yes": true, "no": false, "1": true, "0": false])
    }

    /// `--name` as a Taiwan time that must be later than `now`, `nil` when absent.
    ///
    /// - Parameters:
    ///   - name: The option.
    ///   - layout: What the option takes, for the message (`yyyyMMddHHmmss`).
    ///   - example: An example value, for the message.
    ///   - strict: A check of the text's shape before it is parsed (the gateways' own layouts differ).
    ///   - now: The current time.
    /// - Throws: ``UsageError`` for a malformed time, or one that is not in the future.
    public func futureTime(_ name: String, layout: String, example: String, now: Date,
                           strict: (String) -> Bool = { _ in true }) throws -> Date? {
        guard let text = value(name) else { return nil }
        guard strict(text), let date = TaiwanTime.parse(text) else {
            throw UsageError("--\(name) must be a Taiwan time \(layout) (for example \(example)), got \"\(text)\"", option: "--\(name)", value: text)
        }
        guard date > now else {
            throw UsageError("--\(name) \"\(text)\" is not in the future (it is now \(TaiwanTime.dashed(now)), Taiwan time)",
                             option: "--\(name)", value: text)
        }
        return date
    }

    /// `--name` as an absolute `http` or `https` URL, `nil` when absent.
    ///
    /// - Parameter alsoFile: Whether a `file:` URL is accepted too.
    /// - Throws: ``UsageError`` for anything else.
    public func webURL(_ name: String, alsoFile: Bool = false) throws -> URL? {
        guard let text = value(name) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased() else {
            throw UsageError("--\(name) must be an absolute http or https URL, got \"\(text)\"", option: "--\(name)", value: text)
        }
        if alsoFile, scheme == "file", !url.path.isEmpty { return url }
        guard scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw UsageError("--\(name) must be an absolute http or https URL, got \"\(text)\"", option: "--\(name)", value: text)
        }
        return url
    }

    /// The bytes of the file `--name` names, with its name; `nil` when absent.
    ///
    /// - Throws: ``UsageError`` when it cannot be read.
    public func file(_ name: String) throws -> (data: Data, url: URL)? {
        guard let path = value(name) else { return nil }
        let url = URL(fileURLWithPath: path)
        do {
            return (try Data(contentsOf: url), url)
        } catch {
            throw UsageError("cannot read the --\(name) file \"\(path)\"", option: "--\(name)", value: path)
        }
    }

    /// `a`, `a or b`, `a, b or c`.
    public static func alternatives(_ words: [String]) -> String {
        guard words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " or " + words[words.count - 1]
    }
}
