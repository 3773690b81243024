import Foundation
import Testing
@testable import Every8D

@Suite("PushReportReceiver")
struct PushReportReceiverTests {
    static let delivered = "BatchID=b-1&RM=%2B886912345678&RT=20250301093000&STATUS=100&SM=&ST=20250301092959&MR=1&TYPE=SMS"
    static let reply = "BatchID=b-1&RM=%2B886912345678&RT=20250301093500&STATUS=999&SM=%E5%A5%BD+1%2B1&MR=1&TYPE=SMS"
    static let secretValue = "9f1c2e7a-5b4d-4c11-8e0f-0a1b2c3d4e5f"

    /// Collects what the handler was given, and can be told to fail or to wait.
    final class Handled: @unchecked Sendable {
        // @unchecked: every stored property is touched only with `lock` held.
        private let lock = NSLock()
        private var reports: [PushReport] = []
        private var failuresLeft = 0
        var all: [PushReport] {
            lock.lock()
            defer { lock.unlock() }
            return reports
        }
        func failNext(_ count: Int) {
            lock.lock()
            failuresLeft = count
            lock.unlock()
        }
        func take(_ report: PushReport) throws {
            lock.lock()
            defer { lock.unlock() }
            reports.append(report)
            if failuresLeft > 0 {
                failuresLeft -= 1
                throw HandlerError()
            }
        }
    }

    struct HandlerError: Error, CustomStringConvertible {
        var description: String { "database down (password=hunter2)" }
    }

    /// An inbox that cannot be reached.
    struct DownInbox: PushReportInbox {
        struct Down: Error {}
        func claim(_ key: String, now: Date) async throws -> Bool { throw Down() }
        func release(_ key: String) async throws { throw Down() }
        func purgeInbox(before date: Date) async throws -> Int { throw Down() }
    }

    @Test("a new report reaches the handler once and is answered 200; EVERY8D's repeats are answered 200 without it")
    func onceAndDuplicates() async throws {
        let handled = Handled()
        let receiver = PushReportReceiver { try handled.take($0) }
        let first = await receiver.receive(query: Self.delivered)
        #expect(first.outcome == .handled)
        #expect(first.status == 200)
        #expect(first.body == "OK")
        #expect(first.report?.status == .delivered)
        for _ in 0..<9 {
            let again = await receiver.receive(query: Self.delivered)
            #expect(again.outcome == .duplicate)
            #expect(again.status == 200)
        }
        // The same report encoded differently (a space as %20, lowercase hex) is the same report.
        let reencoded = await receiver.receive(query: Self.delivered.replacingOccurrences(of: "%2B", with: "%2b"))
        #expect(reencoded.outcome == .duplicate)
        let reply = await receiver.receive(query: Self.reply)
        #expect(reply.outcome == .handled)
        #expect(handled.all.map(\.status) == [.delivered, .reply])
        #expect(handled.all.last?.text == "好 1+1")
    }

    @Test("a report that differs in any documented field is new; an undocumented field does not make it new")
    func deduplicationKey() throws {
        let base = try PushReport(query: Self.delivered)
        let key = PushReportReceiver.deduplicationKey(for: base)
        #expect(key.hasPrefix("every8d-push-"))
        #expect(key.count == "every8d-push-".count + 64)
        for changed in ["STATUS=101", "RT=20250301093001", "MR=2", "RM=%2B886912345679", "BatchID=b-2", "SM=x"] {
            let name = changed.split(separator: "=")[0]
            let fields = Self.delivered.split(separator: "&").map { $0.hasPrefix(name + "=") ? Substring(changed) : $0 }
            let other = try PushReport(query: fields.joined(separator: "&"))
            #expect(PushReportReceiver.deduplicationKey(for: other) != key, "changing \(changed)")
        }
        let withExtra = try PushReport(query: Self.delivered + "&CustID=77")
        #expect(PushReportReceiver.deduplicationKey(for: withExtra) == key)
    }

    @Test("not a report: 400, the handler does not run and nothing is claimed", arguments: ["", "hello=world", "STATUS=ok", "BatchID=b-1&RM=0912345678"])
    func notAReport(_ query: String) async throws {
        let handled = Handled()
        let store = InMemoryStateStore()
        let receiver = PushReportReceiver(inbox: store) { try handled.take($0) }
        let answer = await receiver.receive(query: query)
        #expect(answer.outcome == .notAReport)
        #expect(answer.status == 400)
        #expect(answer.report == nil)
        #expect(handled.all.isEmpty)
        #expect(await store.purgeInbox(before: .distantFuture) == 0)
    }

    @Test("a handler that throws: 500 with the error redacted, and EVERY8D's next call is handled")
    func handlerFailure() async throws {
        let handled = Handled()
        handled.failNext(1)
        let receiver = PushReportReceiver { try handled.take($0) }
        let failed = await receiver.receive(query: Self.delivered)
        #expect(failed.outcome == .handlerFailed)
        #expect(failed.status == 500)
        #expect(failed.body == "not handled; call again")
        #expect(failed.error?.contains("database down") == true)
        #expect(failed.error?.contains("hunter2") == false)
        let retried = await receiver.receive(query: Self.delivered)
        #expect(retried.outcome == .handled)
        #expect(await receiver.receive(query: Self.delivered).outcome == .duplicate)
        #expect(handled.all.count == 2)
    }

