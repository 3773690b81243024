import Foundation
import OmiCard

/// One `omicard` command: its options, its help and what it does.
typealias OmiCardCommand = Command<OmiCardInvocation>

/// One run of a command: its arguments and how to reach the gateway.
struct OmiCardInvocation: Sendable {
    let arguments: Arguments
    let environment: EnvironmentSettings
    let io: CommandIO

    /// The gateway from the environment (a real account, or the sandbox when none is set).
    ///
    /// - Throws: `UsageError` for a half-set account or a bad setting.
    func gateway(method: OmiCardClient.RequestMethod? = nil) throws -> OmiCardGateway {
        try OmiCardGateway.fromEnvironment(environment, method: method, io: io)
    }
}

/// Reading option values.
enum OmiCardOptions {
    /// A Taiwan time written `yyyy-MM-dd HH:mm:ss`, or `nil` when the option is absent.
    static func dashedTime(_ arguments: Arguments, _ option: String) throws -> Date? {
        guard let text = arguments.value(option) else { return nil }
        let bytes = Array(text.utf8)
        let layout = Array("0000-00-00 00:00:00".utf8)
        let shaped = bytes.count == layout.count && zip(bytes, layout).allSatisfy { byte, pattern in
            pattern == UInt8(ascii: "0") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == pattern
        }
        guard shaped, let date = TaiwanTime.parse(text) else {
            throw UsageError("--\(option) must be a Taiwan time \"yyyy-MM-dd HH:mm:ss\" (for example \"2025-03-01 09:30:00\"), got \"\(text)\"")
        }
        return date
    }

    /// `--method get|post`.
    static func method(_ arguments: Arguments) throws -> OmiCardClient.RequestMethod? {
        switch arguments.value("method")?.lowercased() {
        case nil: return nil
        case "get": return .get
        case "post": return .post
        case .some(let other): throw UsageError("--method must be get or post, got \"\(other)\"")
        }
    }

    /// An `http`/`https` URL option.
    static func url(_ arguments: Arguments, _ option: String) throws -> URL? {
        guard let text = arguments.value(option) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw UsageError("--\(option) must be an http or https URL, got \"\(text)\"")
        }
        return url
    }

    /// Exactly one of `options` was given; returns which.
    static func one(of options: [String], in arguments: Arguments) throws -> String {
        let given = options.filter { arguments.value($0) != nil }
        guard given.count == 1 else {
            let list = options.map { "--\($0)" }.joined(separator: ", ")
            throw UsageError(given.isEmpty ? "one of \(list) is required" : "give only one of \(list)")
        }
        return given[0]
    }

    /// No positional argument is expected.
    static func noPositionals(_ arguments: Arguments) throws {
        _ = try arguments.positionals(named: [])
    }
}
