import Foundation
import Testing
@testable import SMSTransport

/// The call engine's rules, once for every client: what is repeated, what proves "not sent",
/// outcome-unknown, the session renewal, the login latch and the password gate, logging and events.
@Suite("Call engine")
struct CallEngineTests {
    // MARK: Fixtures

    /// A transport that answers from a script and counts what it was sent.
    final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
        // @unchecked: `sent` and `answers` are touched only with `lock` held.
        private let lock = NSLock()
        private var sent: [TransportRequest] = []
        private let answer: @Sendable (TransportRequest, Int) async throws -> TransportResponse

        init(_ answer: @escaping @Sendable (TransportRequest, Int) async throws -> TransportResponse) {
            self.answer = answer
        }

        var requests: [TransportRequest] {
            lock.lock()
            defer { lock.unlock() }
            return sent
        }

        func send(_ request: TransportRequest) async throws -> TransportResponse {
            let number: Int = {
                lock.lock()
                defer { lock.unlock() }
                sent.append(request)
                return sent.count
            }()
            return try await answer(request, number)
        }
    }

    /// What a gateway error looks like to the engine in these tests: `-code,message` bodies.
    struct GatewayError: Error, SecretScrubbing, Equatable {
        let code: Int
        let message: String
        func scrubbed(_ secrets: [String]) -> GatewayError {
            GatewayError(code: code, message: Redaction.scrub(message, secrets: secrets))
        }
    }

    final class Events: CallObserver, @unchecked Sendable {
        // @unchecked: `events` is touched only with `lock` held.
        private let lock = NSLock()
        private var events: [CallEvent] = []
        func observe(_ event: CallEvent) {
            lock.lock()
            events.append(event)
            lock.unlock()
        }
        var all: [CallEvent] {
            lock.lock()
            defer { lock.unlock() }
            return events
        }
    }

    final class Records: @unchecked Sendable {
        // @unchecked: `records` is touched only with `lock` held.
        private let lock = NSLock()
        private var records: [TransportLogRecord] = []
        var logger: TransportLogger {
            { record in
                self.lock.lock()
                self.records.append(record)
                self.lock.unlock()
            }
        }
        var all: [TransportLogRecord] {
            lock.lock()
            defer { lock.unlock() }
            return records
        }
    }

    static let fast = RetryPolicy(maxAttempts: 3, initialDelay: .zero, maxDelay: .zero, jitter: false)
    static let fixedNow = Date(timeIntervalSince1970: 1_800_000_000)
    static let url = URL(string: "https://gateway.test/api")!
    static let password = "pa$$-word"

    static func engine(_ transport: ScriptedTransport, observer: Events? = nil, logger: TransportLogger? = nil,
                       now: @escaping @Sendable () -> Date = { fixedNow }) -> CallEngine {
        CallEngine(gateway: "TEST", transport: transport, readRetryPolicy: fast, unsentRetryPolicy: fast,
                   logger: logger, observer: observer, now: now)
    }

    static func keeper(store: any CredentialStore = InMemoryStateStore(), password: String = password,
                       latch: LoginLatchPolicy = .default, now: @escaping @Sendable () -> Date = { fixedNow }) -> SessionKeeper {
        SessionKeeper(
            store: store, identity: AccountIdentity(vendor: "TEST", api: "test", site: "https://gateway.test", userID: "user", password: password),
            settings: .init(expiry: { $0.addingTimeInterval(3600) }, latchPolicy: latch, leaseDuration: .seconds(5), now: now))
    }

    /// Reads `-code,message` as a gateway error and anything else as the answer text.
    static func plan(_ rule: RepeatRule, credentials: CredentialUse = .none, classify: @escaping (GatewayError) -> GatewayFailure = { _ in .refused },
                     facts: @escaping (String) -> CallFacts = { _ in CallFacts() }) -> CallPlan<String> {
        CallPlan(
            operation: "Op", rule: rule, credentials: credentials, secrets: [password],
            request: { session in
                var headers = HTTPHeaders()
                if let session { headers.add(name: "Authorization", value: "Bearer \(session.value)") }
                return TransportRequest(method: .post, url: url, headers: headers, body: Data("PWD=\(password)".utf8), timeout: .seconds(5),
                                        isIdempotent: rule.isIdempotent)
            },
            parse: { response, _ in
                let text = String(decoding: response.body, as: UTF8.self)
                if text.hasPrefix("-"), let comma = text.firstIndex(of: ","), let code = Int(text[..<comma]) {
                    throw GatewayError(code: code, message: String(text[text.index(after: comma)...]))
                }
                guard !text.contains("garbage") else { throw ResponseParseError(expected: "text", reason: "garbage") }
                return text
            },
            classify: { ($0 as? GatewayError).map(classify) },
            facts: facts)
    }

    static let send = RepeatRule.send(SendContext(recipients: ["+886912345678"], references: ["SB": "order-1"], advice: "look it up"))

    static func ok(_ text: String = "done") -> TransportResponse { TransportResponse(status: 200, body: Data(text.utf8)) }

    // MARK: Repeats

    @Test("reads repeat retryable failures up to the policy; a bad URL and an oversized answer are not repeated")
    func readRepeats() async throws {
        let flaky = ScriptedTransport { _, number in
            if number < 3 { throw TransportError(.connectionLost) }
            return Self.ok()
        }
        #expect(try await Self.engine(flaky).run(Self.plan(.read)) == "done")
        #expect(flaky.requests.count == 3)

        for code in [TransportError.Code.badURL, .responseTooLarge] {
            let failing = ScriptedTransport { _, _ in throw TransportError(code) }
            await #expect(throws: TransportError.self) { try await Self.engine(failing).run(Self.plan(.read)) }
            #expect(failing.requests.count == 1, "\(code)")
        }
        let down = ScriptedTransport { _, _ in TransportResponse(status: 503) }
        let error = try await #require(throws: HTTPStatusError.self) { try await Self.engine(down).run(Self.plan(.read)) }
        #expect(error.status == 503)
        #expect(down.requests.count == 3)
    }

    @Test("a send is repeated only when nothing left; anything ambiguous is outcome-unknown with the injected clock")
    func sendRepeats() async throws {
        let refusedOnce = ScriptedTransport { _, number in
            if number == 1 { throw TransportError(.connectionRefused) }
            return Self.ok()
        }
        #expect(try await Self.engine(refusedOnce).run(Self.plan(Self.send)) == "done")
        #expect(refusedOnce.requests.count == 2)

        let badURL = ScriptedTransport { _, _ in throw TransportError(.badURL) }
        await #expect(throws: TransportError.self) { try await Self.engine(badURL).run(Self.plan(Self.send)) }
        #expect(badURL.requests.count == 1)

        let ambiguous: [(String, @Sendable (TransportRequest, Int) async throws -> TransportResponse)] = [
            ("timeout", { _, _ in throw TransportError(.timedOut) }),
            ("dropped", { _, _ in throw TransportError(.connectionLost) }),
            ("HTTP 500", { _, _ in TransportResponse(status: 500, body: Data("<html>IIS</html>".utf8)) }),
            ("HTTP 502", { _, _ in TransportResponse(status: 502) }),
            ("unreadable", { _, _ in Self.ok("garbage") }),
            ("cancelled in flight", { _, _ in throw CancellationError() }),
        ]
        for (name, answer) in ambiguous {
            let transport = ScriptedTransport(answer)
            let error = try await #require(throws: SendOutcomeUnknownError.self, "\(name)") { try await Self.engine(transport).run(Self.plan(Self.send)) }
            #expect(transport.requests.count == 1, "\(name): never repeated")
            #expect(error.startedAt == Self.fixedNow, "\(name)")
            #expect(error.recipients == ["+886912345678"])
            #expect(error.references == ["SB": "order-1"])
            #expect(error.advice == "look it up")
            #expect(!error.description.contains(Self.password))
        }
    }

    @Test("401, 403 and 429 are answered before the gateway acts: a send is not sent and not repeated")
    func refusedInFront() async throws {
        for status in [401, 403, 429] {
            let transport = ScriptedTransport { _, _ in TransportResponse(status: status, body: Data("no".utf8)) }
            let error = try await #require(throws: HTTPStatusError.self) { try await Self.engine(transport).run(Self.plan(Self.send)) }
            #expect(error.status == status)
            #expect(transport.requests.count == 1)
        }
    }

    @Test("a CDN's 403 page: RequestBlockedError in one line, no session renewal, no repeat of a send; reads retried")
    func cdnBlock() async throws {
        let page = TransportResponse(
            status: 403, headers: ["Content-Type": "text/html", "Server": "CloudFront"],
            body: Data("<HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY>\(String(repeating: "x", count: 5000)) Request blocked.</BODY></HTML>".utf8))
        let transport = ScriptedTransport { request, _ in
            request.url.path.hasSuffix("login") ? Self.ok("token-1") : page
        }
        let keeper = Self.keeper()
        let login: SessionKeeper.Login = { ("token-1", Self.fixedNow) }
        let error = try await #require(throws: RequestBlockedError.self) {
            try await Self.engine(transport).run(Self.plan(Self.send, credentials: .session(keeper, login: login)))
        }
        #expect(transport.requests.count == 1)
        #expect(error.title == "ERROR: The request could not be satisfied")
        #expect(error.server == "CloudFront")
        #expect(!error.description.contains("\n"))
        #expect(error.description.count < 400)
        #expect(error.description.contains("nothing was sent"))
        #expect(error.description.contains("egress IP"))
        #expect(keeper.heldSession?.value == "token-1", "the token is kept: a block page says nothing about it")

        let reads = ScriptedTransport { _, _ in page }
        await #expect(throws: RequestBlockedError.self) { try await Self.engine(reads).run(Self.plan(.read)) }
        #expect(reads.requests.count == 3)
        // A 403 that is not a page (the gateway's own) is a plain refusal.
        let plain = TransportResponse(status: 403, headers: ["Content-Type": "application/json"], body: Data(#"{"Result":false}"#.utf8))
        #expect(RequestBlockedError(response: plain) == nil)
    }

    @Test("gateway errors: refused surfaces at once; busy and failed repeat reads; failed makes a send's outcome unknown")
    func gatewayClasses() async throws {
        let refused = ScriptedTransport { _, _ in Self.ok("-27,no number for \(Self.password)") }
        let error = try await #require(throws: GatewayError.self) { try await Self.engine(refused).run(Self.plan(Self.send)) }
        #expect(error.code == -27)
        #expect(!error.message.contains(Self.password), "scrubbed of the client's secrets")
        #expect(refused.requests.count == 1)

        let busy = ScriptedTransport { _, number in number == 1 ? Self.ok("-97,busy") : Self.ok() }
        #expect(try await Self.engine(busy).run(Self.plan(.read, classify: { _ in .busy })) == "done")
        #expect(busy.requests.count == 2)
        let busySend = ScriptedTransport { _, _ in Self.ok("-97,busy") }
        await #expect(throws: GatewayError.self) { try await Self.engine(busySend).run(Self.plan(Self.send, classify: { _ in .busy })) }
        #expect(busySend.requests.count == 1)

        let fault = ScriptedTransport { _, _ in Self.ok("-500,server fault") }
        await #expect(throws: GatewayError.self) { try await Self.engine(fault).run(Self.plan(.read, classify: { _ in .failed })) }
        #expect(fault.requests.count == 3)
        let faultSend = ScriptedTransport { _, _ in Self.ok("-500,server fault") }
        await #expect(throws: SendOutcomeUnknownError.self) { try await Self.engine(faultSend).run(Self.plan(Self.send, classify: { _ in .failed })) }
        #expect(faultSend.requests.count == 1)
    }

    @Test("a cancelled task sends nothing")
    func cancelledBefore() async throws {
        let transport = ScriptedTransport { _, _ in Self.ok() }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await Self.engine(transport).run(Self.plan(Self.send))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(transport.requests.isEmpty)
    }

    // MARK: Sessions

    @Test("a rejected session is renewed once and the call repeated once; a second rejection surfaces; a fixed one is never renewed")
    func sessionRenewal() async throws {
        let logins = Counter()
        let login: SessionKeeper.Login = { ("token-\(logins.next())", Self.fixedNow) }
        let rejectFirst = ScriptedTransport { request, number in
            number == 1 ? TransportResponse(status: 401) : Self.ok(request.headers["Authorization"] ?? "")
        }
        let keeper = Self.keeper()
        #expect(try await Self.engine(rejectFirst).run(Self.plan(Self.send, credentials: .session(keeper, login: login))) == "Bearer token-2")
        #expect(rejectFirst.requests.map { $0.headers["Authorization"] } == ["Bearer token-1", "Bearer token-2"])

        let alwaysRejected = ScriptedTransport { _, _ in Self.ok("-301,gone") }
        await #expect(throws: GatewayError.self) {
            try await Self.engine(alwaysRejected).run(Self.plan(Self.send, credentials: .session(keeper, login: login), classify: { _ in .rejectedSession }))
        }
        #expect(alwaysRejected.requests.count == 2)

        let fixed = ScriptedTransport { _, _ in TransportResponse(status: 401) }
        let session = StoredSession(value: "fixed", issuedAt: Self.fixedNow, generation: 1)
        await #expect(throws: HTTPStatusError.self) { try await Self.engine(fixed).run(Self.plan(.once, credentials: .fixed(session))) }
        #expect(fixed.requests.count == 1)
    }

    @Test("a single-use credential: a new one for every attempt and every repeat, none presented twice, renewed once; a failed fetch sends nothing")
    func singleUseCredentials() async throws {
        let fetches = Counter()
        let keeper = Self.keeper()
        let use = CredentialUse.singleUse(keeper) { StoredSession(value: "one-use-\(fetches.next())", issuedAt: Self.fixedNow, generation: 0) }
        let rejecting: @Sendable (GatewayError) -> GatewayFailure = { $0.code == -502 ? .rejectedSession : .refused }
        func presented(_ transport: ScriptedTransport) -> [String?] { transport.requests.map { $0.headers["Authorization"] } }

        // A read repeated after a temporary failure carries a new credential.
        let flaky = ScriptedTransport { request, number in
            number == 1 ? TransportResponse(status: 503) : Self.ok(request.headers["Authorization"] ?? "")
        }
        #expect(try await Self.engine(flaky).run(Self.plan(.read, credentials: use)) == "Bearer one-use-2")
        #expect(presented(flaky) == ["Bearer one-use-1", "Bearer one-use-2"])

        // A send whose credential is rejected: a new one and one repeat; a second rejection surfaces.
        let rejectFirst = ScriptedTransport { request, number in
            number == 1 ? Self.ok("-502,token invalid") : Self.ok(request.headers["Authorization"] ?? "")
        }
        #expect(try await Self.engine(rejectFirst).run(Self.plan(Self.send, credentials: use, classify: rejecting)) == "Bearer one-use-4")
        #expect(presented(rejectFirst) == ["Bearer one-use-3", "Bearer one-use-4"])
        let alwaysRejected = ScriptedTransport { _, _ in Self.ok("-502,token invalid") }
        let second = try await #require(throws: GatewayError.self) {
            try await Self.engine(alwaysRejected).run(Self.plan(Self.send, credentials: use, classify: rejecting))
        }
        #expect(second.code == -502)
        #expect(presented(alwaysRejected) == ["Bearer one-use-5", "Bearer one-use-6"])

        // The fetch fails (the latch holds, the login is refused): nothing is sent, its error surfaces as it is.
        let untouched = ScriptedTransport { _, _ in Self.ok() }
        let refusal = LoginRefusal(gateway: "TEST", operation: "Login", code: -101, message: "wrong", refusedAt: Self.fixedNow)
        let failingFetch = CredentialUse.singleUse(keeper) { throw CredentialsRefusedError(refusal: refusal, operation: "Login") }
        await #expect(throws: CredentialsRefusedError.self) { try await Self.engine(untouched).run(Self.plan(Self.send, credentials: failingFetch)) }
        #expect(untouched.requests.isEmpty)
        #expect(fetches.next() == 7, "one fetch per attempt, six attempts")
    }

    @Test("a single-use call that meets a refusal of the account (a locked one) engages the keeper's latch")
    func singleUseLatch() async throws {
        let keeper = Self.keeper()
        let use = CredentialUse.singleUse(keeper) { StoredSession(value: "one-use", issuedAt: Self.fixedNow, generation: 0) }
        let locked = ScriptedTransport { _, _ in Self.ok("-509,locked") }
        let refusing: @Sendable (GatewayError) -> GatewayFailure = { .refusedLogin(code: $0.code, message: $0.message, accountLocked: true) }
        await #expect(throws: GatewayError.self) { try await Self.engine(locked).run(Self.plan(.read, credentials: use, classify: refusing)) }
        #expect(locked.requests.count == 1, "a refusal is not repeated")
        let refusal = try #require(try await keeper.loginRefusal())
        #expect(refusal.code == -509)
        #expect(refusal.accountLocked)
        await #expect(throws: CredentialsRefusedError.self) { try await keeper.checkLatch(operation: "Op") }
    }

    // MARK: The login latch

    @Test("refused credentials are remembered: later calls throw CredentialsRefusedError without sending; a reset tries once more")
    func latch() async throws {
        let transport = ScriptedTransport { _, _ in Self.ok("-101,wrong password \(Self.password)") }
        let keeper = Self.keeper()
        let refusing: @Sendable (GatewayError) -> GatewayFailure = { .refusedLogin(code: $0.code, message: $0.message, accountLocked: $0.code == -999) }
        let first = try await #require(throws: GatewayError.self) {
            try await Self.engine(transport).run(Self.plan(.read, credentials: .password(keeper), classify: refusing))
        }
        #expect(first.code == -101)
        #expect(transport.requests.count == 1, "a refusal is never repeated, whatever the read policy")
        for _ in 0..<5 {
            let latched = try await #require(throws: CredentialsRefusedError.self) {
                try await Self.engine(transport).run(Self.plan(Self.send, credentials: .password(keeper), classify: refusing))
            }
            #expect(latched.refusal.code == -101)
            #expect(latched.refusal.refusedAt == Self.fixedNow)
            #expect(latched.refusal.operation == "Op")
            #expect(!latched.description.contains(Self.password))
            #expect(latched.description.contains("nothing was sent"))
        }
        #expect(transport.requests.count == 1)
        try await keeper.resetLatch()
        await #expect(throws: GatewayError.self) {
            try await Self.engine(transport).run(Self.plan(.read, credentials: .password(keeper), classify: refusing))
        }
        #expect(transport.requests.count == 2)
    }

    @Test("the latch is per password: new credentials on the same store are tried; a store shared by clients shares the latch")
    func latchKeys() async throws {
        let store = InMemoryStateStore()
        let refusing: @Sendable (GatewayError) -> GatewayFailure = { .refusedLogin(code: $0.code, message: $0.message, accountLocked: false) }
        let transport = ScriptedTransport { request, _ in
            String(decoding: request.body, as: UTF8.self).contains("right") ? Self.ok() : Self.ok("-101,wrong")
        }
        let wrong = Self.keeper(store: store, password: "wrong")
        await #expect(throws: GatewayError.self) { try await Self.engine(transport).run(Self.plan(.read, credentials: .password(wrong), classify: refusing)) }
        // Another client (another process, with a shared store) with the same credentials: refused locally.
        let sameAccount = Self.keeper(store: store, password: "wrong")
        await #expect(throws: CredentialsRefusedError.self) {
            try await Self.engine(transport).run(Self.plan(.read, credentials: .password(sameAccount), classify: refusing))
        }
        #expect(transport.requests.count == 1)
        // The password changed in the configuration: tried at once.
        var plan = Self.plan(.read, credentials: .password(Self.keeper(store: store, password: "right")), classify: refusing)
        plan.core.request = { _ in TransportRequest(method: .post, url: Self.url, body: Data("PWD=right".utf8)) }
        #expect(try await Self.engine(transport).run(plan) == "done")
        #expect(transport.requests.count == 2)
    }

    @Test("a cool-down lets refused credentials be tried once more after it; a locked account (-999) waits for a reset")
    func coolDown() async throws {
        let clock = TestClock(Self.fixedNow)
        let refusing: @Sendable (GatewayError) -> GatewayFailure = { .refusedLogin(code: $0.code, message: $0.message, accountLocked: $0.code == -999) }
        for (answer, locked) in [("-101,wrong", false), ("-999,locked", true)] {
            let transport = ScriptedTransport { _, _ in Self.ok(answer) }
            let keeper = Self.keeper(latch: LoginLatchPolicy(coolDown: .seconds(600)), now: clock.now)
            let engine = Self.engine(transport, now: clock.now)
            await #expect(throws: GatewayError.self) { try await engine.run(Self.plan(.read, credentials: .password(keeper), classify: refusing)) }
            clock.advance(599)
            await #expect(throws: CredentialsRefusedError.self) { try await engine.run(Self.plan(.read, credentials: .password(keeper), classify: refusing)) }
            clock.advance(2)
            if locked {
                await #expect(throws: CredentialsRefusedError.self) { try await engine.run(Self.plan(.read, credentials: .password(keeper), classify: refusing)) }
                #expect(transport.requests.count == 1)
            } else {
                await #expect(throws: GatewayError.self) { try await engine.run(Self.plan(.read, credentials: .password(keeper), classify: refusing)) }
                #expect(transport.requests.count == 2)
            }
        }
    }

    @Test("50 concurrent calls with a wrong password: exactly one request reaches the gateway, all 50 learn the refusal")
    func concurrentWrongPassword() async throws {
        let transport = ScriptedTransport { _, _ in
            try await Task.sleep(for: .milliseconds(50))
            return Self.ok("-101,wrong password")
        }
        let keeper = Self.keeper()
        let engine = Self.engine(transport)
        let refusing: @Sendable (GatewayError) -> GatewayFailure = { .refusedLogin(code: $0.code, message: $0.message, accountLocked: false) }
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    do {
                        _ = try await engine.run(Self.plan(Self.send, credentials: .password(keeper), classify: refusing))
                        return "sent"
                    } catch let error as GatewayError {
                        return "gateway \(error.code)"
                    } catch let error as CredentialsRefusedError {
                        return "latched \(error.refusal.code)"
                    } catch {
                        return "other \(error)"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(transport.requests.count == 1)
        #expect(outcomes.filter { $0 == "gateway -101" }.count == 1)
        #expect(outcomes.filter { $0 == "latched -101" }.count == 49)
    }

    @Test("once the credentials were accepted, password calls run concurrently")
    func acceptedCredentialsRunConcurrently() async throws {
        let inFlight = Counter()
        let peak = Counter()
        let transport = ScriptedTransport { _, _ in
            let now = inFlight.next()
            peak.raise(to: now)
            try await Task.sleep(for: .milliseconds(30))
            inFlight.decrement()
            return Self.ok()
        }
        let keeper = Self.keeper()
        let engine = Self.engine(transport)
        _ = try await engine.run(Self.plan(.read, credentials: .password(keeper)))
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await engine.run(Self.plan(.read, credentials: .password(keeper))) } }
            for try await _ in group {}
        }
        #expect(transport.requests.count == 11)
        #expect(peak.value > 1)
    }

    // MARK: Logging and events

    @Test("a partial send logs a warning and is observed as partial; every call is observed start, attempts, finish")
    func partialAndEvents() async throws {
        let transport = ScriptedTransport { _, number in number == 1 ? TransportResponse(status: 503) : Self.ok("7,3,B1") }
        let events = Events()
        let records = Records()
        let facts: (String) -> CallFacts = { _ in CallFacts(batchID: "B1", sent: 7, unsent: 3, points: 7, credit: 0) }
        _ = try await Self.engine(transport, observer: events, logger: records.logger).run(Self.plan(.read, facts: facts))
        let phases = events.all.map { "\($0.phase.rawValue) \($0.outcome.map { "\($0)" } ?? "-")" }
        #expect(phases == ["started -", "attempted retrying", "attempted partial", "finished partial"])
        let finished = try #require(events.all.last)
        #expect(finished.attempt == 2)
        #expect(finished.batchID == "B1")
        #expect(finished.unsent == 3)
        #expect(finished.httpStatus == 200)
        let warning = try #require(records.all.first { $0.event == .warning })
        #expect(warning.body.contains("3 messages not sent (not enough credit)"))
        #expect(warning.body.contains("the other 7 were sent in batch B1"))
        #expect(records.all.allSatisfy { !$0.description.contains(Self.password) })

        let failing = ScriptedTransport { _, _ in throw TransportError(.timedOut) }
        let sendEvents = Events()
        _ = try? await Self.engine(failing, observer: sendEvents).run(Self.plan(Self.send))
        #expect(sendEvents.all.last?.outcome == .outcomeUnknown)
        #expect(sendEvents.all.first?.recipients == 1)
        #expect(sendEvents.all.allSatisfy { !$0.description.contains(Self.password) })
    }

    /// Records events with the task-local scope they were observed in, and wraps calls in a scope.
    final class Scoped: CallObserver, @unchecked Sendable {
        // @unchecked: `seen` is touched only with `lock` held.
        @TaskLocal static var scope: [String] = []
        let name: String
        private let lock = NSLock()
        private var seen: [String] = []
        init(_ name: String) { self.name = name }
        func observe(_ event: CallEvent) {
            lock.lock()
            seen.append("\(event.phase.rawValue) in \(Self.scope.joined(separator: "/"))")
            lock.unlock()
        }
        func withCall<Output>(_ event: CallEvent, _ call: () async throws -> Output) async throws -> Output {
            try await Self.$scope.withValue(Self.scope + ["\(name)#\(event.callID)"]) { try await call() }
        }
        var all: [String] {
            lock.lock()
            defer { lock.unlock() }
            return seen
        }
    }

    @Test("withCall wraps the whole call: its events and its requests run inside; a multiplexer nests observers in order")
    func withCallWrapsTheCall() async throws {
        let scopesAtSend = Locked<[String]>([])
        let transport = ScriptedTransport { _, number in
            scopesAtSend.withLock { $0.append(Scoped.scope.joined(separator: "/")) }
            return number == 1 ? TransportResponse(status: 503) : Self.ok()
        }
        let outer = Scoped("outer"), inner = Scoped("inner")
        let events = Events()
        let engine = CallEngine(gateway: "TEST", transport: transport, readRetryPolicy: Self.fast, unsentRetryPolicy: Self.fast,
                                logger: nil, observer: MultiplexCallObserver([outer, inner, events]), now: { Self.fixedNow })
        _ = try await engine.run(Self.plan(.read))
        let id = try #require(events.all.first?.callID)
        let scope = "outer#\(id)/inner#\(id)"
        #expect(scopesAtSend.value == [scope, scope])
        let expected = ["started", "attempted", "attempted", "finished"].map { "\($0) in \(scope)" }
        #expect(outer.all == expected)
        #expect(inner.all == expected)
        #expect(events.all.map(\.phase) == [.started, .attempted, .attempted, .finished])

        // A failing call still ends inside the scope, and its error reaches the caller unchanged.
        let failing = ScriptedTransport { _, _ in TransportResponse(status: 400) }
        let failingEngine = CallEngine(gateway: "TEST", transport: failing, readRetryPolicy: Self.fast, unsentRetryPolicy: Self.fast,
                                       logger: nil, observer: outer, now: { Self.fixedNow })
        await #expect(throws: HTTPStatusError.self) { try await failingEngine.run(Self.plan(.read)) }
        #expect(outer.all.last?.hasPrefix("finished in outer#") == true)
    }
}

/// A value shared between tasks.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `stored` is touched only with `lock` held.
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&stored)
    }
    var value: Value { withLock { $0 } }
}

/// A counter shared between tasks.
final class Counter: @unchecked Sendable {
    // @unchecked: `count` and `highest` are touched only with `lock` held.
    private let lock = NSLock()
    private var count = 0
    private var highest = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
    func decrement() {
        lock.lock()
        count -= 1
        lock.unlock()
    }
    func raise(to candidate: Int) {
        lock.lock()
        highest = max(highest, candidate)
        lock.unlock()
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return highest
    }
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    // @unchecked: `date` is touched only with `lock` held.
    private let lock = NSLock()
    private var date: Date
    init(_ date: Date) { self.date = date }
    var now: @Sendable () -> Date { { self.read() } }
    private func read() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return date
    }
    func advance(_ seconds: TimeInterval) {
        lock.lock()
        date = date.addingTimeInterval(seconds)
        lock.unlock()
    }
}
