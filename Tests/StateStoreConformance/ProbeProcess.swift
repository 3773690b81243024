import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A state probe running as a process of its own, its output going to a temporary file.
///
/// `posix_spawn`, not `Foundation.Process` (whose `run()` crashed once on Linux while other tests
/// used sockets), and every descriptor above 2 closed in the child: a probe that inherited another
/// test's listening socket would keep that server's port open after the test stopped it.
public final class ProbeProcess: Sendable {
    /// The process id.
    public let pid: pid_t
    private let outputPath: String

    /// How a probe ended.
    public struct Outcome: Sendable, CustomStringConvertible {
        /// The exit status (128 + the signal's number when a signal ended it).
        public let status: Int32
        /// What it printed, one line per call.
        public let lines: [String]

        public var description: String { "exit \(status): \(lines.joined(separator: " | "))" }
    }

    /// Starts `executable` with `arguments` and the test process's `PATH` and `HOME`.
    ///
    /// - Throws: ``ConformanceFailure`` when it cannot be started.
    public init(_ executable: URL, _ arguments: [String]) throws {
        outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString).out").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        #if canImport(Darwin)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_CLOEXEC_DEFAULT))
        #else
        guard let closeFrom = Self.addCloseFrom else {
            throw ConformanceFailure("posix_spawn_file_actions_addclosefrom_np is missing (glibc 2.34 or later is needed)")
        }
        _ = closeFrom(&actions, 3)
        #endif
        let inherited = ProcessInfo.processInfo.environment
        let environment = ["PATH=\(inherited["PATH"] ?? "/usr/bin:/bin")", "HOME=\(inherited["HOME"] ?? "/tmp")"]
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw ConformanceFailure("\(executable.lastPathComponent) could not be started: errno \(result)") }
        self.pid = pid
    }

    deinit { unlink(outputPath) }

    /// Waits for the probe to end (on a thread of its own, not the concurrency pool's).
    public func wait() async -> Outcome {
        let pid = pid
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
                let signal = status & 0x7f
                continuation.resume(returning: signal == 0 ? (status >> 8) & 0xff : 128 + signal)
            }
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Outcome(status: status, lines: text.split(separator: "\n").map(String.init))
    }

    /// Kills the probe at once (SIGKILL: no clean-up runs in it).
    public func kill() {
        _ = systemKill(pid, SIGKILL)
    }

    /// The executable `name` next to the test runner, where SwiftPM builds it.
    public static func executable(named name: String) -> URL? {
        var folders: [URL] = []
        if let first = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL)
        return folders.map { $0.appendingPathComponent(name) }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    #if !canImport(Darwin)
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np`, which Swift's Glibc module does not export.
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()
    #endif
}

// The C library's `kill`, which the method of the same name would shadow.
func systemKill(_ pid: pid_t, _ signal: Int32) -> Int32 { kill(pid, signal) }
