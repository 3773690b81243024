import Foundation
import Testing

/// The built executables, run as real processes.
@Suite("the every8d and omicard executables")
struct ExecutableTests {
    /// The directory the test runner lives in, where SwiftPM also puts the executables.
    static func binary(named name: String) -> URL? {
        var directories: [URL] = []
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL)
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        return directories.map { $0.appendingPathComponent(name) }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `executable` and waits for it, its output going to temporary files.
    ///
    /// Not `Foundation.Process`: on Linux its `run()` crashed (SIGSEGV) once while the rest of the
    /// suite was opening and closing sockets on other threads. `posix_spawn` with the output
    /// redirected to files has no such shared state, and files cannot fill up like pipes.
    static func launch(_ executable: URL, _ arguments: [String], environment: [String: String]) async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("exe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outPath = directory.appendingPathComponent("stdout").path
        let errPath = directory.appendingPathComponent("stderr").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, envp)
        guard spawned == 0 else { throw SpawnFailure(code: spawned) }
        let exitCode = await Self.exitCode(of: pid)
        return Outcome(status: exitCode,
                       stdout: String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self),
                       stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self))
    }

    /// Waits for the child `pid` to end and returns its exit code (128 + the signal when a signal
    /// ended it, as shells report it).
    ///
    /// The wait is on a thread of its own: blocking in `waitpid` on one of the concurrency pool's
    /// few threads would stall every other test of the run.
    static func exitCode(of pid: pid_t) async -> Int32 {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
            }
        }
    }

    struct SpawnFailure: Error {
        let code: Int32
    }

    /// A clean environment: no account, so the sandbox answers; PATH and HOME for the runtime;
    /// the state folders in a temporary folder of this test process (`listen` keeps its reports
    /// there), never the user's.
    static var environment: [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        return ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? "/tmp",
                "EVERY8D_STATE_DIR": stateFolder.path + "/every8d", "OMICARD_STATE_DIR": stateFolder.path + "/omicard"]
    }

    /// The state folders' parent for the processes these tests start (one per test run).
    static let stateFolder = FileManager.default.temporaryDirectory.appendingPathComponent("examples-state-\(UUID().uuidString)")

    @Test("every8d demo and --help run as a process and exit 0; a usage error exits 2")
    func every8d() async throws {
        guard let executable = Self.binary(named: "every8d") else {
            // `swift build` (or `swift test`, which builds every target) puts it next to the test runner.
            Issue.record("every8d was not found next to the test runner (\(CommandLine.arguments.first ?? "?")); build it with `swift build`")
            return
        }
        let demo = try await Self.launch(executable, ["demo"], environment: Self.environment)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("EVERY8D demo against the built-in sandbox"))
        #expect(demo.stdout.contains("Close the token"))
        #expect(demo.stderr == "every8d: no EVERY8D_UID/EVERY8D_PWD set; using the built-in sandbox (offline, nothing is sent)\n")
        let help = try await Self.launch(executable, ["--help"], environment: Self.environment)
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("every8d: send and follow SMS and MMS"))
        #expect(help.stderr.isEmpty)
        let wrong = try await Self.launch(executable, ["send"], environment: Self.environment)
        #expect(wrong.status == 2)
        #expect(wrong.stderr == "every8d: --to is required\n")
    }

    @Test("omicard --help and demo run as a process and exit 0")
    func omicard() async throws {
        guard let executable = Self.binary(named: "omicard") else {
            Issue.record("omicard was not found next to the test runner (\(CommandLine.arguments.first ?? "?")); build it with `swift build`")
            return
        }
        let help = try await Self.launch(executable, ["--help"], environment: Self.environment)
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("omicard: "))
        let demo = try await Self.launch(executable, ["demo"], environment: Self.environment)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("LaunchID:   1001"))
    }
}
