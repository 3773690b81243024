import Every8D
import Foundation
import SMSTransport

/// What a state probe process does: a real `Every8DClient` or `Every8DSOAPClient` whose
/// `credentialStore` is the shared store under test, a few calls against a gateway on 127.0.0.1,
/// one line of output per call. The multi-process tests start four of these at once.
///
/// The executables (`StateProbe` for the file store, `PostgresStateProbe` in Integrations) only
/// open their store and call ``run(_:store:)``.
///
/// Arguments (all `--name value`): `--store` (opened by the executable), `--site` (the gateway's
/// base URL), `--user`, `--password`, `--api http|soap`, `--rounds` (default 1), `--round-gap`
/// seconds between rounds' starts, `--token-lifetime` seconds, `--timeout` seconds (one attempt
/// per read), `--start-at` (seconds since 1970: wait until then, so that four probes start
/// together), `--key K` (instead of the rounds: one SMS with idempotency key `K`, the store also
/// being the send ledger; unsent sends not repeated, so the claim's lease is the timeout and 5 s),
/// `--idempotency-wait` seconds (how long a keyed send waits for one in flight elsewhere).
///
/// Output, one line per call: `ok <call> <value>` (a keyed send: `ok keyed-send <batch> <origin>`),
/// `gateway-refused <code>` (`Every8DError`), `latched <code>` (`CredentialsRefusedError`),
/// `in-progress`, `outcome-unknown`, `key-reuse`, `store-error <description>` or
/// `error <type>: <description>`. Exit status 0 when every call succeeded, 1 otherwise, 2 for bad
/// arguments.
public enum StateProbe {
    /// The probe's settings.
    public struct Options: Sendable {
        public var store = ""
        public var site = ""
        public var user = ""
        public var password = ""
        public var soap = false
        public var rounds = 1
        public var roundGap = 0.0
        public var tokenLifetime = 3600.0
        public var timeout = 5.0
        public var startAt: Double?
        public var key: String?
        public var idempotencyWait = 10.0

        /// Reads the arguments (without the program's name).
        public init(arguments: [String]) throws {
            var index = 0
            while index < arguments.count {
                guard index + 1 < arguments.count else { throw ProbeUsageError(argument: arguments[index]) }
                let value = arguments[index + 1]
                switch arguments[index] {
                case "--store": store = value
                case "--site": site = value
                case "--user": user = value
                case "--password": password = value
                case "--api": soap = value == "soap"
                case "--rounds": rounds = Int(value) ?? 1
                case "--round-gap": roundGap = Double(value) ?? 0
                case "--token-lifetime": tokenLifetime = Double(value) ?? 3600
                case "--timeout": timeout = Double(value) ?? 5
                case "--start-at": startAt = Double(value)
                case "--key": key = value
                case "--idempotency-wait": idempotencyWait = Double(value) ?? 10
                default: throw ProbeUsageError(argument: arguments[index])
                }
                index += 2
            }
        }
    }

    /// An argument the probe does not know.
    public struct ProbeUsageError: Error, CustomStringConvertible {
        public let argument: String
        public init(argument: String) { self.argument = argument }
        public var description: String { "unknown or incomplete argument \(argument)" }
    }

    /// Parses `arguments`, opens the store with `openStore`, runs, and returns the exit status.
    public static func main(arguments: [String], openStore: (String) async throws -> any CredentialStore) async -> Int32 {
        let options: Options
        do {
            options = try Options(arguments: arguments)
        } catch {
            print("usage: \(error)")
            return 2
        }
        let store: any CredentialStore
        do {
            store = try await openStore(options.store)
        } catch {
            print("store-error \(error)")
            return 1
        }
        return await run(options, store: store)
    }

    /// Runs the calls and prints one line for each.
    ///
    /// - Returns: The exit status: 0 when every call succeeded.
    public static func run(_ options: Options, store: any CredentialStore) async -> Int32 {
        let client = makeClient(options, store: store)
        if let startAt = options.startAt {
            let wait = startAt - Date().timeIntervalSince1970
            if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
        }
        if let key = options.key {
            // The same text from every probe: the same request, so the key's fingerprint matches.
            return await report("keyed-send") {
                let receipt = try await client.sendSMS(to: ["0912345678"], text: "keyed probe", idempotencyKey: key)
                return "\(receipt.batchID) \(receipt.origin.rawValue)"
            } == 0 ? 0 : 1
        }
        let start = Date()
        var failures = 0
        for round in 0..<options.rounds {
            let due = start.addingTimeInterval(options.roundGap * Double(round)).timeIntervalSinceNow
            if due > 0 { try? await Task.sleep(for: .seconds(due)) }
            failures += await report("credit") { "\(try await client.credit())" }
            failures += await report("send") {
                try await client.sendSMS(to: ["0912345678"], text: "probe \(ProcessInfo.processInfo.processIdentifier) round \(round)").batchID
            }
            failures += await report("credit") { "\(try await client.credit())" }
        }
        return failures == 0 ? 0 : 1
    }

    private static func makeClient(_ options: Options, store: any CredentialStore) -> any Every8DMessaging {
        let site = URL(string: options.site) ?? Every8DClient.Configuration.defaultSiteURL
        let credentials = Every8DClient.Credentials(userID: options.user, password: options.password)
        if options.soap {
            var configuration = Every8DSOAPClient.Configuration(siteURL: site)
            configuration.allowsInsecureHTTP = true
            configuration.timeout = .seconds(options.timeout)
            configuration.readRetryPolicy = .none
            configuration.credentialStore = store
            return Every8DSOAPClient(credentials: credentials, configuration: configuration)
        }
        var configuration = Every8DClient.Configuration(siteURL: site)
        configuration.allowsInsecureHTTP = true
        configuration.timeout = .seconds(options.timeout)
        configuration.readRetryPolicy = .none
        configuration.tokenLifetime = .seconds(options.tokenLifetime)
        configuration.credentialStore = store
        if options.key != nil, let ledger = store as? any SendLedger {
            configuration.sendLedger = ledger
            configuration.unsentRetryPolicy = .none
            configuration.idempotencyWait = .seconds(options.idempotencyWait)
        }
        return Every8DClient(credentials: credentials, configuration: configuration)
    }

    /// Prints the outcome of `call`, and returns 1 when it failed.
    private static func report(_ name: String, _ call: () async throws -> String) async -> Int {
        let line: String
        var failed = 1
        do {
            line = "ok \(name) \(try await call())"
            failed = 0
        } catch let error as Every8DError {
            line = "gateway-refused \(error.code.rawValue)"
        } catch let error as CredentialsRefusedError {
            line = "latched \(error.refusal.code)"
        } catch is SendInProgressError {
            line = "in-progress"
        } catch is SendOutcomeUnknownError {
            line = "outcome-unknown"
        } catch is IdempotencyKeyReuseError {
            line = "key-reuse"
        } catch let error as StateStoreError {
            line = "store-error \(error)"
        } catch {
            line = "error \(type(of: error)): \(error)"
        }
        print(line)
        return failed
    }
}
