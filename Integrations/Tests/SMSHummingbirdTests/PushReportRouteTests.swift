import Every8D
import Foundation
import Hummingbird
import HummingbirdTesting
import SMSHummingbird
import SMSSandbox
import Testing

@Suite("Hummingbird push-report route")
struct PushReportRouteTests {
    static let delivered = "BatchID=b-1&RM=%2B886912345678&RT=20250301093000&STATUS=100&MR=7&TYPE=SMS"
    static let reply = "BatchID=b-1&RM=%2B886912345678&RT=20250301093500&STATUS=999&SM=%E5%A5%BD+1%2B1&MR=7"
    static let secret = "9f1c2e7a-5b4d-4c11-8e0f-0a1b2c3d4e5f"

    /// Collects the reports a handler got.
    final class Reports: @unchecked Sendable {
        // @unchecked: `reports` is touched only with `lock` held.
        private let lock = NSLock()
        private var reports: [PushReport] = []
        func add(_ report: PushReport) { lock.withLock { reports.append(report) } }
        var all: [PushReport] { lock.withLock { reports } }
    }

    static func application(_ receiver: PushReportReceiver, group: String? = nil) -> some ApplicationProtocol {
        let router = Router()
        if let group {
            router.group(RouterPath(group)).addPushReportRoute(receiver: receiver)
        } else {
            router.addPushReportRoute(receiver: receiver)
        }
        return Application(router: router)
    }

    @Test("a report: 200 and handled once; repeats 200; anything else 400; another path 404")
    func answers() async throws {
        let reports = Reports()
        let app = Self.application(PushReportReceiver { reports.add($0) })
        try await app.test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/every8d/report?" + Self.delivered, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == "OK")
                    #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                }
            }
            try await client.execute(uri: "/every8d/report?" + Self.reply, method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/every8d/report?hello=world", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body) == "not an EVERY8D push report")
            }
            try await client.execute(uri: "/every8d/report/extra?" + Self.delivered, method: .get) { #expect($0.status == .notFound) }
        }
        #expect(reports.all.map(\.status) == [.delivered, .reply])
        #expect(reports.all.last?.text == "好 1+1")
    }

    @Test("with a secret: in the query or as the last path segment; 403 without it; in a route group")
    func secret() async throws {
        let reports = Reports()
        let receiver = PushReportReceiver(secret: try PushReportSecret(Self.secret)) { reports.add($0) }
        try await Self.application(receiver, group: "hooks").test(.router) { client in
            try await client.execute(uri: "/hooks/every8d/report?" + Self.delivered, method: .get) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/hooks/every8d/report/wrong?" + Self.delivered, method: .get) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/hooks/every8d/report?secret=\(Self.secret)&" + Self.delivered, method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/hooks/every8d/report/\(Self.secret)?" + Self.reply, method: .get) { #expect($0.status == .ok) }
        }
        #expect(reports.all.count == 2)
        #expect(reports.all.allSatisfy { $0[field: "secret"] == nil })
    }

    @Test("a handler that throws: 500, and the repeat is handled")
    func handlerFailure() async throws {
        let failures = Reports()
        let receiver = PushReportReceiver { report in
            if failures.all.isEmpty {
                failures.add(report)
                throw CancellationError()
            }
        }
        try await Self.application(receiver).test(.router) { client in
            try await client.execute(uri: "/every8d/report?" + Self.delivered, method: .get) { #expect($0.status == .internalServerError) }
            try await client.execute(uri: "/every8d/report?" + Self.delivered, method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("end to end over HTTP: the sandbox pushes to a running Hummingbird server as EVERY8D would")
    func sandboxToServer() async throws {
        let reports = Reports()
        let receiver = PushReportReceiver(secret: try PushReportSecret(Self.secret)) { reports.add($0) }
        let sandbox = Every8DSandbox()
        let client = Every8DClient(credentials: .init(userID: "sandbox", password: "sandbox-password"),
                                   configuration: .init(siteURL: Every8DSandbox.demoSiteURL), transport: sandbox)
        try await Self.application(receiver).test(.live) { testClient in
            let port = try #require(testClient.port)
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/every8d/report/\(Self.secret)"))
            var target = Every8DPushTarget.url(url, transport: URLSessionTransport())
            target.retryDelay = .milliseconds(10)
            await sandbox.state.setPushTarget(target)
            _ = try await client.sendSMS(to: ["0912345679"], text: "您好 a+b")
            await sandbox.state.deliverPushReports()
        }
        #expect(await sandbox.state.pushAttempts().map(\.status) == [200, 200])
        #expect(reports.all.map(\.status) == [.delivered, .reply])
        #expect(reports.all.last?.text == Every8DScenario.replyText)
    }
}
