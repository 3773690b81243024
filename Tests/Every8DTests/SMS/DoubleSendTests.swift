import Foundation
import Testing
@testable import Every8D

@Suite("Never a double send")
struct DoubleSendTests {
    static let ambiguous: [TransportError] = [
        TransportError(.timedOut),
        TransportError(.connectionLost),
        TransportError(.badServerResponse),
        TransportError(.other),
    ]

    @Test("a send that fails after the request left is sent once and reported as outcome unknown", arguments: 0..<4)
    func ambiguousFailure(_ index: Int) async throws {
        let failure = Self.ambiguous[index]
        let transport = RecordingTransport(responses: [.failure(failure), .success(.ok("100.00,1,1,0,\(Fixture.batchID)"))])
        let client = Fixture.passwordClient(transport)

        let error = try await #require(throws: SendOutcomeUnknownError.self) {
            try await client.sendSMS(to: ["0912345678", "+886900000002"], text: "x", subject: "月結通知")
        }

        #expect(transport.requests.count == 1)
        #expect(error.operation == "SendSMS")
        #expect(error.recipients == ["+886912345678", "+886900000002"])
        #expect(error.references["SB"] == "月結通知")
        #expect(error.startedAt == Fixture.now)
        #expect((error.cause as? TransportError) == failure)
        #expect(!error.advice.isEmpty)
    }

    @Test("every kind of send is sent once on a timeout")
    func everySendKind() async throws {
        let attachment = try MMSAttachment(data: Fixture.jpeg())
        let sends: [@Sendable (Every8DClient) async throws -> Void] = [
            { try await $0.sendSMS(to: ["0912345678"], text: "x") },
            { try await $0.sendSMSFilteringDuplicates(to: ["0912345678"], text: "x") },
            { try await $0.sendPersonalizedSMS([.init(mobile: "0912345678", text: "x")]) },
            { try await $0.sendTemplateSMS(template: "%field1%", recipients: [.init(mobile: "0912345678", values: ["a"])]) },
            { try await $0.sendMMS(to: ["0912345678"], subject: "s", attachment: attachment) },
            { try await $0.sendPersonalizedMMS([.init(mobile: "0912345678", text: "x")], subject: "s", attachment: attachment) },
            { try await $0.sendTemplateMMS(template: "%field1%", recipients: [.init(mobile: "0912345678", values: ["a"])], subject: "s", attachment: attachment) },
        ]
        for send in sends {
            let transport = RecordingTransport(responses: [.failure(TransportError(.timedOut)), .success(.ok("1,1,1,0,b"))])
            await #expect(throws: SendOutcomeUnknownError.self) { try await send(Fixture.passwordClient(transport)) }
            #expect(transport.requests.count == 1)
        }
    }

    @Test("the duplicate-filtered send's advice points to the dry run")
    func duplicateFilterAdvice() async throws {
        let transport = RecordingTransport(responses: [.failure(TransportError(.timedOut))])
        let client = Fixture.passwordClient(transport)
        let error = try await #require(throws: SendOutcomeUnknownError.self) {
            try await client.sendSMSFilteringDuplicates(to: ["0912345678"], text: "x")
        }
        #expect(error.advice.contains("dryRun: true"))
        #expect(error.advice.contains("IsSend=false"))
        #expect(error.operation == "SendSMS4FilterMessage")
    }

    @Test("personalized sends report their message references")
    func personalizedReferences() async throws {
        let transport = RecordingTransport(responses: [.failure(TransportError(.connectionLost))])
        let client = Fixture.passwordClient(transport)
        let error = try await #require(throws: SendOutcomeUnknownError.self) {
            try await client.sendPersonalizedSMS([
                .init(mobile: "0912345678", text: "a", messageReference: "m1"),
                .init(mobile: "0922345678", text: "b", messageReference: "m2"),
            ], subject: "S")
        }
        #expect(error.references["MR"] == "m1,m2")
        #expect(error.references["SB"] == "S")
        #expect(error.recipients == ["+886912345678", "+886922345678"])
    }

    @Test("a refused connection proves nothing was sent: the send is repeated and succeeds")
    func connectionRefusedRetried() async throws {
        let transport = RecordingTransport(responses: [
            .failure(TransportError(.connectionRefused)),
            .success(.ok("100.00,1,1,0,\(Fixture.batchID)")),
        ])
        let client = Fixture.passwordClient(transport)

        let receipt = try await client.sendSMS(to: ["0912345678"], text: "x")

        #expect(receipt.batchID == Fixture.batchID)
        #expect(transport.requests.count == 2)
        #expect(transport.requests[0].body == transport.requests[1].body)
    }

    @Test("repeats of an unsent send are bounded by the policy, and the last error is the transport's")
    func unsentRetriesBounded() async throws {
        let transport = RecordingTransport { _, _ in throw TransportError(.cannotFindHost) }
        let client = Fixture.passwordClient(transport)
        let error = try await #require(throws: TransportError.self) { try await client.sendSMS(to: ["0912345678"], text: "x") }
        #expect(error.code == .cannotFindHost)
        #expect(transport.requests.count == 3)
    }

    @Test("a non-2xx answer after a send is outcome unknown, except 401/403/429 which are refusals")
    func statusAnswers() async throws {
        for status in [500, 502, 503, 504, 404] {
            let transport = RecordingTransport(responses: [.success(TransportResponse(status: status))])
            let error = try await #require(throws: SendOutcomeUnknownError.self) {
                try await Fixture.passwordClient(transport).sendSMS(to: ["0912345678"], text: "x")
            }
            #expect((error.cause as? HTTPStatusError)?.status == status)
            #expect(transport.requests.count == 1)
        }
        for status in [401, 403, 429] {
            let transport = RecordingTransport(responses: [.success(TransportResponse(status: status))])
            let error = try await #require(throws: HTTPStatusError.self) {
                try await Fixture.passwordClient(transport).sendSMS(to: ["0912345678"], text: "x")
            }
            #expect(error.status == status)
            #expect(transport.requests.count == 1)
        }
    }

    @Test("an unreadable answer to a send is outcome unknown")
    func unreadableAnswer() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("<html>maintenance</html>"))])
        let error = try await #require(throws: SendOutcomeUnknownError.self) {
            try await Fixture.passwordClient(transport).sendSMS(to: ["0912345678"], text: "x")
        }
        let cause = try #require(error.cause as? ResponseParseError)
        #expect(cause.bodyPreview.contains("maintenance"))
        #expect(transport.requests.count == 1)
    }

    @Test("a gateway error code is a definite refusal, not repeated")
    func gatewayErrorNotRepeated() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("-99, 主機端發生不明錯誤，請與廠商窗口聯繫。"))])
        let error = try await #require(throws: Every8DError.self) {
            try await Fixture.passwordClient(transport).sendSMS(to: ["0912345678"], text: "x")
        }
        #expect(error.code == .unknownError)
        #expect(error.message == "主機端發生不明錯誤，請與廠商窗口聯繫。")
        #expect(transport.requests.count == 1)
    }

    @Test("a token fetch that fails before a send leaves the send unsent and says so")
    func tokenFetchFailure() async throws {
        let transport = RecordingTransport { request, _ in
            if request.url.path.hasSuffix("ConnectionHandler.ashx") { throw TransportError(.timedOut) }
            return .ok("100.00,1,1,0,b")
        }
        let client = Fixture.tokenClient(transport)
        await #expect(throws: TransportError.self) { try await client.sendSMS(to: ["0912345678"], text: "x") }
        #expect(transport.requests(to: "SendSMS.ashx").isEmpty)
    }

    @Test("a cancelled task sends nothing")
    func cancelledBeforeSend() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("100.00,1,1,0,b"))])
        let client = Fixture.passwordClient(transport)
        let task = Task {
            try await Task.sleep(for: .seconds(10))
            return try await client.sendSMS(to: ["0912345678"], text: "x")
        }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(transport.requests.isEmpty)
    }

    @Test("a send cancelled while in flight is outcome unknown")
    func cancelledInFlight() async throws {
        let transport = RecordingTransport { _, _ in
            try await Task.sleep(for: .seconds(10))
            return .ok("100.00,1,1,0,b")
        }
        let client = Fixture.passwordClient(transport)
        let task = Task { try await client.sendSMS(to: ["0912345678"], text: "x") }
        while transport.requests.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        let error = try await #require(throws: SendOutcomeUnknownError.self) { try await task.value }
        #expect(error.cause is CancellationError)
        #expect(transport.requests.count == 1)
    }
}

