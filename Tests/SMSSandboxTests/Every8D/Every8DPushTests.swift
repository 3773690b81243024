import Foundation
import Testing
import Every8D
import SMSSandbox

/// The EVERY8D sandbox pushing reports as EVERY8D calls a registered URL.
@Suite("Every8D sandbox push reports")
struct Every8DPushTests {
    /// Records the queries a target got and answers from a script (default 200).
    final class Endpoint: @unchecked Sendable {
        // @unchecked: `calls` and `script` are touched only with `lock` held.
        private let lock = NSLock()
        private var calls: [String] = []
        private var script: [Int]

        init(answers: [Int] = []) { script = answers }

        func answer(_ query: String) -> Int {
            lock.lock()
            defer { lock.unlock() }
            calls.append(query)
            return script.isEmpty ? 200 : script.removeFirst()
        }

        var queries: [String] {
            lock.lock()
            defer { lock.unlock() }
            return calls
        }

        var target: Every8DPushTarget {
            var target = Every8DPushTarget.handler { self.answer($0) }
            target.retryDelay = .zero
            return target
        }
    }

    static func reports(_ endpoint: Endpoint) throws -> [PushReport] {
        try endpoint.queries.map { try PushReport(query: $0) }
    }

    @Test("a report is called again until it gets 200; one that never gets it is given up after 10 calls")
    func retriesUntil200() async throws {
        let sandbox = E8D.sandbox()
        let endpoint = Endpoint(answers: [500, 503, 404, 200] + Array(repeating: 500, count: 12))
        await sandbox.state.setPushTarget(endpoint.target)
        _ = try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345670"])
        _ = try await E8D.sendSMS(sandbox, text: "hi again", to: ["0912345671"])
        await sandbox.state.deliverPushReports()

        let attempts = await sandbox.state.pushAttempts()
        #expect(attempts.map(\.attempt) == [1, 2, 3, 4] + Array(1...10))
        #expect(attempts.map(\.status) == [500, 503, 404, 200] + Array(repeating: 500, count: 10))
        #expect(Set(attempts.prefix(4).map(\.query)).count == 1, "the same report each time")
        #expect(try Self.reports(endpoint).map(\.mobile) == Array(repeating: "+886912345670", count: 4) + Array(repeating: "+886912345671", count: 10))
        // Nothing changed since: nothing more is sent.
        await sandbox.state.deliverPushReports()
        #expect(await sandbox.state.pushAttempts().count == 14)
    }

