import Foundation
import Testing
import OmiCard

@Suite("SMS.aspx is never sent twice by accident")
struct SendSafetyTests {
    static var job: SMSJob {
        var job = SMSJob(content: "x", smsList: ["0912345678", "+886922333444"])
        job.jobName = "Campaign"
        job.refNumber = "N-7"
        job.refID = "order-8812"
        return job
    }

    static func unknownOutcome(_ steps: RecordingTransport.Step...) async throws -> (SendOutcomeUnknownError, Int) {
        let transport = RecordingTransport(steps)
        do {
            _ = try await Fixture.client(transport, maxAttempts: 5).sendSMS(Self.job)
        } catch let error as SendOutcomeUnknownError {
            return (error, await transport.requests.count)
        }
        Issue.record("no SendOutcomeUnknownError")
        throw CancellationError()
    }

    @Test("a timeout sends once and reports an unknown outcome with recipients, references and advice")
    func timeout() async throws {
        let (error, requests) = try await Self.unknownOutcome(.fail(TransportError(.timedOut)), .launched())
        #expect(requests == 1)
        #expect(error.operation == "SMS.aspx")
        #expect(error.recipients == ["0912345678", "+886922333444"])
        #expect(error.references == ["JobName": "Campaign", "RefNumber": "N-7", "RefID": "order-8812"])
        #expect(error.advice.contains("Status.aspx") && error.advice.contains("RefID"))
        #expect((error.cause as? TransportError)?.code == .timedOut)
    }

    @Test("a lost connection, a non-2xx status and an unreadable body are unknown outcomes, sent once")
    func otherAmbiguousFailures() async throws {
        let lost = try await Self.unknownOutcome(.fail(TransportError(.connectionLost)), .launched())
        #expect(lost.1 == 1)
        #expect((lost.0.cause as? TransportError)?.code == .connectionLost)
        let status = try await Self.unknownOutcome(.respond(TransportResponse(status: 502, body: Data("Bad Gateway".utf8))), .launched())
        #expect(status.1 == 1)
        #expect((status.0.cause as? HTTPStatusError)?.status == 502)
        let garbage = try await Self.unknownOutcome(.respond(TransportResponse(status: 200, body: Data("<html>Maintenance</html>".utf8))), .launched())
        #expect(garbage.1 == 1)
        #expect(garbage.0.cause is ResponseParseError)
        let noID = try await Self.unknownOutcome(.xml("<R><ErrorCode>0</ErrorCode><ErrorMsg/></R>"), .launched())
        #expect(noID.1 == 1)
        #expect(noID.0.cause is ResponseParseError)
        let other = try await Self.unknownOutcome(.fail(TransportError(.other, detail: "boom")), .launched())
        #expect(other.1 == 1)
    }

    @Test("a refused connection proves nothing was sent, so the send is repeated")
    func connectionRefusedIsRetried() async throws {
        let transport = RecordingTransport(.fail(TransportError(.connectionRefused)), .fail(TransportError(.cannotFindHost)), .launched("77"))
        let launch = try await Fixture.client(transport, maxAttempts: 3).sendSMS(Self.job)
        #expect(launch.launchID == "77")
        let requests = await transport.requests
        #expect(requests.count == 3)
        #expect(Set(requests.map(\.body)).count == 1)
    }

    @Test("repeats stop at maxAttempts with the transport error, which says nothing was sent")
    func connectionRefusedGivesUp() async throws {
        let transport = RecordingTransport(.fail(TransportError(.connectionRefused)), .fail(TransportError(.connectionRefused)), .launched())
        let error = await #expect(throws: TransportError.self) { try await Fixture.client(transport, maxAttempts: 2).sendSMS(Self.job) }
        #expect(error?.requestMayHaveBeenProcessed == false)
        #expect(await transport.requests.count == 2)
    }

    @Test("a transport error that may have been processed is not repeated even when its code usually proves nothing")
    func explicitFlagWins() async throws {
        let (error, requests) = try await Self.unknownOutcome(.fail(TransportError(.connectionRefused, requestMayHaveBeenProcessed: true)), .launched())
        #expect(requests == 1)
        #expect(error.cause is TransportError)
    }

    @Test("a gateway refusal is an OmiCardError, sent once")
    func gatewayRefusal() async throws {
        let transport = RecordingTransport(.xml("<R><ErrorCode>100</ErrorCode><ErrorMsg>Exception</ErrorMsg></R>"), .launched())
        let error = await #expect(throws: OmiCardError.self) { try await Fixture.client(transport).sendSMS(Self.job) }
        #expect(error?.code == .exception)
        #expect(await transport.requests.count == 1)
    }

    @Test("a task cancelled before sending sends nothing and throws CancellationError")
    func cancelledBeforeSending() async throws {
        let transport = RecordingTransport(.launched())
        let client = Fixture.client(transport)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.sendSMS(Self.job)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await transport.requests.isEmpty)
    }

    @Test("a cancellation while the request is in flight is an unknown outcome")
    func cancelledInFlight() async throws {
        let (error, requests) = try await Self.unknownOutcome(.fail(CancellationError()))
        #expect(requests == 1)
        #expect(error.cause is CancellationError)
    }
}
