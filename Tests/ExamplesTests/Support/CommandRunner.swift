import Foundation
import Testing
import Every8D
import Every8DCommands
import OmiCardCommands

/// Lines a command printed, collected from any thread.
final class CapturedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var out: [String] = []
    private var err: [String] = []

    var io: CommandIO {
        CommandIO(out: { line in self.append(line, toError: false) }, err: { line in self.append(line, toError: true) })
    }

    private func append(_ line: String, toError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if toError { err.append(line) } else { out.append(line) }
    }

    var stdout: [String] { lock.lock(); defer { lock.unlock() }; return out }
    var stderr: [String] { lock.lock(); defer { lock.unlock() }; return err }
}

/// What one in-process run of a command did.
struct RunResult: Sendable, CustomStringConvertible {
    let arguments: [String]
    let code: Int32
    let stdout: [String]
    let stderr: [String]

    var out: String { stdout.joined(separator: "\n") }
    var err: String { stderr.joined(separator: "\n") }
    var everything: String { (stdout + stderr).joined(separator: "\n") }

    /// Standard output as the one JSON object `--json` promises.
    func jsonObject(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(stdout.count == 1, "--json prints exactly one line", sourceLocation: sourceLocation)
        let data = Data(out.utf8)
        let value = try JSONSerialization.jsonObject(with: data)
        return try #require(value as? [String: Any], "stdout is a JSON object", sourceLocation: sourceLocation)
    }

    /// stderr lines that are not the sandbox notice.
    var errorLines: [String] { stderr.filter { !$0.contains("using the built-in sandbox") } }

    var description: String {
        "\(arguments.joined(separator: " ")) → exit \(code)\n--- stdout\n\(out)\n--- stderr\n\(err)"
    }
}

enum CLI {
    static let every8dNotice = "every8d: no EVERY8D_UID/EVERY8D_PWD set; using the built-in sandbox (offline, nothing is sent)"
    static let omicardNotice = "omicard: no OMICARD_LOGIN/OMICARD_PASSWORD set; using the built-in sandbox (offline, nothing is sent)"

    /// Runs `every8d`. Without `EVERY8D_STATE_DIR` in `environment` the run gets a fresh state
    /// folder of its own, removed afterwards (as the tools behaved before they kept state): tests
    /// that share state between runs set it.
    static func every8d(_ arguments: [String], environment: [String: String] = [:]) async -> RunResult {
        await withStateFolder("EVERY8D_STATE_DIR", environment) { environment in
            let captured = CapturedLines()
            let code = await Every8DCommandLine.run(arguments, environment: environment, io: captured.io)
            return RunResult(arguments: ["every8d"] + arguments, code: code, stdout: captured.stdout, stderr: captured.stderr)
        }
    }

    /// Runs `omicard`, with a fresh state folder unless `OMICARD_STATE_DIR` is set (see ``every8d(_:environment:)``).
    static func omicard(_ arguments: [String], environment: [String: String] = [:]) async -> RunResult {
        await withStateFolder("OMICARD_STATE_DIR", environment) { environment in
            let captured = CapturedLines()
            let code = await OmiCardCommandLine.run(arguments, environment: environment, io: captured.io)
            return RunResult(arguments: ["omicard"] + arguments, code: code, stdout: captured.stdout, stderr: captured.stderr)
        }
    }

    private static func withStateFolder(_ variable: String, _ environment: [String: String],
                                        _ run: ([String: String]) async -> RunResult) async -> RunResult {
        guard environment[variable] == nil else { return await run(environment) }
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        return await run(environment.merging([variable: folder.path]) { _, new in new })
    }

    /// A path for a fresh temporary folder (not created), removed by the caller.
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("examples-state-\(UUID().uuidString)")
    }

    /// A file in a fresh temporary directory, removed by the caller with `cleanUp`.
    static func temporaryFile(named name: String, contents: Data) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("examples-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url)
        return url
    }

    static func temporaryFile(named name: String, text: String) throws -> URL {
        try temporaryFile(named: name, contents: Data(text.utf8))
    }

    static func cleanUp(_ url: URL) {
        try? FileManager.default.removeItem(at: url.deletingLastPathComponent())
    }

    /// A 1×1 GIF.
    static let gif = Data([
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
        0x00, 0x00, 0x00, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ])

    /// A Taiwan time `yyyyMMddHHmmss` this far from now.
    static func compactTime(fromNow seconds: TimeInterval) -> String {
        TaiwanTime.compact(Date().addingTimeInterval(seconds))
    }
}
