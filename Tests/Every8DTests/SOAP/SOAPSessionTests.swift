import Foundation
import Testing
@testable import Every8D

@Suite("Every8DSOAPClient session key")
struct SOAPSessionTests {
    static let expired = "-301,Session 資料不存在，請重新登入。"

    /// A transport whose `getConnection` hands out key1, key2, … and whose first `rejections`
    /// calls of other methods answer `-301`.
    static func transport(rejections: Int, answer: String) -> RecordingTransport {
        let log = Collector<String>()
        return RecordingTransport { request, _ in
            let method = SOAPFixture.method(of: request)
            log.append(method)
            if method == "getConnection" {
                let issued = log.values.filter { $0 == "getConnection" }.count
                return SOAPFixture.answer(method, SOAPFixture.connection(key: "key\(issued)"))
            }
            let calls = log.values.filter { $0 != "getConnection" }.count
            return SOAPFixture.answer(method, calls <= rejections ? expired : answer)
        }
    }

    static func sessionKeys(_ transport: RecordingTransport, method: String) throws -> [String] {
        try transport.requests.filter { SOAPFixture.method(of: $0) == method }.map { try SOAPFixture.parameters(of: $0)["sessionKey"] ?? "" }
    }

    @Test("-301 on a send: one new getConnection, one repeat with the new key")
    func reconnectOnSend() async throws {
        let transport = Self.transport(rejections: 1, answer: SOAPFixture.receipt)
        let receipt = try await SOAPFixture.client(transport).sendSMS(to: ["0912345678"], text: "x")
        #expect(receipt.batchID == SOAPFixture.receiptBatch)
        #expect(try Self.sessionKeys(transport, method: "sendSMS") == ["key1", "key2"])
        #expect(transport.requests.map(SOAPFixture.method) == ["getConnection", "sendSMS", "getConnection", "sendSMS"])
    }

    @Test("-301 on reads, delivery logs and cancellations renews too")
    func reconnectOnOthers() async throws {
        let credit = Self.transport(rejections: 1, answer: "100.00")
        #expect(try await SOAPFixture.client(credit).credit() == 100)
        #expect(try Self.sessionKeys(credit, method: "getCredit") == ["key1", "key2"])

        let status = Self.transport(rejections: 1, answer: "")
        #expect(try await SOAPFixture.client(status).deliveryReportPage(batch: "b").reports.isEmpty)
        #expect(try Self.sessionKeys(status, method: "getDeliveryStatus") == ["key1", "key2"])

        let logError = RecordingTransport { request, _ in
            let method = SOAPFixture.method(of: request)
            if method == "getConnection" { return SOAPFixture.answer(method, SOAPFixture.connection()) }
            return SOAPFixture.answer(method, "<SMS_LOG><CODE>-301</CODE><DESCRIPTION>Session 資料不存在</DESCRIPTION></SMS_LOG>")
        }
        let error = try await #require(throws: Every8DError.self) { try await SOAPFixture.client(logError).deliveryReportPage(batch: "b") }
        #expect(error.code == .sessionExpired)
        #expect(logError.requests.filter { SOAPFixture.method(of: $0) == "getConnection" }.count == 2)

        let cancel = Self.transport(rejections: 1, answer: "1,1.00")
        #expect(try await SOAPFixture.client(cancel).cancelBooking(batch: "b") == CancelResult(cancelled: 1, refundedPoints: 1))
        #expect(try Self.sessionKeys(cancel, method: "eraseBooking") == ["key1", "key2"])
    }

    @Test("a second -301 surfaces: no loop")
    func secondRejectionSurfaces() async throws {
        let transport = Self.transport(rejections: 10, answer: SOAPFixture.receipt)
        let error = try await #require(throws: Every8DError.self) { try await SOAPFixture.client(transport).sendSMS(to: ["0912345678"], text: "x") }
        #expect(error.code == .sessionExpired)
        #expect(error.operation == .soapSendSMS)
        #expect(transport.requests.map(SOAPFixture.method) == ["getConnection", "sendSMS", "getConnection", "sendSMS"])
    }

