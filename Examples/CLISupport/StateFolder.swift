import Foundation
import SMSTransport

/// Where a program keeps what outlives one run with an account: the token or session key, the
/// login latch, the send ledger of `--idempotency-key` and the push reports `listen` has printed.
///
/// `$EVERY8D_STATE_DIR` (or `$OMICARD_STATE_DIR`), else `$XDG_STATE_HOME/<program>`, else
/// `~/.local/state/<program>`: a ``FileStateStore``, shared by every run on the machine. The
/// built-in sandbox never uses it (its state lives and dies with the run).
public struct StateFolder: Sendable {
    /// The folder, or `nil` when neither the variable, `XDG_STATE_HOME` nor `HOME` names one.
    public let url: URL?
    /// The variable that sets it (`EVERY8D_STATE_DIR`), named in errors.
    public let variable: String

    /// Reads the folder from the environment, checking `variable` whether or not it is used.
    ///
    /// - Parameters:
    ///   - environment: The environment.
    ///   - variable: The program's variable (`EVERY8D_STATE_DIR`).
    ///   - program: The folder's name under `XDG_STATE_HOME` (`every8d`).
    /// - Throws: `UsageError` when `variable` is not an absolute path.
    public init(_ environment: EnvironmentSettings, variable: String, program: String) throws {
        self.variable = variable
        if let path = environment.string(variable) {
            guard path.hasPrefix("/") else {
                throw UsageError("\(variable) must be an absolute path to a folder, got \"\(path)\"", option: variable, value: path)
            }
            url = URL(fileURLWithPath: path, isDirectory: true)
        } else if let base = environment.string("XDG_STATE_HOME"), base.hasPrefix("/") {
            // The XDG base-directory rules ignore a relative XDG_STATE_HOME.
            url = URL(fileURLWithPath: base, isDirectory: true).appendingPathComponent(program, isDirectory: true)
        } else if let home = environment.string("HOME"), home.hasPrefix("/") {
            url = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".local/state/\(program)", isDirectory: true)
        } else {
            url = nil
        }
    }

    /// The folder's path, or a sentence saying there is none.
    public var shownPath: String { url?.path ?? "(none: set \(variable))" }

    /// Whether the folder exists.
    public var exists: Bool {
        var isFolder: ObjCBool = false
        guard let url else { return false }
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
    }

    /// Opens the store, creating the folder (mode 0700) if it does not exist, and forgets what is
    /// older than ``StateRetention/default`` (7 days), as ``StateRetention`` asks of every run.
    ///
    /// - Throws: `UsageError` naming the variable when there is no folder or it cannot be made or used.
    public func open() async throws -> FileStateStore {
        let store = try make()
        do {
            _ = try await StateRetention.default.apply(to: store)
        } catch let error as StateStoreError {
            throw unusable(error)
        }
        return store
    }

    /// Opens the store as it is, only if the folder exists (looking creates nothing and purges nothing).
    ///
    /// - Throws: `UsageError` naming the variable when the folder cannot be used.
    public func openExisting() throws -> FileStateStore? {
        exists ? try make() : nil
    }

    private func make() throws -> FileStateStore {
        guard let url else {
            throw UsageError("no folder to keep the state of an account in: set \(variable) (neither XDG_STATE_HOME nor HOME is set)",
                             option: variable)
        }
        do {
            // The store makes its own folder; the ones above it (~/.local/state on a new machine)
            // are made here, 0700 as the XDG rules ask.
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            return try FileStateStore(folder: url)
        } catch let error as StateStoreError {
            throw unusable(error)
        } catch {
            throw unusable(StateStoreError(action: "create the folder", detail: "its parent folder cannot be created"))
        }
    }

    private func unusable(_ error: StateStoreError) -> UsageError {
        let path = url?.path ?? ""
        return UsageError("\(variable): the state folder \(path) cannot be used (\(error.detail)); set \(variable) to a folder you can write",
                          option: variable, value: path)
    }
}