@Suite("Read retries")
struct ReadRetryTests {
    @Test("reads are repeated after temporary failures, up to the policy's attempts")
    func readsRetried() async throws {
        let transport = RecordingTransport(responses: [
            .failure(TransportError(.timedOut)),
            .success(TransportResponse(status: 429)),
            .success(.ok("1000.00")),
        ])
        let client = Fixture.passwordClient(transport)
        #expect(try await client.credit() == 1000)
        #expect(transport.requests.count == 3)
    }

    @Test("reads give up after the policy's attempts with the last error")
    func readsGiveUp() async throws {
        let transport = RecordingTransport { _, _ in TransportResponse(status: 503) }
        let client = Fixture.passwordClient(transport)
        let error = try await #require(throws: HTTPStatusError.self) { try await client.credit() }
        #expect(error.status == 503)
        #expect(transport.requests.count == 3)
    }

    @Test("errors that are not temporary are not repeated")
    func notRetried() async throws {
        for response in [TransportResponse(status: 400), .ok("-99,bad"), .ok("garbage")] {
            let transport = RecordingTransport { _, _ in response }
            await #expect(throws: (any Error).self) { try await Fixture.passwordClient(transport).credit() }
            #expect(transport.requests.count == 1)
        }
    }

    @Test("RetryPolicy.none reads once")
    func noRetry() async throws {
        let transport = RecordingTransport { _, _ in throw TransportError(.timedOut) }
        var configuration = Fixture.configuration(authentication: .password)
        configuration.readRetryPolicy = .none
        let client = Every8DClient(credentials: Fixture.credentials, configuration: configuration, transport: transport)
        await #expect(throws: TransportError.self) { try await client.credit() }
        #expect(transport.requests.count == 1)
    }