    @Test("-999, -100 and -101 from getConnection are never repeated, whatever the read policy, and later calls are refused locally", arguments: [-999, -100, -101])
    func loginFailuresNotRetried(_ code: Int) async throws {
        let transport = RecordingTransport { request, _ in
            SOAPFixture.answer("getConnection", SOAPFixture.connection(code: code, key: "", description: "失敗"))
        }
        let configuration = SOAPFixture.configuration(readRetryPolicy: .exponential(maxAttempts: 10, initialDelay: .zero, maxDelay: .zero, jitter: false))
        let client = Every8DSOAPClient(credentials: Fixture.credentials, configuration: configuration, transport: transport)
        let error = try await #require(throws: Every8DError.self) { try await client.credit() }
        #expect(error.code.rawValue == code)
        #expect(error.operation == .soapGetConnection)
        #expect(transport.requests.count == 1)
        // A later call is refused locally (the login latch): nothing reaches the gateway.
        let latched = try await #require(throws: CredentialsRefusedError.self) { try await client.sendSMS(to: ["0912345678"], text: "x") }
        #expect(latched.refusal.code == code)
        #expect(latched.refusal.accountLocked == (code == -999))
        #expect(latched.operation == "SOAP.sendSMS")
        #expect(transport.requests.count == 1)
        #expect(transport.requests.allSatisfy { SOAPFixture.method(of: $0) == "getConnection" })
    }

    @Test("-999 after a -301: the reconnect fails and nothing is repeated")
    func lockedOnReconnect() async throws {
        let log = Collector<String>()
        let transport = RecordingTransport { request, _ in
            let method = SOAPFixture.method(of: request)
            log.append(method)
            if method == "getConnection" {
                let first = log.values.filter { $0 == "getConnection" }.count == 1
                return SOAPFixture.answer(method, first ? SOAPFixture.connection() : SOAPFixture.connection(code: -999, key: "", description: "帳號已封鎖"))
            }
            return SOAPFixture.answer(method, Self.expired)
        }
        let error = try await #require(throws: Every8DError.self) { try await SOAPFixture.client(transport).sendSMS(to: ["0912345678"], text: "x") }
        #expect(error.code == .accountLocked)
        #expect(log.values == ["getConnection", "sendSMS", "getConnection"])
    }

    @Test("-97 (busy) from getConnection is repeated per the read policy")
    func busyRetried() async throws {
        let transport = RecordingTransport { request, number in
            let method = SOAPFixture.method(of: request)
            if method == "getConnection" {
                return SOAPFixture.answer(method, number < 3 ? SOAPFixture.connection(code: -97, key: "", description: "系統忙碌中") : SOAPFixture.connection())
            }
            return SOAPFixture.answer(method, "5.00")
        }
        #expect(try await SOAPFixture.client(transport).credit() == 5)
        #expect(transport.requests.map(SOAPFixture.method) == ["getConnection", "getConnection", "getConnection", "getCredit"])

        let alwaysBusy = RecordingTransport { _, _ in SOAPFixture.answer("getConnection", SOAPFixture.connection(code: -97, key: "", description: "忙碌")) }
        let error = try await #require(throws: Every8DError.self) { try await SOAPFixture.client(alwaysBusy).connect() }
        #expect(error.code == .systemBusy)
        #expect(alwaysBusy.requests.count == 3)
    }

