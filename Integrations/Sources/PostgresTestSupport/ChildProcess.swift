import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts programs for the test support with nothing of the test process but their output file.
///
/// Not `Foundation.Process`: on Linux it learns that a child ended through a socket the child
/// inherits, and `pg_ctl start` leaves a server running that inherits it too, so the end of
/// `pg_ctl` was never reported (seen here: the call hung, `runuser` a zombie). And a server that
/// inherits the test process's descriptors would hold other tests' sockets open, the loopback
/// HTTP servers' listening ones among them. So every descriptor above 2 is closed in the child.
enum ChildProcess {
    /// Runs `executable` with `arguments`, stdin from `/dev/null` and stdout and stderr to
    /// `output` (or `/dev/null`), and returns its process id without waiting for it.
    ///
    /// - Throws: ``PostgresTestSupportError`` when it cannot be started.
    static func spawn(_ executable: String, _ arguments: [String], output: String?) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        #if canImport(Darwin)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_CLOEXEC_DEFAULT))
        #else
        guard let closeFrom = addCloseFrom else {
            throw PostgresTestSupportError("posix_spawn_file_actions_addclosefrom_np is missing (glibc 2.34 or later is needed)")
        }
        _ = closeFrom(&actions, 3)
        #endif

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw PostgresTestSupportError("\(executable) could not be started: errno \(result)")
        }
        return pid
    }

    /// Runs a program as ``spawn(_:_:output:)`` does and waits for it, on a thread of its own
    /// rather than one of the concurrency pool's.
    ///
    /// - Returns: Its exit status (128 + the signal's number if a signal ended it).
    static func run(_ executable: String, _ arguments: [String], output: String?) async throws -> Int32 {
        let pid = try spawn(executable, arguments, output: output)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
                let signal = status & 0x7f
                continuation.resume(returning: signal == 0 ? (status >> 8) & 0xff : 128 + signal)
            }
        }
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
