import Foundation
import Testing

/// `every8d listen` as a real process: it answers, prints, and stops cleanly on SIGTERM and SIGINT.
@Suite("every8d listen as a process")
struct ListenExecutableTests {
    /// A started process whose output goes to files.
    struct Started {
        let pid: pid_t
        let directory: URL

        var stdout: String { (try? String(contentsOf: directory.appendingPathComponent("stdout"), encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: directory.appendingPathComponent("stderr"), encoding: .utf8)) ?? "" }

        /// The port from the banner on stderr, once it is there.
        func port() async throws -> UInt16 {
            for _ in 0..<600 {
                if let range = stderr.range(of: "listening on http://127.0.0.1:") {
                    let digits = stderr[range.upperBound...].prefix { $0.isNumber }
                    if let port = UInt16(digits) { return port }
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw RawHTTPClient.Failure(description: "no banner on stderr: \(stderr)")
        }

        /// Sends `signal` and waits for the exit code (128 + the signal when killed by it).
        func stop(with signal: Int32) async -> Int32 {
            kill(pid, signal)
            return await ExecutableTests.exitCode(of: pid)
        }
    }

    static func start(_ arguments: [String]) throws -> Started? {
        guard let executable = ExecutableTests.binary(named: "every8d") else {
            Issue.record("every8d was not found next to the test runner; build it with `swift build`")
            return nil
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("listen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, directory.appendingPathComponent("stdout").path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, directory.appendingPathComponent("stderr").path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        // A state folder of its own: reports another test sent are not repeats here.
        let environment = ExecutableTests.environment.merging(["EVERY8D_STATE_DIR": directory.appendingPathComponent("state").path]) { $1 }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, envp)
        guard spawned == 0 else { throw ExecutableTests.SpawnFailure(code: spawned) }
        return Started(pid: pid, directory: directory)
    }

    @Test("200 for reports, 400 for anything else, each report printed once; SIGTERM stops it with exit 0 and a summary")
    func sigterm() async throws {
        guard let process = try Self.start(["listen", "--port", "0", "--json"]) else { return }
        defer { try? FileManager.default.removeItem(at: process.directory) }
        let client = RawHTTPClient(port: try await process.port())
        let report = "/every8d/report?BatchID=b-9&RM=%2B886912345678&RT=20250301093500&STATUS=999&SM=%E5%A5%BD+%E7%9A%84&MR=3"
        #expect(try await client.get(report).status == 200)
        #expect(try await client.get(report).status == 200)
        #expect(try await client.get("/every8d/report?hello=world").status == 400)
        #expect(await process.stop(with: SIGTERM) == 0)

        let lines = process.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 2, "\(process.stdout)")
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["text"] as? String == "好 的")
        #expect(first["status"] as? Int == 999)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(summary["command"] as? String == "listen")
        #expect(summary["reports"] as? Int == 1)
        #expect(summary["repeats"] as? Int == 1)
        #expect(summary["notReports"] as? Int == 1)
    }

    @Test("SIGINT (Ctrl-C) stops it cleanly too, text output")
    func sigint() async throws {
        guard let process = try Self.start(["listen", "--port", "0"]) else { return }
        defer { try? FileManager.default.removeItem(at: process.directory) }
        let client = RawHTTPClient(port: try await process.port())
        #expect(try await client.get("/every8d/report?STATUS=100&RM=0912345678&MR=1&BatchID=b").status == 200)
        #expect(await process.stop(with: SIGINT) == 0)
        #expect(process.stdout.hasPrefix("delivery report for 0912345678: STATUS 100 (delivered to the handset), MR 1, batch b\n"))
        #expect(process.stdout.hasSuffix("Stopped. 1 new report printed; answered 0 repeated, 0 not a report, 0 without the secret, 0 failed, 0 other.\n"))
    }
}
