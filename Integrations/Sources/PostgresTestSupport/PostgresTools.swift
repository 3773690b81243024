import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// PostgreSQL's server tools on this machine, and how to run them.
struct PostgresTools: Sendable {
    /// The path of `initdb`.
    let initdb: String
    /// The path of `pg_ctl`.
    let pgCtl: String
    /// When running as root: `runuser` and the `postgres` user the tools run as.
    let runAs: (runuser: String, uid: uid_t, gid: gid_t)?

    /// Finds `initdb` and `pg_ctl`, and the `postgres` user when this process is root.
    ///
    /// - Throws: ``PostgresTestSupportError`` saying what to install.
    static func find() throws -> PostgresTools {
        // Debian keeps the server tools off PATH, one folder per major version: take the newest.
        let versionFolders = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap { Int($0) }.sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        guard let initdb = executable(named: "initdb", extraFolders: versionFolders),
              let pgCtl = executable(named: "pg_ctl", extraFolders: versionFolders)
        else {
            throw PostgresTestSupportError(
                "initdb and pg_ctl were not found on PATH or in /usr/lib/postgresql/*/bin: install PostgreSQL "
                    + "(Debian: apt-get install postgresql) or set \(PostgresTestServer.environmentVariable)")
        }
        guard geteuid() == 0 else { return PostgresTools(initdb: initdb, pgCtl: pgCtl, runAs: nil) }
        guard let (uid, gid) = postgresUser() else {
            throw PostgresTestSupportError("PostgreSQL refuses to run as root and there is no postgres user to run it as")
        }
        guard let runuser = executable(named: "runuser", extraFolders: ["/usr/sbin", "/sbin"]) else {
            throw PostgresTestSupportError("running as root, but runuser (util-linux) is missing")
        }
        return PostgresTools(initdb: initdb, pgCtl: pgCtl, runAs: (runuser, uid, gid))
    }

    /// The `postgres` user's ids, read with `getpwnam_r`: `getpwnam`'s answer lives in static
    /// storage that another thread's look-up (Foundation makes them) can overwrite before it is
    /// read, which once chowned a cluster's folder to the wrong user.
    private static func postgresUser() -> (uid_t, gid_t)? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getpwnam_r("postgres", &entry, &buffer, buffer.count, &found) == 0, found != nil else { return nil }
        return (entry.pw_uid, entry.pw_gid)
    }

    /// The first executable file named `name` on `PATH` or in `extraFolders`.
    static func executable(named name: String, extraFolders: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init) + extraFolders
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A new, empty folder under `/tmp` (short, for the server's socket path) that the tools can
    /// write to: owned by `postgres` when they run as that user.
    func makeOwnedFolder() throws -> URL {
        var template = Array("/tmp/sms-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw PostgresTestSupportError("mkdtemp failed: errno \(errno)")
        }
        let path = String(cString: made)
        if let runAs, chown(path, runAs.uid, runAs.gid) != 0 {
            throw PostgresTestSupportError("chown of \(path) to postgres failed: errno \(errno)")
        }
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    /// Runs `tool` with `arguments` (as `postgres` when this process is root), its output going
    /// to `output`, and waits for it.
    ///
    /// - Throws: ``PostgresTestSupportError`` with the output when it exits non-zero.
    func run(_ tool: String, _ arguments: [String], output: URL) async throws {
        let status = if let runAs {
            try await ChildProcess.run(runAs.runuser, ["-u", "postgres", "--", tool] + arguments, output: output.path)
        } else {
            try await ChildProcess.run(tool, arguments, output: output.path)
        }
        guard status == 0 else {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            let name = (tool as NSString).lastPathComponent
            throw PostgresTestSupportError("\(name) \(arguments.last ?? "") exited with \(status):\n\(text.suffix(2000))")
        }
    }
}
