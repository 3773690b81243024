import Foundation
import Testing
@testable import Every8D

@Suite("Every8DClient tokens")
struct TokenTests {
    @Test("fetchToken posts VerifyType 1 and the token's description hides it")
    func connect() async throws {
        let transport = RecordingTransport(responses: [.success(.token(Fixture.token))])
        let client = Fixture.tokenClient(transport)

        let token = try await client.connect()

        #expect(token.value == Fixture.token)
        #expect(token.issuedAt == Fixture.now)
        #expect(!token.description.contains(Fixture.token))
        #expect(!String(reflecting: token).contains(Fixture.token))
        var dumped = ""
        dump(token, to: &dumped)
        #expect(!dumped.contains(Fixture.token))
        #expect(transport.requests.count == 1)
        #expect(transport.requests[0].bodyText == #"{"HandlerType":3,"VerifyType":1,"UID":"Test1234","PWD":"S3cr3t+P@ss&=word"}"#)
    }

    @Test("a refused login is an Every8DError with the gateway's Status")
    func fetchTokenRefused() async throws {
        let transport = RecordingTransport(responses: [.success(.json(#"{"Result":false,"Status":"-101","Msg":"密碼錯誤"}"#))])
        let client = Fixture.tokenClient(transport)

        let error = try await #require(throws: Every8DError.self) { try await client.connect() }
        #expect(error.code == .wrongPassword)
        #expect(error.message == "密碼錯誤")
        #expect(error.operation == .getToken)
    }

    @Test("checkToken posts VerifyType 2 with the Bearer header")
    func checkConnection() async throws {
        let transport = RecordingTransport { request, _ in
            request.url.path.hasSuffix("ConnectionHandler.ashx") && request.bodyText.contains("\"VerifyType\":1")
                ? .token(Fixture.token) : .json(#"{ "Result": true }"#)
        }
        let client = Fixture.tokenClient(transport)
        #expect(try await client.checkConnection() == false)  // no token yet: nothing sent
        #expect(transport.requests.isEmpty)

        try await client.connect()
        #expect(try await client.checkConnection() == true)

        let check = transport.requests[1]
        #expect(check.url.absoluteString == "https://new.e8d.tw/API21/HTTP/ConnectionHandler.ashx")
        #expect(check.headers.fields == [
            .init(name: "Content-Type", value: "application/json; charset=utf-8"),
            .init(name: "Authorization", value: "Bearer \(Fixture.token)"),
        ])
        #expect(check.bodyText == #"{"HandlerType":3,"VerifyType":2}"#)
    }

    @Test("a dead token reported by checkToken is dropped and the next call fetches a new one")
    func checkTokenDead() async throws {
        let transport = RecordingTransport { request, _ in
            if request.bodyText.contains("\"VerifyType\":1") { return .token("T\(request.bodyText.count)") }
            if request.bodyText.contains("\"VerifyType\":2") { return .json(#"{"Result":false,"Status":"-99","Msg":"發生例外錯誤"}"#) }
            return .ok("1000.00")
        }
        let client = Fixture.tokenClient(transport)
        try await client.connect()

        #expect(try await client.checkConnection() == false)
        _ = try await client.credit()

        #expect(transport.requests.filter { $0.bodyText.contains("\"VerifyType\":1") }.count == 2)
    }

    @Test("closeToken posts VerifyType 3, only when asked, and forgets the token")
    func disconnect() async throws {
        let transport = RecordingTransport { request, _ in
            if request.bodyText.contains("\"VerifyType\":1") { return .token(Fixture.token) }
            if request.bodyText.contains("\"VerifyType\":3") { return .json(#"{"Result":true}"#) }
            return .ok("1000.00")
        }
        let client = Fixture.tokenClient(transport)
        _ = try await client.credit()
        _ = try await client.credit()
        #expect(transport.requests.count == 3)
        #expect(!transport.requests.contains { $0.bodyText.contains("\"VerifyType\":3") })

        try await client.disconnect()

        let close = transport.requests[3]
        #expect(close.bodyText == #"{"HandlerType":3,"VerifyType":3}"#)
        #expect(close.headers["Authorization"] == "Bearer \(Fixture.token)")

        // Closed means forgotten: the next call fetches anew; a second close sends nothing.
        try await client.disconnect()
        #expect(transport.requests.count == 4)
        _ = try await client.credit()
        #expect(transport.requests.filter { $0.bodyText.contains("\"VerifyType\":1") }.count == 2)
    }

    @Test("closeToken surfaces a refusal and keeps the token")
    func closeTokenRefused() async throws {
        let transport = RecordingTransport { request, _ in
            if request.bodyText.contains("\"VerifyType\":1") { return .token(Fixture.token) }
            if request.bodyText.contains("\"VerifyType\":3") { return .json(#"{"Result":false,"Status":"-99","Msg":"發生例外錯誤"}"#) }
            return .ok("1000.00")
        }
        let client = Fixture.tokenClient(transport)
        try await client.connect()

        let error = try await #require(throws: Every8DError.self) { try await client.disconnect() }
        #expect(error.code == .unknownError)
        #expect(error.operation == .closeToken)
        _ = try await client.credit()
        #expect(transport.requests.filter { $0.bodyText.contains("\"VerifyType\":1") }.count == 1)
    }

    @Test("20 concurrent callers share one token fetch")
    func singleFlight() async throws {
        let transport = RecordingTransport { request, _ in
            if request.url.path.hasSuffix("ConnectionHandler.ashx") {
                // Slow enough that the other callers arrive while it runs.
                try await Task.sleep(for: .milliseconds(50))
                return .token(Fixture.token)
            }
            return .ok("1000.00")
        }
        let client = Fixture.tokenClient(transport)

        let credits = try await withThrowingTaskGroup(of: Decimal.self) { group in
            for _ in 0..<20 { group.addTask { try await client.credit() } }
            return try await group.reduce(into: [Decimal]()) { $0.append($1) }
        }

        #expect(credits.count == 20)
        #expect(transport.requests(to: "ConnectionHandler.ashx").count == 1)
        #expect(transport.requests(to: "GetCredit.ashx").count == 20)
        #expect(transport.requests(to: "GetCredit.ashx").allSatisfy { $0.headers["Authorization"] == "Bearer \(Fixture.token)" })
    }

    @Test("copies of a client share the token")
    func copiesShare() async throws {
        let transport = Fixture.tokenTransport(answer: "1000.00")
        let client = Fixture.tokenClient(transport)
        let copy = client
        _ = try await client.credit()
        _ = try await copy.credit()
        #expect(transport.requests(to: "ConnectionHandler.ashx").count == 1)
    }

    @Test("a failed token fetch reaches every waiting caller, and the next call tries again")
    func failedFetch() async throws {
        let gate = Gate()
        let transport = RecordingTransport { request, number in
            if request.url.path.hasSuffix("ConnectionHandler.ashx") {
                try await gate.wait()
                return number == 1 ? .json(#"{"Result":false,"Status":"-99","Msg":"unknown"}"#) : .token(Fixture.token)
            }
            return .ok("1000.00")
        }
        let client = Fixture.tokenClient(transport)
        let callers = (0..<5).map { _ in Task { (try? await client.credit()) != nil } }
        try await eventually { await client.keeper.waitingCallers == 5 }
        gate.open()
        var results: [Bool] = []
        for caller in callers { results.append(await caller.value) }

        #expect(results == [false, false, false, false, false])
        #expect(transport.requests(to: "ConnectionHandler.ashx").count == 1)
        #expect(try await client.credit() == 1000)
        #expect(transport.requests(to: "ConnectionHandler.ashx").count == 2)
    }

    @Test("the token is renewed after its lifetime, by the configured clock")
    func renewalAfterAge() async throws {
        let clock = ManualClock(Fixture.now)
        let counter = Collector<Int>()
        let transport = RecordingTransport { request, _ in
            if request.url.path.hasSuffix("ConnectionHandler.ashx") {
                counter.append(1)
                return .token("token\(counter.values.count)")
            }
            return .ok("1000.00")
        }
        var configuration = Fixture.configuration(now: { clock.now })
        configuration.tokenLifetime = .seconds(8 * 3600)
        let client = Every8DClient(credentials: Fixture.credentials, configuration: configuration, transport: transport)

        _ = try await client.credit()
        clock.advance(by: 8 * 3600 - 1)
        _ = try await client.credit()
        #expect(transport.requests(to: "GetCredit.ashx").map { $0.headers["Authorization"] } == ["Bearer token1", "Bearer token1"])

        clock.advance(by: 1)
        _ = try await client.credit()
        #expect(transport.requests(to: "ConnectionHandler.ashx").count == 2)
        #expect(transport.requests(to: "GetCredit.ashx").last?.headers["Authorization"] == "Bearer token2")
        // Renewal never closes the old token.
        #expect(!transport.requests.contains { $0.bodyText.contains("\"VerifyType\":3") })
    }

    @Test("password mode makes no token calls")
    func passwordModeNoToken() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("1000.00"))])
        let client = Fixture.passwordClient(transport)
        #expect(try await client.credit() == 1000)
        #expect(transport.requests.count == 1)
        #expect(transport.requests[0].bodyText == "UID=Test1234&PWD=S3cr3t%2BP%40ss%26%3Dword")
        #expect(transport.requests[0].headers["Authorization"] == nil)
    }

    @Test("a cancelled caller stops waiting for a token fetch that is still running")
    func cancelledWaiter() async throws {
        let gate = Gate()
        let transport = RecordingTransport { request, _ in
            if request.url.path.hasSuffix("ConnectionHandler.ashx") {
                try await gate.wait()
                return .token(Fixture.token)
            }
            return .ok("1000.00")
        }
        let client = Fixture.tokenClient(transport)
        let first = Task { try await client.credit() }
        let second = Task { try await client.credit() }
        try await eventually { await client.keeper.waitingCallers == 2 }
        second.cancel()
        await #expect(throws: CancellationError.self) { try await second.value }
        #expect(await client.keeper.waitingCallers == 1)
        gate.open()
        #expect(try await first.value == 1000)
        #expect(transport.requests(to: "ConnectionHandler.ashx").count == 1)
        #expect(transport.requests(to: "GetCredit.ashx").count == 1)
    }
}
