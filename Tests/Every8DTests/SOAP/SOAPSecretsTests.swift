import Foundation
import Testing
@testable import Every8D
@_spi(SMSInternals) import SMSTransport

@Suite("Every8DSOAPClient never leaks the password or the session key")
struct SOAPSecretsTests {
    static let secrets = [
        Fixture.password, XMLEscaping.escape(Fixture.password), FormEncoding.percentEncode(Fixture.password), SOAPFixture.sessionKey,
    ]

    static func leaks(_ text: String) -> [String] {
        secrets.filter { text.contains($0) }
    }

    @Test("no log record and no error description holds a secret, whatever the gateway echoes")
    func noLeaks() async throws {
        let echo = "\(Fixture.password) \(SOAPFixture.sessionKey)"
        let answers: [TransportResponse] = [
            SOAPFixture.fault11("soap:Client", "bad password \(Fixture.password) for key \(SOAPFixture.sessionKey)"),
            SOAPFixture.fault12("soap:Receiver", "System.Exception: \(echo)\n   at SMS.sendSMS(String sessionKey)"),
            SOAPFixture.answer("any", "-99,echo \(echo)"),
            TransportResponse(status: 500, body: Data("<html>\(echo)</html>".utf8)),
            .ok("<html>\(echo)</html>", contentType: "text/html"),
            SOAPFixture.answer("getDeliveryStatus", "<SMS_LOG><CODE>-99</CODE><DESCRIPTION>\(echo)</DESCRIPTION></SMS_LOG>"),
            SOAPFixture.answer("sendSMS", "1,2,\(echo)"),
        ]
        var texts: [String] = []
        let records = Collector<TransportLogRecord>()
        for answer in answers {
            let transport = RecordingTransport { request, _ in
                let method = SOAPFixture.method(of: request)
                if method == "getConnection" { return SOAPFixture.answer(method, SOAPFixture.connection()) }
                // Answer as the method asked, so the envelope reads.
                if answer.status == 200, answer.headers["Content-Type"]?.hasPrefix("text/xml") == true {
                    let text = String(decoding: answer.body, as: UTF8.self)
                        .replacingOccurrences(of: "anyResponse", with: "\(method)Response").replacingOccurrences(of: "anyResult", with: "\(method)Result")
                        .replacingOccurrences(of: "getDeliveryStatusResponse", with: "\(method)Response")
                        .replacingOccurrences(of: "getDeliveryStatusResult", with: "\(method)Result")
                        .replacingOccurrences(of: "sendSMSResponse", with: "\(method)Response").replacingOccurrences(of: "sendSMSResult", with: "\(method)Result")
                    return .ok(text, contentType: "text/xml; charset=utf-8")
                }
                return answer
            }
            let configuration = SOAPFixture.configuration(readRetryPolicy: .none, logger: { records.append($0) })
            let client = Every8DSOAPClient(credentials: Fixture.credentials, configuration: configuration, transport: transport)
            let calls: [@Sendable () async throws -> Void] = [
                { _ = try await client.connect() },
                { _ = try await client.credit() },
                { _ = try await client.sendSMS(to: ["0912345678"], text: "x") },
                { _ = try await client.deliveryReportPage(batch: "b") },
                { _ = try await client.sendPersonalizedSMS([.init(mobile: "0912345678", text: "x")]) },
                { _ = try await client.cancelBooking(batch: "b") },
                { _ = try await client.disconnect() },
            ]
            for call in calls {
                do { try await call() } catch {
                    texts.append(String(describing: error))
                    texts.append(String(reflecting: error))
                    if let unknown = error as? SendOutcomeUnknownError { texts.append(String(describing: unknown.cause)) }
                    if let fault = error as? Every8DSOAPFault { texts.append(fault.reason) }
                }
            }
            var dumped = ""
            dump(client.credentials, to: &dumped)
            dump(client.configuration, to: &dumped)
            dump(client.keeper.heldSession, to: &dumped)
            texts.append(dumped)
            texts.append(String(describing: client.credentials))
        }
        let recorded = records.values
        #expect(recorded.count > 20)
        texts += recorded.map { String(describing: $0) }
        texts += recorded.flatMap { [$0.url, $0.body] + $0.headers.fields.map(\.value) }
        for text in texts {
            #expect(Self.leaks(text).isEmpty, "leak in: \(text.prefix(300))")
        }
        // The faults were seen, with their text (minus the secrets).
        #expect(texts.contains { $0.contains("bad password \(Redaction.placeholder)") })
    }

    @Test("the request's own description hides the password and the session key")
    func requestDescription() async throws {
        let transport = SOAPFixture.transport(["getCredit": "1.00"])
        _ = try await SOAPFixture.client(transport).credit()
        for request in transport.requests {
            #expect(Self.leaks(request.description).isEmpty)
        }
        // The wire itself carries them, of course.
        #expect(transport.requests[0].bodyText.contains(XMLEscaping.escape(Fixture.password)))
        #expect(transport.requests[1].bodyText.contains(SOAPFixture.sessionKey))
    }
}