    @Test("every read call retries: status, MMS status, replies, dry run, token fetch and check")
    func everyReadRetries() async throws {
        let reads: [(String, @Sendable (Every8DClient) async throws -> Void)] = [
            (#"{"SMS_COUNT":0,"BID":"b"}"#, { _ = try await $0.deliveryReportPage(batch: "b") }),
            (#"{"SMS_COUNT":0,"BID":"b"}"#, { _ = try await $0.deliveryReportPage(batch: "b", kind: .mms) }),
            (#"{"SMS_COUNT":0,"BID":"b"}"#, { _ = try await $0.replyPage(batch: "b") }),
            ("0,0,0,", { _ = try await $0.sendSMSFilteringDuplicates(to: ["0912345678"], text: "x", dryRun: true) }),
            (#"{"Result":true,"Msg":"tok"}"#, { _ = try await $0.connect() }),
        ]
        for (answer, read) in reads {
            let transport = RecordingTransport(responses: [.failure(TransportError(.connectionLost)), .success(.ok(answer))])
            try await read(Fixture.passwordClient(transport))
            #expect(transport.requests.count == 2)
        }
    }

    @Test("cancellations are not repeated after an ambiguous failure, only when nothing was sent")
    func cancelRepeatRule() async throws {
        let lost = RecordingTransport(responses: [.failure(TransportError(.timedOut)), .success(.ok("1,1.00"))])
        await #expect(throws: TransportError.self) { try await Fixture.passwordClient(lost).cancelBooking(batch: "b") }
        #expect(lost.requests.count == 1)

        let refused = RecordingTransport(responses: [.failure(TransportError(.connectionRefused)), .success(.ok("1,1.00"))])
        #expect(try await Fixture.passwordClient(refused).cancelBooking(batch: "b") == CancelResult(cancelled: 1, refundedPoints: 1))
        #expect(refused.requests.count == 2)
    }
}
