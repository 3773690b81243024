import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The files behind a ``FileStateStore``: one folder per kind of record, one file per record,
/// replaced whole by `rename` (so a reader never needs a lock), and one lock file whose `flock`
/// serialises every read-modify-write between threads and processes.
///
/// Each write is *staged* first (a new temporary file, written and optionally flushed before the
/// lock is taken), then *committed* under the lock by renaming it over the record, or dropped when
/// the check under the lock fails. The lock is therefore held only for a read and a rename.
struct StoreFolder: Sendable {
    /// The kinds of records, each in a sub-folder of that name.
    enum Area: String, CaseIterable, Sendable {
        case sessions, leases, latches, ledger, inbox
    }

    /// The store's folder.
    let root: String
    /// How long to wait for the lock before giving up.
    let lockTimeout: Duration

    private var lockPath: String { root + "/lock" }
    private var stagingFolder: String { root + "/tmp" }

    /// Creates the folder and its sub-folders (mode 0700) where missing.
    ///
    /// - Throws: ``StateStoreError`` when a folder cannot be made.
    init(root: String, lockTimeout: Duration) throws {
        self.root = root
        self.lockTimeout = lockTimeout
        try Self.makeFolder(root)
        for folder in [stagingFolder] + Area.allCases.map({ root + "/" + $0.rawValue }) {
            try Self.makeFolder(folder)
        }
    }

    /// The file of `key`'s record in `area`: named by the key's SHA-256, never by the key itself,
    /// so no caller's string becomes a path.
    func path(_ area: Area, _ key: String) -> String {
        "\(root)/\(area.rawValue)/\(SHA256.hex(SHA256.hash(Array(key.utf8))))"
    }

    /// The paths of every record in `area`.
    func records(in area: Area, action: String) throws -> [String] {
        let folder = root + "/" + area.rawValue
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder).map { folder + "/" + $0 }
        } catch {
            throw StateStoreError(action: action, detail: "the store's \(area.rawValue) folder cannot be listed")
        }
    }

    // MARK: Reading and writing

    /// The whole content of the file at `path`, or `nil` when there is none.
    func read(_ path: String, action: String) throws -> Data? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw Self.failure(action, "open")
        }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[..<count])
            } else if count == 0 {
                return data
            } else if errno != EINTR {
                throw Self.failure(action, "read")
            }
        }
    }

    /// Writes `data` to a new temporary file (mode 0600), flushed to the disk when `flush` is set.
    ///
    /// - Returns: The temporary file, for ``commit(_:to:action:)`` or ``discard(_:)``.
    func stage(_ data: Data, flush: Bool, action: String) throws -> String {
        let path = "\(stagingFolder)/\(UUID().uuidString)"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.failure(action, "create a file") }
        do {
            try data.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if written > 0 {
                        offset += written
                    } else if errno != EINTR {
                        throw Self.failure(action, "write")
                    }
                }
            }
            if flush, fsync(fd) != 0 { throw Self.failure(action, "fsync") }
            close(fd)
            return path
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
    }

    /// Puts a staged file in place of the record at `path` (atomically: readers see the old
    /// record or the new one, whole).
    func commit(_ staged: String, to path: String, action: String) throws {
        guard rename(staged, path) == 0 else { throw Self.failure(action, "rename") }
    }

    /// Deletes a staged file that was not committed (a no-op after a commit).
    func discard(_ staged: String) {
        unlink(staged)
    }

    /// Deletes the record at `path`.
    ///
    /// - Returns: Whether there was one.
    @discardableResult
    func remove(_ path: String, action: String) throws -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw Self.failure(action, "unlink")
    }

    /// Flushes `area`'s folder to the disk, so that renames and deletions in it survive a crash.
    func flush(_ area: Area, action: String) throws {
        let fd = open(root + "/" + area.rawValue, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure(action, "open the folder") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Self.failure(action, "fsync the folder") }
    }

    /// Deletes staged files older than `age`: left by a process that died between staging and
    /// committing.
    func removeStaleStagedFiles(olderThan age: TimeInterval) {
        let limit = Date().addingTimeInterval(-age)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: stagingFolder)) ?? [] {
            let path = stagingFolder + "/" + name
            let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
            if let modified, modified < limit { unlink(path) }
        }
    }

    // MARK: The lock

    /// Runs `body` holding the store's lock: `flock` on a descriptor of the lock file opened for
    /// this call alone, so that it excludes other threads of this process as well as other
    /// processes, and is released by the kernel if the process dies.
    ///
    /// The wait polls (without blocking a thread) and ends with ``StateStoreError`` after
    /// ``lockTimeout``. `body` is synchronous: nothing suspends while the lock is held.
    @discardableResult
    func withLock<T>(action: String, _ body: () throws -> T) async throws -> T {
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.failure(action, "open the lock file") }
        defer { close(fd) }
        let clock = ContinuousClock()
        let deadline = clock.now + lockTimeout
        var pause = Duration.microseconds(50)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else { throw Self.failure(action, "flock", code) }
            guard clock.now < deadline else {
                throw StateStoreError(action: action, detail: "another process held the store's lock for \(lockTimeout)")
            }
            try await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(5))
        }
        return try body()
    }

    // MARK: Helpers

    private static func makeFolder(_ path: String) throws {
        if mkdir(path, 0o700) == 0 || errno == EEXIST {
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return }
            throw StateStoreError(action: "open the state folder", detail: "\(path) is not a folder")
        }
        throw failure("create the state folder", "mkdir")
    }

    private static func failure(_ action: String, _ call: String, _ code: Int32 = errno) -> StateStoreError {
        StateStoreError(action: action, detail: "\(call) failed: \(String(cString: strerror(code)))")
    }
}

// The C library's `read` and `write`, which this type's own `read` would shadow.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }
