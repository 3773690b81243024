import Foundation
import LoopbackHTTPServer
import SandboxHTTPServer
import SMSSandbox

/// Four processes sharing one state store, each with a real EVERY8D client, against one sandbox
/// gateway on 127.0.0.1: what a shared store is for, checked end to end.
///
/// Each scenario starts a gateway of its own, four probe processes (``ProbeProcess``, running the
/// probe executable given) pointed at the store `store` names, waits for them and throws
/// ``ConformanceFailure`` when the fleet did not behave: more logins than one per token lifetime,
/// a second SOAP session, a failed login repeated, or a dead lease holder's lease never taken over.
public struct FleetScenario: Sendable {
    /// The probe executable (`StateProbe`, `PostgresStateProbe`).
    public let probe: URL
    /// The probe's `--store` argument, naming the shared store.
    public let store: String

    static let processes = 4
    static let user = Every8DSandboxAccount.demo.userID
    static let password = Every8DSandboxAccount.demo.password

    /// Creates a scenario.
    public init(probe: URL, store: String) {
        self.probe = probe
        self.store = store
    }

    /// What a scenario saw, for the caller's own checks.
    public struct Observation: Sendable {
        /// The gateway's server, with every request it received.
        public let server: SandboxServer
        /// The sandbox behind it.
        public let sandbox: Every8DSandbox
        /// How each probe ended.
        public let outcomes: [ProbeProcess.Outcome]
    }

    /// Two rounds of calls in four processes, a token lifetime apart: exactly one token fetch per
    /// lifetime for the whole fleet, and every call succeeds.
    @discardableResult
    public func oneTokenPerLifetime() async throws -> Observation {
        let sandbox = Every8DSandbox()
        let server = try SandboxServer(sandbox)
        let outcomes = try await runTogether(server: server, [
            // Wide margins: on a loaded machine a round's first call may come seconds after its start.
            "--api", "http", "--rounds", "2", "--token-lifetime", "8", "--round-gap", "16",
        ])
        try expectAllSucceeded(outcomes, calls: 6)
        let fetches = await sandbox.network.requestCount(endpoint: "ConnectionHandler.ashx")
        try expect(fetches == 2, "\(fetches) token fetches for two token lifetimes in \(Self.processes) processes, expected 2")
        return Observation(server: server, sandbox: sandbox, outcomes: outcomes)
    }

    /// Four processes over SOAP: one `getConnection` for all, and nobody logged out (no
    /// `closeConnection`, no session renewed after a `-301`).
    public func oneSOAPSessionForAll() async throws {
        let sandbox = Every8DSandbox()
        let server = try SandboxServer(sandbox)
        let outcomes = try await runTogether(server: server, ["--api", "soap"])
        try expectAllSucceeded(outcomes, calls: 3)
        let logins = await sandbox.network.requestCount(endpoint: "SMS.asmx/getConnection")
        try expect(logins == 1, "\(logins) getConnection calls from \(Self.processes) processes sharing a store, expected 1")
        let logouts = await sandbox.network.requestCount(endpoint: "SMS.asmx/closeConnection")
        try expect(logouts == 0, "\(logouts) closeConnection calls: a process logged the others out")
    }

    /// A wrong password in four processes at once: exactly one failed login reaches the gateway,
    /// and every process reports the refusal (the gateway's in the one that logged in, the login
    /// latch's in the others).
    public func wrongPasswordReachesTheGatewayOnce(soap: Bool) async throws {
        let sandbox = Every8DSandbox()
        let server = try SandboxServer(sandbox)
        let outcomes = try await runTogether(server: server, ["--api", soap ? "soap" : "http"], password: "not-the-password")
        let lines = outcomes.flatMap(\.lines)
        let fromGateway = lines.filter { $0 == "gateway-refused -101" }.count
        let latched = lines.filter { $0 == "latched -101" }.count
        try expect(fromGateway == 1 && latched == lines.count - 1 && lines.count == 3 * Self.processes,
                   "expected one refusal from the gateway and the rest from the latch: \(outcomes)")
        try expect(outcomes.allSatisfy { $0.status == 1 && $0.lines.first?.hasSuffix("-101") == true },
                   "every process must report the refusal on its first call: \(outcomes)")
        let logins = await sandbox.network.requestCount(endpoint: soap ? "SMS.asmx/getConnection" : "ConnectionHandler.ashx")
        try expect(logins == 1, "\(logins) failed logins reached the gateway, expected 1")
        let requests = await sandbox.network.requestCount()
        try expect(requests == 1, "\(requests) requests reached the gateway, expected only the one login")
    }

    /// The process holding the refresh lease is killed (SIGKILL) while its login hangs: the
    /// other three wait for the lease to run out, then exactly one of them logs in for all.
    public func deadLeaseHolderIsTakenOver() async throws {
        let sandbox = Every8DSandbox()
        let logins = ArrivalLog()
        let holderPID = ProcessIDBox()
        let server = try SandboxServer(sandbox) { request in
            guard request.path.hasSuffix("ConnectionHandler.ashx") else { return nil }
            guard logins.record() == 1 else { return nil }
            // The first login never gets an answer: its process is killed right here, on the
            // server's thread, holding the lease (not later from a task, which a busy machine
            // could delay past the login's timeout).
            while holderPID.value == nil { usleep(1_000) }
            if let pid = holderPID.value { _ = systemKill(pid, SIGKILL) }
            return .neverAnswer
        }
        // Lease: the 6 s timeout of one attempt, plus the keeper's 5 s margin.
        let arguments = ["--api", "http", "--timeout", "6"]
        let holder = try ProbeProcess(probe, probeArguments(server: server, arguments))
        holderPID.value = holder.pid
        let firstLogin = try await logins.wait(for: 1, timeout: .seconds(60))
        let killed = await holder.wait()
        let others = try (1..<Self.processes).map { _ in try ProbeProcess(probe, probeArguments(server: server, arguments)) }
        var outcomes: [ProbeProcess.Outcome] = []
        for other in others { outcomes.append(await other.wait()) }

        try expect(killed.status == 128 + SIGKILL, "the lease holder was not killed: \(killed)")
        try expectAllSucceeded(outcomes, calls: 3)
        let times = logins.times
        try expect(times.count == 2, "\(times.count) logins reached the gateway (the dead holder's and one take-over expected)")
        let waited = times.count == 2 ? times[1].timeIntervalSince(firstLogin) : 0
        try expect(waited >= 6, "the take-over login came \(waited) s after the dead holder's, before its 11 s lease could run out")
    }

    /// The same idempotency key from four processes at once: one send reaches the gateway, and
    /// every process prints that send's receipt (from the gateway in one, from the ledger in the
    /// others) or says it is in progress.
    public func sameKeySendsOnce() async throws {
        let sandbox = Every8DSandbox()
        let server = try SandboxServer(sandbox)
        let outcomes = try await runTogether(server: server, ["--api", "http", "--key", "order-8812"])
        let sends = await sandbox.network.requestCount(endpoint: "SendSMS.ashx")
        try expect(sends == 1, "\(sends) sends reached the gateway for one key from \(Self.processes) processes, expected 1")
        let delivered = await sandbox.state.acceptedSendCount
        try expect(delivered == 1, "the gateway sent \(delivered) messages, expected 1")
        let lines = outcomes.flatMap(\.lines)
        let receipts = lines.filter { $0.hasPrefix("ok keyed-send ") }
        let batches = Set(receipts.map { $0.split(separator: " ")[2] })
        try expect(lines.count == Self.processes && batches.count == 1
                   && lines.allSatisfy { $0.hasPrefix("ok keyed-send ") || $0 == "in-progress" }
                   && receipts.filter { $0.hasSuffix(" gateway") }.count == 1,
                   "expected one send's receipt (or in-progress) in every process: \(outcomes)")
    }

    /// A process killed between claiming a key and reading the answer (the gateway got the send,
    /// its answer never came): the next attempt with the key waits out the dead claim, reconciles
    /// with the gateway (the duplicate filter shows the number already has the text) and prints
    /// the earlier batch; the gateway never sends a second copy.
    public func killedMidSendIsReconciled() async throws {
        let sandbox = Every8DSandbox()
        let sends = ArrivalLog()
        let senderPID = ProcessIDBox()
        let server = try SandboxServer(sandbox) { request in
            guard request.path.hasSuffix("/SendSMS.ashx") else { return nil }
            _ = sends.record()
            // The gateway carries the send out, but its answer never leaves: the sender is killed
            // right here, on the server's thread, between its claim and the answer.
            _ = SandboxForwarding.forward(request, to: sandbox)
            while senderPID.value == nil { usleep(1_000) }
            if let pid = senderPID.value { _ = systemKill(pid, SIGKILL) }
            return .neverAnswer
        }
        // Claims last the 6 s timeout and 5 s; the next attempt waits up to 60 s for them.
        let arguments = ["--api", "http", "--key", "order-9001", "--timeout", "6", "--idempotency-wait", "60"]
        let sender = try ProbeProcess(probe, probeArguments(server: server, arguments))
        senderPID.value = sender.pid
        _ = try await sends.wait(for: 1, timeout: .seconds(60))
        let killed = await sender.wait()
        try expect(killed.status == 128 + SIGKILL, "the sender was not killed: \(killed)")

        let next = await (try ProbeProcess(probe, probeArguments(server: server, arguments))).wait()
        let batch = await sandbox.state.batches().first?.id
        let delivered = await sandbox.state.acceptedSendCount
        try expect(delivered == 1, "the gateway sent \(delivered) messages, expected 1")
        try expect(sends.times.count == 1, "\(sends.times.count) SendSMS requests, expected only the killed process's")
        try expect(next.status == 0 && next.lines == ["ok keyed-send \(batch ?? "?") reconciled"],
                   "the next attempt should reconcile to the earlier batch \(batch ?? "?"): \(next)")
    }

    // MARK: Running probes

    /// Starts four probes that begin their calls together, and waits for them.
    private func runTogether(server: SandboxServer, _ arguments: [String], password: String = password) async throws -> [ProbeProcess.Outcome] {
        let startAt = Date().addingTimeInterval(3).timeIntervalSince1970
        let probes = try (0..<Self.processes).map { _ in
            try ProbeProcess(probe, probeArguments(server: server, arguments + ["--start-at", "\(startAt)"], password: password))
        }
        var outcomes: [ProbeProcess.Outcome] = []
        for probe in probes { outcomes.append(await probe.wait()) }
        return outcomes
    }

    private func probeArguments(server: SandboxServer, _ arguments: [String], password: String = password) -> [String] {
        ["--store", store, "--site", server.baseURL, "--user", Self.user, "--password", password] + arguments
    }

    private func expectAllSucceeded(_ outcomes: [ProbeProcess.Outcome], calls: Int) throws {
        for outcome in outcomes {
            try expect(outcome.status == 0 && outcome.lines.count == calls && outcome.lines.allSatisfy { $0.hasPrefix("ok ") },
                       "a probe did not make its \(calls) calls: \(outcome)")
        }
    }
}

/// When requests (logins, sends) reached the gateway, written by the server's threads.
private final class ArrivalLog: @unchecked Sendable {
    // `@unchecked`: every access holds the lock.
    private let lock = NSLock()
    private var recorded: [Date] = []

    /// Notes a request and returns how many there were so far.
    func record() -> Int {
        lock.withLock {
            recorded.append(Date())
            return recorded.count
        }
    }

    var times: [Date] { lock.withLock { recorded } }

    /// Waits until `count` requests arrived and returns the time of the last of them.
    func wait(for count: Int, timeout: Duration) async throws -> Date {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let time = lock.withLock({ recorded.count >= count ? recorded[count - 1] : nil }) { return time }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ConformanceFailure("no request reached the gateway within \(timeout)")
    }
}

/// The lease holder's process id, set by the test and read by the server's thread.
private final class ProcessIDBox: @unchecked Sendable {
    // `@unchecked`: every access holds the lock.
    private let lock = NSLock()
    private var stored: pid_t?

    var value: pid_t? {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}