    @Test("many concurrent callers share one getConnection")
    func concurrentCallers() async throws {
        let gate = Gate()
        let transport = RecordingTransport { request, _ in
            let method = SOAPFixture.method(of: request)
            if method == "getConnection" {
                try await gate.wait()
                return SOAPFixture.answer(method, SOAPFixture.connection())
            }
            return SOAPFixture.answer(method, "1000.00")
        }
        let client = SOAPFixture.client(transport)
        try await withThrowingTaskGroup(of: Decimal.self) { group in
            for _ in 0..<20 { group.addTask { try await client.credit() } }
            try await eventually { await client.keeper.waitingCallers == 20 }
            gate.open()
            for try await credit in group { #expect(credit == 1000) }
        }
        #expect(transport.requests.filter { SOAPFixture.method(of: $0) == "getConnection" }.count == 1)
        #expect(try Self.sessionKeys(transport, method: "getCredit") == Array(repeating: SOAPFixture.sessionKey, count: 20))
    }

    @Test("many callers rejected together cause one new getConnection")
    func concurrentRejections() async throws {
        let log = Collector<String>()
        let transport = RecordingTransport { request, _ in
            let method = SOAPFixture.method(of: request)
            if method == "getConnection" {
                log.append("connect")
                return SOAPFixture.answer(method, SOAPFixture.connection(key: log.values.count == 1 ? "old" : "new"))
            }
            let key = try SOAPFixture.parameters(of: request)["sessionKey"]
            return SOAPFixture.answer(method, key == "old" ? Self.expired : "7.00")
        }
        let client = SOAPFixture.client(transport)
        try await client.connect()
        try await withThrowingTaskGroup(of: Decimal.self) { group in
            for _ in 0..<10 { group.addTask { try await client.credit() } }
            for try await credit in group { #expect(credit == 7) }
        }
        #expect(log.values.count == 2)
    }

    @Test("a key from an earlier Taiwan day is replaced before use")
    func newDay() async throws {
        // 2024-01-15 23:59:00 Taiwan time, then one minute later.
        let clock = ManualClock(TaiwanTime.makeDate(year: 2024, month: 1, day: 15, hour: 23, minute: 59, second: 0)!)
        let transport = Self.transport(rejections: 0, answer: "1.00")
        let client = Every8DSOAPClient(credentials: Fixture.credentials,
                                       configuration: SOAPFixture.configuration(now: { clock.now }), transport: transport)
        _ = try await client.credit()
        clock.advance(by: 30)
        _ = try await client.credit()
        clock.advance(by: 60)
        _ = try await client.credit()
        #expect(try Self.sessionKeys(transport, method: "getCredit") == ["key1", "key1", "key2"])
    }

    @Test("connect stores the key; disconnect closes it once and forgets it")
    func connectAndDisconnect() async throws {
        let transport = Self.transport(rejections: 0, answer: "1")
        let client = SOAPFixture.client(transport)
        #expect(try await client.disconnect() == false)
        #expect(transport.requests.isEmpty)  // nothing to close, nothing sent

        let key = try await client.connect()
        #expect(key.value == "key1")
        #expect(!key.description.contains("key1"))
        #expect(client.keeper.heldSession?.value == key.value)
        #expect(try await client.disconnect())
        #expect(client.keeper.heldSession == nil)
        #expect(try Self.sessionKeys(transport, method: "closeConnection") == ["key1"])
        #expect(try await client.disconnect() == false)
        #expect(transport.requests.count == 2)
    }

    @Test("disconnect: -1 and -301 mean nothing to close; the key is forgotten; errors keep it")
    func disconnectAnswers() async throws {
        for (answer, closed) in [("-1", false), (Self.expired, false)] {
            let transport = Self.transport(rejections: 0, answer: answer)
            let client = SOAPFixture.client(transport)
            try await client.connect()
            #expect(try await client.disconnect() == closed)
            #expect(client.keeper.heldSession == nil)
            // A fixed key is never renewed: one getConnection, one closeConnection.
            #expect(transport.requests.map(SOAPFixture.method) == ["getConnection", "closeConnection"])
        }
        let failing = RecordingTransport { request, _ in
            let method = SOAPFixture.method(of: request)
            if method == "getConnection" { return SOAPFixture.answer(method, SOAPFixture.connection()) }
            throw TransportError(.timedOut)
        }
        let client = SOAPFixture.client(failing)
        try await client.connect()
        await #expect(throws: TransportError.self) { try await client.disconnect() }
        #expect(client.keeper.heldSession != nil)
    }

    @Test("copies of a client share the session key")
    func copiesShare() async throws {
        let transport = Self.transport(rejections: 0, answer: "1.00")
        let client = SOAPFixture.client(transport)
        let copy = client
        _ = try await client.credit()
        _ = try await copy.credit()
        #expect(transport.requests.filter { SOAPFixture.method(of: $0) == "getConnection" }.count == 1)
    }
}
