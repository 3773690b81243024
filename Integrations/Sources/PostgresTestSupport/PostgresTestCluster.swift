import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A throw-away PostgreSQL cluster that this process started: `initdb` into a temporary folder,
/// then `pg_ctl start` on a free port of 127.0.0.1, trusting local connections as `test`.
///
/// PostgreSQL refuses to run as root, so as root the tools run as the `postgres` system user
/// (`runuser -u postgres --`) on a folder it owns. The tools are found on `PATH` or in Debian's
/// `/usr/lib/postgresql/<version>/bin`. The cluster favours speed over durability (`fsync`,
/// `synchronous_commit` and `full_page_writes` off): it lives only as long as the tests.
///
/// Whatever happens to the test process, the cluster does not outlive it: a small watchdog
/// started beside it stops the server and deletes the folder once the process is gone, crash
/// included. ``stop()`` and ``start()`` let a test take the server away and bring it back on the
/// same port; ``remove()`` ends it for good.
public final class PostgresTestCluster: Sendable {
    /// Where the server listens, as `test` on the database `postgres`.
    public let endpoint: PostgresEndpoint
    /// The cluster's folder: the data directory (`data`), the server's log (`log`) and its socket.
    public let folder: URL
    private let tools: PostgresTools

    private var dataDirectory: String { folder.appendingPathComponent("data").path }
    private var logFile: String { folder.appendingPathComponent("log").path }

    private init(endpoint: PostgresEndpoint, folder: URL, tools: PostgresTools) {
        self.endpoint = endpoint
        self.folder = folder
        self.tools = tools
    }

    /// Creates and starts a new cluster.
    ///
    /// - Throws: ``PostgresTestSupportError`` with the tool's output when PostgreSQL is missing or
    ///   does not start.
    public static func start() async throws -> PostgresTestCluster {
        let tools = try PostgresTools.find()
        let folder = try tools.makeOwnedFolder()
        do {
            try startWatchdog(folder: folder)
            try await tools.run(tools.initdb, [
                "-D", folder.appendingPathComponent("data").path, "-U", "test", "--auth=trust",
                "--no-sync", "--encoding=UTF8", "--locale=C",
            ], output: folder.appendingPathComponent("initdb.out"))
            // A port picked free can be taken before the server binds it: try a few.
            var lastError: (any Error)?
            for _ in 0..<3 {
                let endpoint = PostgresEndpoint(host: "127.0.0.1", port: try freePort(), username: "test", database: "postgres")
                let cluster = PostgresTestCluster(endpoint: endpoint, folder: folder, tools: tools)
                do {
                    try await cluster.start()
                    return cluster
                } catch {
                    lastError = error
                }
            }
            throw lastError ?? PostgresTestSupportError("the PostgreSQL server did not start")
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// Starts the server again (after ``stop()``), on the same port with the same data.
    ///
    /// - Throws: ``PostgresTestSupportError`` with the server's log when it does not start.
    public func start() async throws {
        let options = [
            "-p \(endpoint.port)", "-k \(folder.path)", "-c listen_addresses=127.0.0.1",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
            // The tests' clients connect side by side: the default of 100 is soon reached.
            "-c max_connections=300",
        ].joined(separator: " ")
        do {
            try await tools.run(tools.pgCtl, ["-D", dataDirectory, "-o", options, "-l", logFile, "-w", "-t", "60", "start"],
                                output: folder.appendingPathComponent("pg_ctl.out"))
        } catch {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            throw PostgresTestSupportError("\(error)\nserver log:\n\(log.suffix(2000))")
        }
    }

    /// Stops the server (fast shutdown: open connections are closed), keeping its data.
    ///
    /// - Throws: ``PostgresTestSupportError`` when `pg_ctl stop` fails.
    public func stop() async throws {
        try await tools.run(tools.pgCtl, ["-D", dataDirectory, "-m", "fast", "-w", "stop"],
                            output: folder.appendingPathComponent("pg_ctl.out"))
    }

    /// Stops the server if it runs and deletes the cluster's folder.
    public func remove() async {
        try? await tools.run(tools.pgCtl, ["-D", dataDirectory, "-m", "immediate", "-w", "stop"],
                             output: folder.appendingPathComponent("pg_ctl.out"))
        try? FileManager.default.removeItem(at: folder)
    }

    /// Makes sure the server stops when the process exits normally (the watchdog would otherwise
    /// do it a second later).
    static func stopAtExit(_ cluster: PostgresTestCluster) {
        atExit.withLockedValue { $0.append(cluster.dataDirectory) }
        registerAtExit
    }

    // MARK: - Process-wide clean-up

    private static let atExit = NIOLockedValueBox<[String]>([])

    private static let registerAtExit: Void = {
        atexit {
            // Fast shutdown by signal: no process to spawn while the program ends.
            for directory in PostgresTestCluster.atExit.withLockedValue({ $0 }) {
                guard let text = try? String(contentsOfFile: directory + "/postmaster.pid", encoding: .utf8),
                      let line = text.split(separator: "\n").first, let pid = pid_t(line) else { continue }
                kill(pid, SIGINT)
            }
        }
    }()

    /// Starts `sh`, in a session of its own (so that a Ctrl-C to the tests does not reach it), to
    /// wait for this process to end and then stop the server and delete `folder`. It is left to
    /// run: once the folder is gone it has nothing to do.
    private static func startWatchdog(folder: URL) throws {
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            pid=$(head -n 1 '\(folder.path)/data/postmaster.pid' 2>/dev/null) && kill -QUIT "$pid" 2>/dev/null
            for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            rm -rf '\(folder.path)'
            """
        if let setsid = PostgresTools.executable(named: "setsid", extraFolders: ["/usr/bin", "/bin"]) {
            _ = try ChildProcess.spawn(setsid, ["/bin/sh", "-c", script], output: nil)
        } else {
            _ = try ChildProcess.spawn("/bin/sh", ["-c", script], output: nil)
        }
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    private static func freePort() throws -> Int {
        #if canImport(Darwin)
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { throw PostgresTestSupportError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress -> Bool in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else { throw PostgresTestSupportError("no free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
