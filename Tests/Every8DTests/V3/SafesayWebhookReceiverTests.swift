import Foundation
import Testing
import Every8D

/// The Safesay webhook receiver: raw body in, HTTP status out; once per `MessageID`; the secret;
/// 5xx when the handler throws.
@Suite("SafesayWebhookReceiver")
struct SafesayWebhookReceiverTests {
    static func body(_ messageID: String = "eff1d50-8814-4f17-aa61-cb23b97987fa", text: String = "文字訊息") -> Data {
        Data(#"{ "MessageID": "\#(messageID)", "EventID": 22, "Mobile": "+886912345678", "Text": "\#(text)", "Type": 1, "SendTime": 1729133590209232 }"#.utf8)
    }

    /// Records the messages a handler saw, and fails on demand.
    final class Handled: @unchecked Sendable {
        // @unchecked: the fields are touched only with `lock` held.
        private let lock = NSLock()
        private var events: [SafesayEvent] = []
        private var failures = 0
        func failNext(_ count: Int) { lock.withLock { failures = count } }
        var handler: SafesayWebhookReceiver.Handler {
            { event in
                try await Task.sleep(for: .milliseconds(5))
                try self.lock.withLock {
                    if self.failures > 0 {
                        self.failures -= 1
                        throw HandlerError()
                    }
                    self.events.append(event)
                }
            }
        }
        var seen: [SafesayEvent] { lock.withLock { events } }
    }

    struct HandlerError: Error, CustomStringConvertible {
        var description: String { "database down" }
    }

    @Test("a message is handled once: a repeat of the POST is answered 200 without running the handler")
    func deduplicated() async throws {
        let handled = Handled()
        let receiver = try SafesayWebhookReceiver(handler: handled.handler)
        let first = await receiver.receive(body: Self.body())
        let again = await receiver.receive(body: Self.body())
        let other = await receiver.receive(body: Self.body("jd427k9-8814-3wk6-k0e8-c1f3b67984eb", text: "另一則"))
        #expect(first.outcome == .handled && first.status == 200 && first.body == "OK")
        #expect(again.outcome == .duplicate && again.status == 200)
        #expect(other.outcome == .handled)
        #expect(handled.seen.map(\.text) == ["文字訊息", "另一則"])
        #expect(first.event?.mobile == "+886912345678")
    }

    @Test("20 concurrent POSTs of one message, and two receivers sharing an inbox (two processes): the handler runs once")
    func concurrentAndShared() async throws {
        let handled = Handled()
        let inbox = InMemoryStateStore()
        let one = try SafesayWebhookReceiver(inbox: inbox, handler: handled.handler)
        let two = try SafesayWebhookReceiver(inbox: inbox, handler: handled.handler)
        let answers = await withTaskGroup(of: SafesayWebhookAnswer.self) { group in
            for index in 0..<20 { group.addTask { await (index % 2 == 0 ? one : two).receive(body: Self.body()) } }
            return await group.reduce(into: [SafesayWebhookAnswer]()) { $0.append($1) }
        }
        #expect(handled.seen.count == 1)
        #expect(answers.filter { $0.outcome == .handled }.count == 1)
        #expect(answers.allSatisfy { [.handled, .duplicate, .inProgress].contains($0.outcome) })
        #expect(answers.filter { $0.outcome == .inProgress }.allSatisfy { $0.status == 503 })
    }

    @Test("a handler that throws: 500 and the claim given back, so the next POST of the message is handled")
    func handlerFailure() async throws {
        let handled = Handled()
        let receiver = try SafesayWebhookReceiver(handler: handled.handler)
        handled.failNext(1)
        let failed = await receiver.receive(body: Self.body())
        #expect(failed.outcome == .handlerFailed)
        #expect(failed.status == 500)
        #expect(failed.error == "database down")
        #expect(!failed.body.contains("database"))
        let retried = await receiver.receive(body: Self.body())
        #expect(retried.outcome == .handled)
        #expect(handled.seen.count == 1)
    }

    @Test("the secret: required in the last path segment or the secret query parameter; 403 otherwise, before the body is read")
    func secret() async throws {
        let handled = Handled()
        let secret = "7b1c9f0e-3c55-4d0e-9a61-2f4f8e0c1d2a"
        let receiver = try SafesayWebhookReceiver(secret: secret, handler: handled.handler)
        for target in ["", "/safesay/hook", "/safesay/\(secret)x", "/safesay/hook?secret=wrong", "/safesay/hook?token=\(secret)"] {
            let answer = await receiver.receive(body: Self.body(), target: target)
            #expect(answer.outcome == .forbidden, "\(target)")
            #expect(answer.status == 403)
            #expect(answer.event == nil)
        }
        #expect(await receiver.receive(body: Data("not json".utf8), target: "/safesay/hook").status == 403)
        #expect(handled.seen.isEmpty)
        #expect(await receiver.receive(body: Self.body("m-1"), target: "/safesay/\(secret)").outcome == .handled)
        #expect(await receiver.receive(body: Self.body("m-2"), target: "/safesay/hook?secret=\(secret)").outcome == .handled)
        #expect(await receiver.receive(body: Self.body("m-3"), target: "https://example.com/safesay/\(secret)?x=1").outcome == .handled)
        #expect(handled.seen.count == 3)
        #expect(!"\(receiver)".contains(secret))
        #expect(throws: ValidationError.self) { try SafesayWebhookReceiver(secret: "", handler: handled.handler) }
    }

    @Test("a body that is no Safesay message: 400, the handler does not run")
    func notAnEvent() async throws {
        let handled = Handled()
        let receiver = try SafesayWebhookReceiver(handler: handled.handler)
        for body in ["", "{}", #"{"EventID":22,"Type":1,"SendTime":1}"#, "[1,2]", #"{"MessageID":"m","EventID":"x","Type":1,"SendTime":1}"#] {
            let answer = await receiver.receive(body: Data(body.utf8))
            #expect(answer.outcome == .notAnEvent, "\(body)")
            #expect(answer.status == 400)
        }
        #expect(handled.seen.isEmpty)
    }

    @Test("an inbox that cannot be reached: 503, the handler does not run")
    func inboxDown() async throws {
        struct DownInbox: PushReportInbox {
            struct Down: Error {}
            func claim(_ key: String, now: Date) async throws -> Bool { throw Down() }
            func release(_ key: String) async throws { throw Down() }
            func purgeInbox(before date: Date) async throws -> Int { throw Down() }
        }
        let handled = Handled()
        let receiver = try SafesayWebhookReceiver(inbox: DownInbox(), handler: handled.handler)
        let answer = await receiver.receive(body: Self.body())
        #expect(answer.outcome == .inboxUnavailable)
        #expect(answer.status == 503)
        #expect(handled.seen.isEmpty)
    }
}
