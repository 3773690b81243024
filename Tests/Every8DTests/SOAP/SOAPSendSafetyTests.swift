import Foundation
import Testing
@testable import Every8D

@Suite("Every8DSOAPClient validation and send safety")
struct SOAPSendSafetyTests {
    @Test("the same validation errors as the HTTP client, before anything is sent")
    func sameValidation() async throws {
        let soapTransport = SOAPFixture.transport([:])
        let soap = SOAPFixture.client(soapTransport)
        let http = Every8DClient(credentials: Fixture.credentials, configuration: Fixture.configuration(),
                                 transport: RecordingTransport { _, _ in TransportResponse(status: 599) })
        let past = Fixture.now.addingTimeInterval(-60)
        let gif = try MMSAttachment(data: Fixture.gif())
        let jpeg = try MMSAttachment(data: Fixture.jpeg())
        typealias Call = @Sendable (any Every8DMessaging) async throws -> Void
        let calls: [Call] = [
            { try await $0.sendSMS(to: [], text: "x", subject: "", at: nil, validity: nil, eventID: nil) },
            { try await $0.sendSMS(to: ["0912-345-678"], text: "x", subject: "", at: nil, validity: nil, eventID: nil) },
            { try await $0.sendSMS(to: ["0912345678"], text: "  ", subject: "", at: nil, validity: nil, eventID: nil) },
            { try await $0.sendSMS(to: ["0912345678"], text: "x", subject: "a\nb", at: nil, validity: nil, eventID: nil) },
            { try await $0.sendSMS(to: ["0912345678"], text: "x", subject: "", at: past, validity: nil, eventID: nil) },
            { try await $0.sendSMS(to: ["0912345678"], text: "x", subject: "", at: nil, validity: .seconds(90), eventID: nil) },
            { try await $0.sendPersonalizedSMS([], subject: "", validity: nil, eventID: nil) },
            { try await $0.sendPersonalizedSMS([.init(mobile: "12", text: "x")], subject: "", validity: nil, eventID: nil) },
            { try await $0.sendTemplateSMS(template: "%field9%", recipients: [.init(mobile: "0912345678", values: [])], subject: "", validity: nil, eventID: nil) },
            { try await $0.sendTemplateSMS(template: "%field1%", recipients: [.init(mobile: "0912345678", values: ["a|b"])], subject: "", validity: nil, eventID: nil) },
            { try await $0.sendMMS(to: ["+14155550100"], subject: "s", text: "", attachment: jpeg, at: nil, validity: nil, eventID: nil) },
            { try await $0.sendMMS(to: ["0912345678"], subject: String(repeating: "長", count: 16), text: "", attachment: jpeg, at: nil, validity: nil, eventID: nil) },
            { _ = try await $0.deliveryReportPage(batch: " ", page: 1) },
            { _ = try await $0.deliveryReportPage(batch: "b", page: 0) },
            { try await $0.cancelBooking(batch: "") },
            { try await $0.cancelBooking(batch: "a\u{1}", kind: .mms) },
        ]
        for (index, call) in calls.enumerated() {
            let soapError = try await #require(throws: ValidationError.self, "call \(index)") { try await call(soap) }
            let httpError = try await #require(throws: ValidationError.self, "call \(index)") { try await call(http) }
            #expect(soapError == httpError, "call \(index)")
        }
        #expect(soapTransport.requests.isEmpty)
        // Only the SOAP client refuses GIF (the SOAP document lists JPEG and PNG).
        let gifError = try await #require(throws: ValidationError.self) {
            try await soap.sendMMS(to: ["0912345678"], subject: "s", attachment: gif)
        }
        #expect(gifError.field == "ATTACHMENT")
    }

    @Test("what the SOAP API cannot carry is refused, not dropped")
    func unsupportedArguments() async throws {
        let transport = SOAPFixture.transport([:])
        let client = SOAPFixture.client(transport)
        let jpeg = try MMSAttachment(data: Fixture.jpeg())
        let eventID = try await #require(throws: ValidationError.self) { try await client.sendSMS(to: ["0912345678"], text: "x", eventID: "-1") }
        #expect(eventID.field == "EventID")
        await #expect(throws: ValidationError.self) { try await client.sendMMS(to: ["0912345678"], subject: "s", attachment: jpeg, eventID: "1") }
        let validity = try await #require(throws: ValidationError.self) {
            try await client.sendPersonalizedSMS([.init(mobile: "0912345678", text: "x")], validity: .seconds(600))
        }
        #expect(validity.field == "RETRYTIME")
        let reference = try await #require(throws: ValidationError.self) {
            try await client.sendPersonalizedSMS([.init(mobile: "0912345678", text: "x"), .init(mobile: "0912345679", text: "y", messageReference: "r2")])
        }
        #expect(reference.field == "RecipientDataList[2].Mr")
        let name = try await #require(throws: ValidationError.self) {
            try await client.sendPersonalizedSMS([.init(mobile: "0912345678", text: "x", name: String(repeating: "名", count: 51))])
        }
        #expect(name.field == "RecipientDataList[1].Name")
        await #expect(throws: ValidationError.self) {
            try await client.sendTemplateSMS(template: "%field1%", recipients: [.init(mobile: "0912345678", values: ["a"])], eventID: "x")
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("empty credentials are refused before any request")
    func emptyCredentials() async throws {
        let transport = SOAPFixture.transport([:])
        let client = Every8DSOAPClient(credentials: .init(userID: " ", password: "x"), configuration: SOAPFixture.configuration(), transport: transport)
        let error = try await #require(throws: ValidationError.self) { try await client.credit() }
        #expect(error.field == "UID")
        #expect(transport.requests.isEmpty)
    }

    static let ambiguous: [TransportError] = [TransportError(.timedOut), TransportError(.connectionLost), TransportError(.badServerResponse), TransportError(.other)]

    @Test("a send that may have left is sent once and reported as outcome unknown", arguments: 0..<4)
    func ambiguousFailure(_ index: Int) async throws {
        let failure = Self.ambiguous[index]
        let transport = RecordingTransport { request, _ in
            let method = SOAPFixture.method(of: request)
            if method == "getConnection" { return SOAPFixture.answer(method, SOAPFixture.connection()) }
            throw failure
        }
        let jpeg = try MMSAttachment(data: Fixture.jpeg())
        let sends: [(String, @Sendable (Every8DSOAPClient) async throws -> Void)] = [
            ("sendSMS", { try await $0.sendSMS(to: ["0912345678", "+886900000002"], text: "x", subject: "月結通知") }),
            ("sendMessage", { try await $0.sendSMS(to: ["0912345678", "+886900000002"], text: "x", subject: "月結通知", validity: .seconds(60)) }),
            ("sendParamSMS", { try await $0.sendPersonalizedSMS([.init(mobile: "0912345678", text: "x"), .init(mobile: "+886900000002", text: "y")], subject: "月結通知") }),
            ("sendMMS", { try await $0.sendMMS(to: ["0912345678", "+886900000002"], subject: "月結通知", attachment: jpeg) }),
        ]
        let client = SOAPFixture.client(transport)
        for (method, send) in sends {
            let error = try await #require(throws: SendOutcomeUnknownError.self) { try await send(client) }
            #expect(error.operation == "SOAP.\(method)")
            #expect(error.recipients == ["+886912345678", "+886900000002"])
            #expect(error.references["SB"] == "月結通知")
            #expect(error.startedAt == Fixture.now)
            #expect((error.cause as? TransportError) == failure)
            #expect(transport.requests.filter { SOAPFixture.method(of: $0) == method }.count == 1)
        }
    }

    @Test("a send is repeated when nothing left (connection refused), within the unsent policy")
    func nothingSent() async throws {
        let transport = RecordingTransport { request, number in
            let method = SOAPFixture.method(of: request)
            if method == "getConnection" { return SOAPFixture.answer(method, SOAPFixture.connection()) }
            if number <= 3 { throw TransportError(.connectionRefused) }
            return SOAPFixture.answer(method, SOAPFixture.receipt)
        }
        _ = try await SOAPFixture.client(transport).sendSMS(to: ["0912345678"], text: "x")
        #expect(transport.requests.filter { SOAPFixture.method(of: $0) == "sendSMS" }.count == 3)

        let refused = RecordingTransport { request, _ in
            let method = SOAPFixture.method(of: request)
            if method == "getConnection" { return SOAPFixture.answer(method, SOAPFixture.connection()) }
            throw TransportError(.connectionRefused)
        }
        let error = try await #require(throws: TransportError.self) { try await SOAPFixture.client(refused).sendSMS(to: ["0912345678"], text: "x") }
        #expect(!error.requestMayHaveBeenProcessed)
        #expect(refused.requests.filter { SOAPFixture.method(of: $0) == "sendSMS" }.count == 3)
    }

    @Test("faults on sends: a sender fault is thrown as is, a receiver fault makes the outcome unknown; neither is repeated")
    func faultsOnSends() async throws {
        for (fault, refused) in [(SOAPFixture.fault11("soap:Client", "bad request"), true), (SOAPFixture.fault12("soap:Receiver", "boom"), false)] {
            let transport = RecordingTransport { request, _ in
                let method = SOAPFixture.method(of: request)
                if method == "getConnection" { return SOAPFixture.answer(method, SOAPFixture.connection()) }
                return fault
            }
            do {
                try await SOAPFixture.client(transport).sendSMS(to: ["0912345678"], text: "x")
                Issue.record("no error")
            } catch let error as Every8DSOAPFault {
                #expect(refused)
                #expect(error.kind == .sender)
            } catch let error as SendOutcomeUnknownError {
                #expect(!refused)
                #expect((error.cause as? Every8DSOAPFault)?.kind == .receiver)
            }
            #expect(transport.requests.filter { SOAPFixture.method(of: $0) == "sendSMS" }.count == 1)
        }
    }

    @Test("non-2xx and unreadable answers to a send: 429 is thrown as is, others make the outcome unknown")
    func oddAnswersToSends() async throws {
        let answers: [(TransportResponse, Bool)] = [
            (TransportResponse(status: 429, headers: ["Retry-After": "1"]), true),
            (TransportResponse(status: 502, body: Data("bad gateway".utf8)), false),
            (.ok("<html>maintenance</html>", contentType: "text/html"), false),
            (.ok(String(decoding: SOAPFixture.answer("sendSMS", SOAPFixture.receipt).body.prefix(80), as: UTF8.self)), false),
            (SOAPFixture.answer("sendSMS", "1230.00,x,4,0,b"), false),
        ]
        for (answer, thrownAsIs) in answers {
            let transport = RecordingTransport { request, _ in
                let method = SOAPFixture.method(of: request)
                if method == "getConnection" { return SOAPFixture.answer(method, SOAPFixture.connection()) }
                return answer
            }
            do {
                try await SOAPFixture.client(transport).sendSMS(to: ["0912345678"], text: "x")
                Issue.record("no error")
            } catch let error as HTTPStatusError {
                #expect(thrownAsIs)
                #expect(error.status == 429)
            } catch is SendOutcomeUnknownError {
                #expect(!thrownAsIs)
            }
            #expect(transport.requests.filter { SOAPFixture.method(of: $0) == "sendSMS" }.count == 1)
        }
    }

    @Test("a cancellation is repeated only when nothing left")
    func cancellation() async throws {
        let transport = RecordingTransport { request, _ in
            let method = SOAPFixture.method(of: request)
            if method == "getConnection" { return SOAPFixture.answer(method, SOAPFixture.connection()) }
            throw TransportError(.timedOut)
        }
        await #expect(throws: TransportError.self) { try await SOAPFixture.client(transport).cancelBooking(batch: "b") }
        #expect(transport.requests.filter { SOAPFixture.method(of: $0) == "eraseBooking" }.count == 1)
    }

    @Test("reads are repeated after temporary failures")
    func readRetries() async throws {
        let transport = RecordingTransport { request, number in
            let method = SOAPFixture.method(of: request)
            if method == "getConnection" { return SOAPFixture.answer(method, SOAPFixture.connection()) }
            if number <= 3 { return TransportResponse(status: 503) }
            return SOAPFixture.answer(method, "9.00")
        }
        #expect(try await SOAPFixture.client(transport).credit() == 9)
        #expect(transport.requests.filter { SOAPFixture.method(of: $0) == "getCredit" }.count == 3)
    }

    @Test("a cancelled task sends nothing")
    func cancelledTask() async throws {
        let transport = SOAPFixture.transport(["getCredit": "1"])
        let client = SOAPFixture.client(transport)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.credit()
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(transport.requests.isEmpty)
    }
}
