import Foundation
import Every8D

/// The options of `every8d listen`, checked.
struct ListenSettings: Sendable {
    /// Where to listen: an address or host name (default `127.0.0.1`, this machine only).
    let host: String
    /// The port (0: any free one).
    let port: UInt16
    /// The path EVERY8D calls, starting with `/` and without a trailing one (default `/every8d/report`).
    let path: String
    /// The shared secret the registered URL carries, if any.
    let secret: PushReportSecret?
    /// The secret's text, to keep it out of everything printed.
    let secretText: String?

    static let defaultHost = "127.0.0.1"
    static let defaultPort: UInt16 = 8080
    static let defaultPath = "/every8d/report"

    /// Reads `--host`, `--port`, `--path` and `--secret` (or `EVERY8D_PUSH_SECRET`).
    ///
    /// - Throws: `UsageError` naming the option.
    init(_ arguments: Arguments, _ environment: EnvironmentSettings) throws {
        _ = try arguments.positionals(named: [])
        host = arguments.value("host").map(TextFormat.trimmed) ?? Self.defaultHost
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw UsageError("--host must be an address or host name such as 127.0.0.1, got \"\(host)\"")
        }
        self.port = UInt16(try arguments.wholeNumber("port", from: 0...65_535) ?? Int(Self.defaultPort))
        var path = arguments.value("path") ?? Self.defaultPath
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        guard path.hasPrefix("/"), !path.contains(where: { $0 == "?" || $0 == "#" || $0.isWhitespace }) else {
            throw UsageError("--path must start with / and have no query, such as /every8d/report, got \"\(path)\"")
        }
        self.path = path
        secretText = arguments.value("secret") ?? environment.raw("EVERY8D_PUSH_SECRET")
        do {
            secret = try secretText.map { try PushReportSecret($0) }
        } catch {
            throw UsageError("--secret must not be empty")
        }
    }

    /// Whether the host reaches only this machine.
    var isLoopback: Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }
}