    @Test("the inbox cannot be reached: 503 and the handler does not run")
    func inboxDown() async {
        let handled = Handled()
        let receiver = PushReportReceiver(inbox: DownInbox()) { try handled.take($0) }
        let answer = await receiver.receive(query: Self.delivered)
        #expect(answer.outcome == .inboxUnavailable)
        #expect(answer.status == 503)
        #expect(handled.all.isEmpty)
    }

    @Test("a repeat while the first call is still in the handler: 503, then duplicate once it settled")
    func repeatWhileHandling() async throws {
        let gate = Gate()
        let calls = Handled()
        let receiver = PushReportReceiver { report in
            try calls.take(report)
            try await gate.wait()
        }
        async let first = receiver.receive(query: Self.delivered)
        while calls.all.isEmpty { await Task.yield() }
        let meanwhile = await receiver.receive(query: Self.delivered)
        #expect(meanwhile.outcome == .inProgress)
        #expect(meanwhile.status == 503)
        gate.open()
        #expect(await first.outcome == .handled)
        #expect(await receiver.receive(query: Self.delivered).outcome == .duplicate)
        #expect(calls.all.count == 1)
    }

    @Test("a secret in a query parameter: missing or wrong is 403 before anything is read; right is handled without it")
    func secretInQuery() async throws {
        let handled = Handled()
        let store = InMemoryStateStore()
        let secret = try PushReportSecret(Self.secretValue, in: [.queryParameter("key")])
        let receiver = PushReportReceiver(secret: secret, inbox: store) { try handled.take($0) }
        for query in [Self.delivered, Self.delivered + "&key=wrong", Self.delivered + "&key=" + Self.secretValue.dropLast(),
                      "key=" + Self.secretValue + "x&" + Self.delivered, Self.delivered + "&secret=" + Self.secretValue] {
            let answer = await receiver.receive(query: query)
            #expect(answer.outcome == .forbidden, "\(query)")
            #expect(answer.status == 403)
            #expect(answer.report == nil)
        }
        // Garbage with a wrong secret is forbidden too, not "not a report": nothing is read.
        #expect(await receiver.receive(query: "hello").status == 403)
        #expect(handled.all.isEmpty)
        #expect(await store.purgeInbox(before: .distantFuture) == 0)

        let answer = await receiver.receive(query: "KEY=" + Self.secretValue + "&" + Self.delivered)
        #expect(answer.outcome == .handled)
        let report = try #require(handled.all.first)
        #expect(report[field: "key"] == nil)
        #expect(!report.fields.contains { $0.value.contains(Self.secretValue) })
        #expect(answer.report?.fields == report.fields)
    }

    @Test("a secret as the last path segment, percent-encoded or not; the request target and URL forms")
    func secretInPath() async throws {
        let handled = Handled()
        let secret = try PushReportSecret("a+b/c d~" + Self.secretValue, in: [.pathSegment])
        let receiver = PushReportReceiver(secret: secret) { try handled.take($0) }
        let encoded = "a+b%2Fc%20d~" + Self.secretValue
        #expect(await receiver.receive(path: "/every8d/report/" + encoded, query: Self.delivered).outcome == .handled)
        #expect(await receiver.receive(target: "/every8d/report/" + encoded + "/?" + Self.reply).outcome == .handled)
        #expect(await receiver.receive(target: "/every8d/report?" + Self.delivered).outcome == .forbidden)
        #expect(await receiver.receive(target: "/every8d/report/wrong?" + Self.delivered).outcome == .forbidden)
        let url = try #require(URL(string: "https://example.com/every8d/report/" + encoded + "?" + Self.delivered.replacingOccurrences(of: "MR=1", with: "MR=2")))
        #expect(await receiver.receive(url: url).outcome == .handled)
        #expect(handled.all.count == 3)
    }

    @Test("the default secret locations: the query parameter secret or the last path segment")
    func defaultLocations() async throws {
        let receiver = PushReportReceiver(secret: try PushReportSecret(Self.secretValue)) { _ in }
        #expect(await receiver.receive(target: "/r/\(Self.secretValue)?" + Self.delivered).outcome == .handled)
        #expect(await receiver.receive(target: "/r?secret=\(Self.secretValue)&" + Self.reply).outcome == .handled)
        #expect(await receiver.receive(target: "/r?" + Self.reply).outcome == .forbidden)
    }

    @Test("a secret never shows: not in its description, not in the receiver's answers")
    func secretNeverShows() async throws {
        let secret = try PushReportSecret(Self.secretValue, in: [.queryParameter("key"), .pathSegment])
        #expect(!"\(secret)".contains(Self.secretValue))
        #expect("\(secret)" == "PushReportSecret(<redacted>, in: query parameter key or last path segment)")
        #expect(!String(reflecting: secret).contains(Self.secretValue))
        let receiver = PushReportReceiver(secret: secret) { _ in throw HandlerError() }
        for query in [Self.delivered + "&key=" + Self.secretValue, Self.delivered + "&key=nope"] {
            let answer = await receiver.receive(query: query)
            #expect(!"\(answer)".contains(Self.secretValue))
            #expect(!answer.body.contains(Self.secretValue))
        }
        #expect(secret.matches(Self.secretValue))
        #expect(!secret.matches(Self.secretValue + " "))
        #expect(!secret.matches(""))
    }

    @Test("an empty secret or no location is refused")
    func invalidSecret() {
        #expect(throws: ValidationError.self) { try PushReportSecret("") }
        #expect(throws: ValidationError.self) { try PushReportSecret(Self.secretValue, in: []) }
    }
}
