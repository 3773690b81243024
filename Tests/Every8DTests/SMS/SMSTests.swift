import Foundation
import Testing
@testable import Every8D

@Suite("Every8DClient.sendSMS")
struct SMSTests {
    @Test("token mode: fetches a token, then posts the form with a Bearer header, byte for byte")
    func tokenModeExactBytes() async throws {
        let transport = Fixture.tokenTransport(answer: "9610040.00,2,2,0,\(Fixture.batchID)")
        let client = Fixture.tokenClient(transport)

        let receipt = try await client.sendSMS(to: ["0912345678", "+886900000002"], text: "我是訊息內文", subject: "我是主旨")

        let requests = transport.requests
        try #require(requests.count == 2)
        let tokenRequest = requests[0]
        #expect(tokenRequest.method == .post)
        #expect(tokenRequest.url.absoluteString == "https://new.e8d.tw/API21/HTTP/ConnectionHandler.ashx")
        #expect(tokenRequest.headers.fields == [.init(name: "Content-Type", value: "application/json; charset=utf-8")])
        #expect(tokenRequest.bodyText == #"{"HandlerType":3,"VerifyType":1,"UID":"Test1234","PWD":"S3cr3t+P@ss&=word"}"#)

        let send = requests[1]
        #expect(send.method == .post)
        #expect(send.url.absoluteString == "https://new.e8d.tw/API21/HTTP/SendSMS.ashx")
        #expect(send.headers.fields == [
            .init(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8"),
            .init(name: "Authorization", value: "Bearer \(Fixture.token)"),
        ])
        #expect(send.bodyText == "SB=%E6%88%91%E6%98%AF%E4%B8%BB%E6%97%A8&MSG=%E6%88%91%E6%98%AF%E8%A8%8A%E6%81%AF%E5%85%A7%E6%96%87"
            + "&DEST=%2B886912345678%2C%2B886900000002&ST=&RETRYTIME=1440")
        #expect(send.timeout == .seconds(5))

        #expect(receipt == SendReceipt(credit: Decimal(string: "9610040.00")!, sent: 2, cost: 2, unsent: 0, batchID: Fixture.batchID))
    }

    @Test("password mode: UID and PWD lead the body, no token call, no Authorization header")
    func passwordModeExactBytes() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("1230.00,4,4.0,\(Fixture.batchID)"))])
        let client = Fixture.passwordClient(transport)

        let receipt = try await client.sendSMS(to: "0912345678", text: "您的驗證碼 123456")

        let requests = transport.requests
        try #require(requests.count == 1)
        #expect(requests[0].url.absoluteString == "https://new.e8d.tw/API21/HTTP/SendSMS.ashx")
        #expect(requests[0].headers["Authorization"] == nil)
        #expect(requests[0].bodyText == "UID=Test1234&PWD=S3cr3t%2BP%40ss%26%3Dword&SB=&MSG=%E6%82%A8%E7%9A%84%E9%A9%97%E8%AD%89%E7%A2%BC%20123456"
            + "&DEST=%2B886912345678&ST=&RETRYTIME=1440")
        #expect(receipt.unsent == 0)
        #expect(receipt.cost == Decimal(string: "4.0"))
        #expect(receipt.credit == Decimal(string: "1230.00"))
    }

    @Test("booking: ST in Taiwan time, validity in minutes, EventID last")
    func bookingFields() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("100.00,1,1,0,\(Fixture.batchID)"))])
        let client = Fixture.passwordClient(transport)
        let sendAt = TaiwanTime.makeDate(year: 2099, month: 11, day: 24, hour: 12, minute: 0, second: 0)!

        try await client.sendSMS(to: ["+12025550123"], text: "hi", subject: "S", at: sendAt, validity: .seconds(90 * 60), eventID: "1234")

        #expect(transport.requests.first?.bodyText == "UID=Test1234&PWD=S3cr3t%2BP%40ss%26%3Dword&SB=S&MSG=hi&DEST=%2B12025550123"
            + "&ST=20991124120000&RETRYTIME=90&EventID=1234")
    }

    @Test("numbers are kept as 09… when normalisation is off")
    func normalisationOff() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("100.00,1,1,0,\(Fixture.batchID)"))])
        var configuration = Fixture.configuration(authentication: .password)
        configuration.normalizesTaiwanNumbers = false
        let client = Every8DClient(credentials: Fixture.credentials, configuration: configuration, transport: transport)

        try await client.sendSMS(to: [" 0912345678 "], text: "x")

        #expect(transport.requests.first?.bodyText.contains("&DEST=0912345678&") == true)
    }

    @Test("a site with a path prefix keeps it before /API21/HTTP/")
    func pathPrefix() async throws {
        let transport = Fixture.tokenTransport(answer: "100.00,1,1,0,\(Fixture.batchID)")
        let client = Fixture.tokenClient(transport, site: "https://biz3.every8d.com.tw/prepaid")

        try await client.sendSMS(to: ["0912345678"], text: "x")

        #expect(transport.requests.map(\.url.absoluteString) == [
            "https://biz3.every8d.com.tw/prepaid/API21/HTTP/ConnectionHandler.ashx",
            "https://biz3.every8d.com.tw/prepaid/API21/HTTP/SendSMS.ashx",
        ])
    }

    @Test("a gateway error answer is an Every8DError with code, message and operation")
    func gatewayError() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("-27,電話號碼不得為空"))])
        let client = Fixture.passwordClient(transport)

        let error = try await #require(throws: Every8DError.self) {
            try await client.sendSMS(to: ["0912345678"], text: "x")
        }
        #expect(error.code == .missingPhoneNumber)
        #expect(error.code.rawValue == -27)
        #expect(error.message == "電話號碼不得為空")
        #expect(error.operation == .sendSMS)
        #expect(transport.requests.count == 1)
    }

    @Test("a JSON failure from the form endpoint (token mode) is an Every8DError too")
    func jsonErrorFromFormEndpoint() async throws {
        let transport = Fixture.tokenTransport(answer: #"{"Result":false,"Status":"-306","Msg":"手機格式不符:+1-202-895-1800"}"#)
        let client = Fixture.tokenClient(transport)

        let error = try await #require(throws: Every8DError.self) {
            try await client.sendSMS(to: ["0912345678"], text: "x")
        }
        #expect(error.code == .invalidPhoneNumber)
        #expect(error.message == "手機格式不符:+1-202-895-1800")
    }
}
