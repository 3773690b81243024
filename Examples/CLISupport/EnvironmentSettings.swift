import Foundation

/// Reads the commands' settings from environment variables.
///
/// Error messages name the variable but never echo its value: a URL may carry a password, and
/// the variable next to it may be one.
public struct EnvironmentSettings: Sendable {
    private let values: [String: String]

    /// The longest timeout accepted, in seconds (one hour).
    public static let maximumTimeoutSeconds = 3600.0

    /// Creates settings from an environment (the process's by default).
    ///
    /// - Parameter values: Variable names and values.
    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// The value of `name` with surrounding whitespace removed, or `nil` when unset or empty.
    public func string(_ name: String) -> String? {
        guard let value = values[name].map(TextFormat.trimmed), !value.isEmpty else { return nil }
        return value
    }

    /// The value of `name` exactly as set (secrets keep their spaces), or `nil` when unset or empty.
    public func raw(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// The value of `name` as an absolute `http` or `https` URL, `nil` when unset.
    ///
    /// - Parameter allowingQuery: Whether a query is allowed (a signed URL has one).
    /// - Throws: ``UsageError`` when it is not such a URL, or carries user info, a query or a
    ///   fragment (credentials belong in their own variables).
    public func url(_ name: String, allowingQuery: Bool = false) throws -> URL? {
        guard let text = string(name) else { return nil }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              let url = components.url else {
            throw UsageError("\(name) must be an absolute http or https URL", option: name)
        }
        guard components.user == nil, components.password == nil else {
            throw UsageError("\(name) must not contain a user name or password; use the credential variables", option: name)
        }
        guard allowingQuery || components.query == nil, components.fragment == nil else {
            throw UsageError("\(name) must not have a query or fragment", option: name)
        }
        return url
    }

    /// The value of `name` as a positive number of seconds (fractions allowed), `nil` when unset.
    ///
    /// - Throws: ``UsageError`` when it is not a number between 0 (exclusive) and one hour.
    public func seconds(_ name: String) throws -> Duration? {
        guard let text = string(name) else { return nil }
        guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= Self.maximumTimeoutSeconds else {
            throw UsageError("\(name) must be a number of seconds above 0 and at most \(Int(Self.maximumTimeoutSeconds)), got \"\(text)\"",
                             option: name, value: text)
        }
        // A timeout, not money: going through Double is harmless here.
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// The value of `name` as one of `choices` (keys compared ignoring case), `nil` when unset.
    ///
    /// - Throws: ``UsageError`` listing the choices.
    public func choice<T>(_ name: String, _ choices: KeyValuePairs<String, T>) throws -> T? {
        guard let text = string(name) else { return nil }
        guard let match = choices.first(where: { $0.key == text.lowercased() }) else {
            throw UsageError("\(name) must be \(Arguments.alternatives(choices.map(\.key))), got \"\(text)\"", option: name, value: text)
        }
        return match.value
    }
}
