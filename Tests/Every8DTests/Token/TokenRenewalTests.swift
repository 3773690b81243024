import Foundation
import Testing
@testable import Every8D

@Suite("Every8DClient rejected tokens")
struct TokenRenewalTests {
    /// A transport whose first `rejections` authenticated calls are refused with `rejection`.
    static func transport(rejections: Int, rejection: TransportResponse, answer: String) -> RecordingTransport {
        let counter = Collector<Int>()
        return RecordingTransport { request, _ in
            if request.url.path.hasSuffix("ConnectionHandler.ashx") {
                counter.append(0)
                return .token("token\(counter.values.filter { $0 == 0 }.count)")
            }
            counter.append(1)
            if counter.values.filter({ $0 == 1 }).count <= rejections { return rejection }
            return answer.hasPrefix("{") ? .json(answer) : .ok(answer)
        }
    }

    static let rejections: [(String, TransportResponse)] = [
        ("HTTP 401", TransportResponse(status: 401, body: Data("Unauthorized".utf8))),
        ("HTTP 403", TransportResponse(status: 403, body: Data("Forbidden".utf8))),
        ("-301 as text", .ok("-301,Session 資料不存在，請重新登入。")),
        ("-301 as JSON", .json(#"{"Result":false,"Status":"-301","Msg":"token expired"}"#)),
    ]

    @Test("a rejected token is renewed once and the send repeated once", arguments: 0..<4)
    func renewedOnce(_ index: Int) async throws {
        let (_, rejection) = Self.rejections[index]
        let transport = Self.transport(rejections: 1, rejection: rejection, answer: "100.00,1,1,0,\(Fixture.batchID)")
        let client = Fixture.tokenClient(transport)

        let receipt = try await client.sendSMS(to: ["0912345678"], text: "x")

        #expect(receipt.batchID == Fixture.batchID)
        let sends = transport.requests(to: "SendSMS.ashx")
        #expect(sends.count == 2)
        #expect(sends.map { $0.headers["Authorization"] } == ["Bearer token1", "Bearer token2"])
        #expect(transport.requests(to: "ConnectionHandler.ashx").count == 2)
    }

    @Test("a second rejection surfaces as an error: no loop", arguments: 0..<4)
    func secondRejectionSurfaces(_ index: Int) async throws {
        let (_, rejection) = Self.rejections[index]
        let transport = Self.transport(rejections: 10, rejection: rejection, answer: "100.00,1,1,0,\(Fixture.batchID)")
        let client = Fixture.tokenClient(transport)

        await #expect(throws: (any Error).self) { try await client.sendSMS(to: ["0912345678"], text: "x") }

        #expect(transport.requests(to: "SendSMS.ashx").count == 2)
        #expect(transport.requests(to: "ConnectionHandler.ashx").count == 2)
    }

    @Test("the second rejection's error is the gateway's own")
    func secondRejectionType() async throws {
        let transport = Self.transport(rejections: 10, rejection: .ok("-301,Session 資料不存在"), answer: "1000.00")
        let client = Fixture.tokenClient(transport)
        let error = try await #require(throws: Every8DError.self) { try await client.sendSMS(to: ["0912345678"], text: "x") }
        #expect(error.code == .sessionExpired)

        let http = Self.transport(rejections: 10, rejection: TransportResponse(status: 401), answer: "1000.00")
        let statusError = try await #require(throws: HTTPStatusError.self) {
            try await Fixture.tokenClient(http).sendSMS(to: ["0912345678"], text: "x")
        }
        #expect(statusError.status == 401)
    }

    @Test("reads renew a rejected token too")
    func readsRenew() async throws {
        let transport = Self.transport(rejections: 1, rejection: .ok("-301,expired"), answer: "1000.00")
        let client = Fixture.tokenClient(transport)
        #expect(try await client.credit() == 1000)
        #expect(transport.requests(to: "GetCredit.ashx").count == 2)
    }

    @Test("many callers rejected together cause one new fetch")
    func concurrentRejections() async throws {
        let counter = Collector<String>()
        let transport = RecordingTransport { request, _ in
            if request.url.path.hasSuffix("ConnectionHandler.ashx") {
                counter.append("fetch")
                try await Task.sleep(for: .milliseconds(30))
                return .token("token\(counter.values.count)")
            }
            // token1 is rejected, any later token accepted.
            return request.headers["Authorization"] == "Bearer token1" ? .ok("-301,expired") : .ok("1000.00")
        }
        let client = Fixture.tokenClient(transport)
        try await client.connect()
        try await withThrowingTaskGroup(of: Decimal.self) { group in
            for _ in 0..<10 { group.addTask { try await client.credit() } }
            for try await credit in group { #expect(credit == 1000) }
        }
        #expect(counter.values.count == 2)
    }

    @Test("password mode does not treat -301 as a token problem")
    func passwordModeNoRenewal() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("-301,expired")), .success(.ok("1000.00"))])
        let client = Fixture.passwordClient(transport)
        let error = try await #require(throws: Every8DError.self) { try await client.credit() }
        #expect(error.code == .sessionExpired)
        #expect(transport.requests.count == 1)
    }
}
