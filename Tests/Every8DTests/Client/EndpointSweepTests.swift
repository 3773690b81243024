import Foundation
import Testing
@testable import Every8D

@Suite("Every call: method, URL, content type and authentication")
struct EndpointSweepTests {
    struct Call: Sendable {
        let name: String
        let path: String
        let isJSON: Bool
        let answer: String
        let run: @Sendable (Every8DClient) async throws -> Void
    }

    static func calls() throws -> [Call] {
        let attachment = try MMSAttachment(data: Fixture.jpeg())
        let receipt = "100.00,1,1,0,b"
        let envelope = #"{"Result":true,"Msg":"100.00,1,1,0,b"}"#
        let page = #"{"SMS_COUNT":0,"BID":"b"}"#
        return [
            Call(name: "sendSMS", path: "/API21/HTTP/SendSMS.ashx", isJSON: false, answer: receipt) { try await $0.sendSMS(to: ["0912345678"], text: "x") },
            Call(name: "duplicate filter", path: "/API21/HTTP/SendSMS4FilterMessage.ashx", isJSON: false, answer: receipt) {
                try await $0.sendSMSFilteringDuplicates(to: ["0912345678"], text: "x")
            },
            Call(name: "personalized SMS", path: "/API21/HTTP/SendParam.ashx", isJSON: true, answer: envelope) {
                try await $0.sendPersonalizedSMS([.init(mobile: "0912345678", text: "x")])
            },
            Call(name: "template SMS", path: "/API21/HTTP/SendParam.ashx", isJSON: true, answer: envelope) {
                try await $0.sendTemplateSMS(template: "%field1%", recipients: [.init(mobile: "0912345678", values: ["x"])])
            },
            Call(name: "sendMMS", path: "/API21/HTTP/MMS/SendMMS.ashx", isJSON: false, answer: receipt) {
                try await $0.sendMMS(to: ["0912345678"], subject: "s", attachment: attachment)
            },
            Call(name: "personalized MMS", path: "/API21/HTTP/SendParam.ashx", isJSON: true, answer: envelope) {
                try await $0.sendPersonalizedMMS([.init(mobile: "0912345678", text: "x")], subject: "s", attachment: attachment)
            },
            Call(name: "template MMS", path: "/API21/HTTP/SendParam.ashx", isJSON: true, answer: envelope) {
                try await $0.sendTemplateMMS(template: "%field1%", recipients: [.init(mobile: "0912345678", values: ["x"])], subject: "s", attachment: attachment)
            },
            Call(name: "credit", path: "/API21/HTTP/GetCredit.ashx", isJSON: false, answer: "1.00") { _ = try await $0.credit() },
            Call(name: "SMS status", path: "/API21/HTTP/GetDeliveryStatus.ashx", isJSON: false, answer: page) { _ = try await $0.deliveryReportPage(batch: "b") },
            Call(name: "MMS status", path: "/API21/HTTP/MMS/GetDeliveryStatus.ashx", isJSON: false, answer: page) { _ = try await $0.deliveryReportPage(batch: "b", kind: .mms) },
            Call(name: "replies", path: "/API21/HTTP/GetReplyMessage.ashx", isJSON: false, answer: page) { _ = try await $0.replyPage(batch: "b") },
            Call(name: "cancel SMS", path: "/API21/HTTP/EraseBooking.ashx", isJSON: false, answer: "1,1.00") { try await $0.cancelBooking(batch: "b") },
            Call(name: "cancel MMS", path: "/API21/HTTP/MMS/EraseBooking.ashx", isJSON: false, answer: "1,3.00") { try await $0.cancelBooking(batch: "b", kind: .mms) },
        ]
    }

    @Test("token mode: POST, Bearer header, no UID/PWD in the body", arguments: 0..<13)
    func tokenMode(_ index: Int) async throws {
        let call = try Self.calls()[index]
        let transport = Fixture.tokenTransport(answer: call.answer)
        try await call.run(Fixture.tokenClient(transport, site: "https://biz3.every8d.com.tw/prepaid"))
        let requests = transport.requests
        try #require(requests.count == 2)
        let request = requests[1]
        #expect(request.method == .post)
        #expect(request.url.absoluteString == "https://biz3.every8d.com.tw/prepaid" + call.path)
        #expect(request.headers["Content-Type"] == (call.isJSON ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded; charset=utf-8"))
        #expect(request.headers["Authorization"] == "Bearer \(Fixture.token)")
        #expect(!request.bodyText.contains("UID"))
        #expect(!request.bodyText.contains("PWD"))
    }

    @Test("password mode: POST, UID and PWD first in the body, no header, no token call", arguments: 0..<13)
    func passwordMode(_ index: Int) async throws {
        let call = try Self.calls()[index]
        let transport = RecordingTransport { _, _ in call.answer.hasPrefix("{") ? .json(call.answer) : .ok(call.answer) }
        try await call.run(Fixture.passwordClient(transport))
        let requests = transport.requests
        try #require(requests.count == 1)
        let request = requests[0]
        #expect(request.method == .post)
        #expect(request.url.absoluteString == "https://new.e8d.tw" + call.path)
        #expect(request.headers["Authorization"] == nil)
        if call.isJSON {
            #expect(request.bodyText.hasPrefix(#"{"UID":"Test1234","PWD":"S3cr3t+P@ss&=word","#))
        } else {
            #expect(request.bodyText.hasPrefix("UID=Test1234&PWD=S3cr3t%2BP%40ss%26%3Dword"))
        }
    }
}