    @Test("the documented query, + for a space and %2B for a plus, every status a message takes")
    func queryAndStatusChanges() async throws {
        let sandbox = E8D.sandbox(state: .init(carrierDelay: .seconds(60)))
        let endpoint = Endpoint()
        await sandbox.state.setPushTarget(endpoint.target)
        let fields = E8D.auth + [FormField("SB", "月結 a+b"), FormField("MSG", "hi"), FormField("DEST", "0912345676")]
        let batch = E8D.fields(E8D.text(try await sandbox.send(E8D.form("SendSMS.ashx", fields))))[4]
        await sandbox.state.deliverPushReports()
        await sandbox.clock.advance(by: .seconds(60))
        await sandbox.state.deliverPushReports()

        let queries = endpoint.queries
        #expect(queries.count == 2)
        #expect(queries[0] == "BatchID=\(batch)&RM=%2B886912345676&RT=20250301090000&STATUS=0&SM=&ST=20250301090000&MR=1"
                + "&SUBJECT=%E6%9C%88%E7%B5%90+a%2Bb&NAME=&SOURCE=&CHARGE=1.00&TYPE=SMS&MSGID=&USERID=sandbox")
        let reports = try Self.reports(endpoint)
        #expect(reports.map(\.status) == [.sentToCarrier, .handsetUnreachable])
        #expect(reports[1].reportedAt == TaiwanTime.parse("2025-03-01 09:01:00"))
        #expect(reports[1].sentAt == TaiwanTime.parse("2025-03-01 09:00:00"))
        #expect(reports[1].subject == "月結 a+b")
        #expect(reports[1].charge == 1)
        #expect(reports[1].messageType == "SMS")
        #expect(reports[1].userID == "sandbox")
    }

    @Test("replies are pushed as STATUS 999 with the text in SM; setStatus and a cancelled booking are pushed")
    func repliesAndSteering() async throws {
        let sandbox = E8D.sandbox()
        let endpoint = Endpoint()
        await sandbox.state.setPushTarget(endpoint.target)
        let batch = E8D.fields(try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345679", "0912345670"]))[4]
        #expect(await sandbox.state.addReply(batchID: batch, mobile: "0912345670", text: "好 1+1"))
        #expect(await sandbox.state.setStatus(104, batchID: batch, mobile: "0912345670"))
        await sandbox.state.deliverPushReports()
        let booked = E8D.fields(try await E8D.sendSMS(sandbox, text: "later", to: ["0912345671"], extra: [FormField("ST", "20250302090000")]))[4]
        _ = try await sandbox.send(E8D.form("EraseBooking.ashx", E8D.auth + [FormField("BID", booked)]))
        await sandbox.state.deliverPushReports()

        let reports = try Self.reports(endpoint)
        let summary = reports.map { "\($0.mobile ?? "") \($0.status.rawValue) \($0.text ?? "-")" }
        #expect(summary == [
            "+886912345679 100 -", "+886912345679 999 \(Every8DScenario.replyText)", "+886912345670 100 -",
            "+886912345670 999 好 1+1", "+886912345670 104 -", "+886912345671 300 -", "+886912345671 303 -",
        ])
        #expect(endpoint.queries[3].contains("&SM=%E5%A5%BD+1%2B1&"))
        #expect(reports[5].batchID == booked)
    }

    @Test("end to end: a client sends through the sandbox, a PushReportReceiver gets each report once despite a failing first try")
    func clientToReceiver() async throws {
        let sandbox = E8D.sandbox()
        let handled = Locked<[PushReport]>([])
        let failures = Locked(1)
        let receiver = PushReportReceiver { report in
            let fail = failures.withLock { left in
                defer { left -= 1 }
                return left > 0
            }
            if fail { throw CancellationError() }
            handled.withLock { $0.append(report) }
        }
        var target = Every8DPushTarget.handler { await receiver.receive(query: $0).status }
        target.retryDelay = .zero
        await sandbox.state.setPushTarget(target)

        let client = Every8DClient(credentials: .init(userID: "sandbox", password: "sandbox-password"),
                                   configuration: .init(siteURL: Every8DSandbox.demoSiteURL), transport: sandbox)
        let receipt = try await client.sendSMS(to: ["0912345679", "0912345676"], text: "您好")
        await sandbox.state.deliverPushReports()

        let reports = handled.withLock { $0 }
        #expect(reports.map(\.status) == [.delivered, .reply, .handsetUnreachable])
        #expect(reports.allSatisfy { $0.batchID == receipt.batchID })
        #expect(await sandbox.state.pushAttempts().map(\.status) == [500, 200, 200, 200])
    }

    @Test("a URL target: a GET to the URL with its own query kept, the report's appended")
    func urlTarget() async throws {
        let sandbox = E8D.sandbox()
        let recorder = RecordingGet(status: 200)
        await sandbox.state.setPushTarget(.url(URL(string: "http://127.0.0.1:9/every8d/report?secret=s3cr3t")!, transport: recorder))
        let batch = E8D.fields(try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345670"]))[4]
        await sandbox.state.deliverPushReports()

        let request = try #require(recorder.requests.first)
        #expect(recorder.requests.count == 1)
        #expect(request.method == .get)
        #expect(request.body.isEmpty)
        #expect(request.url.absoluteString.hasPrefix("http://127.0.0.1:9/every8d/report?secret=s3cr3t&BatchID=\(batch)&RM=%2B886912345670&"))
    }

    @Test("no target: nothing is pushed, and delivering returns at once")
    func noTarget() async throws {
        let sandbox = E8D.sandbox()
        _ = try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345670"])
        await sandbox.state.deliverPushReports()
        #expect(await sandbox.state.pushAttempts().isEmpty)
    }
}

/// A transport that records GETs and answers with one status.
final class RecordingGet: HTTPTransport, @unchecked Sendable {
    // @unchecked: `sent` is touched only with `lock` held.
    private let lock = NSLock()
    private var sent: [TransportRequest] = []
    let status: Int

    init(status: Int) { self.status = status }

    var requests: [TransportRequest] {
        lock.lock()
        defer { lock.unlock() }
        return sent
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        lock.withLock { sent.append(request) }
        return TransportResponse(status: status)
    }
}

/// A value shared between tasks.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is touched only with `lock` held.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
