import Foundation
import Testing
@testable import Every8D

@Suite("Every8DClient.sendSMSFilteringDuplicates")
struct DuplicateFilterTests {
    @Test("posts the SMS fields with IsSend before EventID, to SendSMS4FilterMessage.ashx")
    func exactBytes() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("9610040.00,3,3,0,\(Fixture.batchID)"))])
        let client = Fixture.passwordClient(transport)

        let receipt = try await client.sendSMSFilteringDuplicates(
            to: ["+886900000001", "+886900000002", "+886900000003"], text: "我是訊息內文", subject: "我是主旨", eventID: "1234")

        let request = try #require(transport.requests.first)
        #expect(request.url.absoluteString == "https://new.e8d.tw/API21/HTTP/SendSMS4FilterMessage.ashx")
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(request.bodyText == "UID=Test1234&PWD=S3cr3t%2BP%40ss%26%3Dword&SB=%E6%88%91%E6%98%AF%E4%B8%BB%E6%97%A8"
            + "&MSG=%E6%88%91%E6%98%AF%E8%A8%8A%E6%81%AF%E5%85%A7%E6%96%87&DEST=%2B886900000001%2C%2B886900000002%2C%2B886900000003"
            + "&ST=&RETRYTIME=1440&IsSend=true&EventID=1234")
        #expect(receipt.batchID == Fixture.batchID)
        #expect(receipt.filtered.isEmpty)
        #expect(receipt.sendReceipt?.sent == 3)
    }

    @Test("a dry run sends IsSend=false and lists the duplicates with their earlier batches")
    func dryRun() async throws {
        let answer = "0,0,0,,+886900000001/+886900000002,a496f706-9b0f-4ff8-9644-9503edbb7064/b496f706-9b0f-4ff8-9644-9503edbb7064"
        let transport = Fixture.tokenTransport(answer: answer)
        let client = Fixture.tokenClient(transport)

        let receipt = try await client.sendSMSFilteringDuplicates(to: ["0900000001", "0900000002"], text: "x", dryRun: true)

        let request = try #require(transport.requests(to: "SendSMS4FilterMessage.ashx").first)
        #expect(request.bodyText == "SB=&MSG=x&DEST=%2B886900000001%2C%2B886900000002&ST=&RETRYTIME=1440&IsSend=false")
        #expect(request.headers["Authorization"] == "Bearer \(Fixture.token)")
        #expect(receipt.batchID == nil)
        #expect(receipt.sendReceipt == nil)
        #expect(receipt.filtered == [
            .init(mobile: "+886900000001", earlierBatchID: "a496f706-9b0f-4ff8-9644-9503edbb7064"),
            .init(mobile: "+886900000002", earlierBatchID: "b496f706-9b0f-4ff8-9644-9503edbb7064"),
        ])
    }

    @Test("-98 with the refused numbers is an Every8DError listing them")
    func minus98() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("-98,0900000001/0900000002"))])
        let error = try await #require(throws: Every8DError.self) {
            try await Fixture.passwordClient(transport).sendSMSFilteringDuplicates(to: ["0900000001", "0900000002"], text: "x")
        }
        #expect(error.code == .duplicatesFiltered)
        #expect(error.message == "0900000001/0900000002")
        #expect(error.operation == .sendSMSFilteringDuplicates)
    }
}

@Suite("Every8DClient personalized and template sends")
struct PersonalizedTests {
    @Test("exclusive SMS: SendParam.ashx JSON in the vendor's key order, token mode")
    func exclusiveTokenMode() async throws {
        let answer = #"{"Result":true,"Msg":"999630.00,2,2,0,7eff1d50-8814-4f17-aa61-cb23b97987fa"}"#
        let transport = Fixture.tokenTransport(answer: answer)
        let client = Fixture.tokenClient(transport)

        let receipt = try await client.sendPersonalizedSMS([
            .init(mobile: "+886900000001", text: "客戶:小明您好、您於 2021/09/30 到期。", name: "Test01", email: "Test01@every8d.com.tw"),
            .init(mobile: "0900000002", text: "客戶:大明您好\n\"引號\"", name: "Test02",
                  sendAt: TaiwanTime.makeDate(year: 2999, month: 12, day: 31, hour: 17, minute: 30, second: 0), messageReference: "A-2"),
        ], subject: "主旨", eventID: "1234")

        let request = try #require(transport.requests(to: "SendParam.ashx").first)
        #expect(request.url.absoluteString == "https://new.e8d.tw/API21/HTTP/SendParam.ashx")
        #expect(request.headers.fields == [
            .init(name: "Content-Type", value: "application/json; charset=utf-8"),
            .init(name: "Authorization", value: "Bearer \(Fixture.token)"),
        ])
        #expect(request.bodyText == #"{"SB":"主旨","RETRYTIME":1440,"EventID":"1234","RecipientDataList":["#
            + #"{"Name":"Test01","Mobile":"+886900000001","Email":"Test01@every8d.com.tw","SendTime":"","Param":"客戶:小明您好、您於 2021/09/30 到期。","Mr":""},"#
            + #"{"Name":"Test02","Mobile":"+886900000002","Email":"","SendTime":"29991231173000","Param":"客戶:大明您好\n\"引號\"","Mr":"A-2"}]}"#)
        #expect(receipt == SendReceipt(credit: Decimal(string: "999630.00")!, sent: 2, cost: 2, unsent: 0, batchID: "7eff1d50-8814-4f17-aa61-cb23b97987fa"))
    }

    @Test("template SMS: MSG is the template, Param the values joined with | and padded to five; password mode puts UID and PWD first")
    func templatePasswordMode() async throws {
        let transport = RecordingTransport(responses: [.success(.json(#"{"Result":true,"Status":"0","Msg":"56.00,2,2,0,b"}"#))])
        let client = Fixture.passwordClient(transport)

        let receipt = try await client.sendTemplateSMS(
            template: "客戶:%field1%您好、您於%field2%到期。",
            recipients: [
                .init(mobile: "+886900000001", values: ["小明", "2021/09/30"], name: "Test01"),
                .init(mobile: "+886900000002", values: ["大明", "2021/10/30", "", "", ""]),
            ], subject: "主旨", validity: .seconds(600))

        #expect(transport.requests.first?.bodyText == #"{"UID":"Test1234","PWD":"S3cr3t+P@ss&=word","SB":"主旨","#
            + #""MSG":"客戶:%field1%您好、您於%field2%到期。","RETRYTIME":10,"RecipientDataList":["#
            + #"{"Name":"Test01","Mobile":"+886900000001","Email":"","SendTime":"","Param":"小明|2021/09/30|||","Mr":""},"#
            + #"{"Name":"","Mobile":"+886900000002","Email":"","SendTime":"","Param":"大明|2021/10/30|||","Mr":""}]}"#)
        #expect(transport.requests.first?.headers["Authorization"] == nil)
        #expect(receipt.batchID == "b")
        #expect(receipt.credit == 56)
    }

    @Test("a SendParam failure is an Every8DError with its Status")
    func failure() async throws {
        let transport = RecordingTransport(responses: [.success(.json(#"{"Result":false,"Status":"-28","Msg":"The sendTime format error: yyyyMMddHHmm"}"#))])
        let error = try await #require(throws: Every8DError.self) {
            try await Fixture.passwordClient(transport).sendPersonalizedSMS([.init(mobile: "0912345678", text: "x")])
        }
        #expect(error.code == .invalidSendTime)
        #expect(error.message == "The sendTime format error: yyyyMMddHHmm")
        #expect(error.operation == .sendPersonalizedSMS)
    }

    @Test("exclusive MMS adds ATTACHMENT and TYPE after RETRYTIME")
    func exclusiveMMS() async throws {
        let transport = RecordingTransport(responses: [.success(.json(#"{"Result":true,"Msg":"100.00,1,3,0,b"}"#))])
        let attachment = try MMSAttachment(data: Fixture.png(size: 12))
        try await Fixture.passwordClient(transport).sendPersonalizedMMS(
            [.init(mobile: "0900000001", text: "看圖")], subject: "Promo", attachment: attachment, eventID: "-1")
        let base64 = Fixture.png(size: 12).base64EncodedString()
        #expect(transport.requests.first?.bodyText == #"{"UID":"Test1234","PWD":"S3cr3t+P@ss&=word","SB":"Promo","RETRYTIME":1440,"#
            + #""ATTACHMENT":"\#(base64)","TYPE":"png","EventID":"-1","RecipientDataList":["#
            + #"{"Name":"","Mobile":"+886900000001","Email":"","SendTime":"","Param":"看圖","Mr":""}]}"#)
    }

    @Test("template MMS: SB, MSG, RETRYTIME, ATTACHMENT, TYPE, RecipientDataList")
    func templateMMS() async throws {
        let transport = Fixture.tokenTransport(answer: #"{"Result":true,"Msg":"100.00,1,3,0,b"}"#)
        let attachment = try MMSAttachment(data: Fixture.gif(size: 9))
        try await Fixture.tokenClient(transport).sendTemplateMMS(
            template: "Hi %field1%", recipients: [.init(mobile: "0900000001", values: ["A"], messageReference: "1")],
            subject: "S", attachment: attachment)
        let base64 = Fixture.gif(size: 9).base64EncodedString()
        #expect(transport.requests(to: "SendParam.ashx").first?.bodyText == #"{"SB":"S","MSG":"Hi %field1%","RETRYTIME":1440,"#
            + #""ATTACHMENT":"\#(base64)","TYPE":"gif","RecipientDataList":["#
            + #"{"Name":"","Mobile":"+886900000001","Email":"","SendTime":"","Param":"A||||","Mr":"1"}]}"#)
    }

    @Test("a template recipient renders its text and its Param")
    func renderAndParam() {
        let recipient = TemplateRecipient(mobile: "0900000001", values: ["小明", "2021/09/30"])
        #expect(recipient.param == "小明|2021/09/30|||")
        #expect(recipient.render("客戶:%field1%您好、您於%field2%到期。%field5%") == "客戶:小明您好、您於2021/09/30到期。")
    }
}

@Suite("Every8DClient.sendMMS")
struct MMSTests {
    @Test("posts the MMS form with the base64 picture form-encoded and TYPE from the bytes")
    func exactBytes() async throws {
        let transport = Fixture.tokenTransport(answer: "9610040.00,2,6,0,\(Fixture.batchID)")
        let picture = Data([0xFF, 0xD8, 0xFF, 0xE0, 0xFB, 0xFF, 0xFE])  // base64 "/9j/4Pv//g==" has + / =
        let attachment = try MMSAttachment(data: picture)
        #expect(attachment.type == .jpeg)
        #expect(attachment.base64 == "/9j/4Pv//g==")

        let receipt = try await Fixture.tokenClient(transport).sendMMS(
            to: ["0900000001", "+886900000002"], subject: "簡訊主旨", text: "簡訊主旨", attachment: attachment, eventID: "1234")

        let request = try #require(transport.requests(to: "SendMMS.ashx").first)
        #expect(request.url.absoluteString == "https://new.e8d.tw/API21/HTTP/MMS/SendMMS.ashx")
        #expect(request.headers["Authorization"] == "Bearer \(Fixture.token)")
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(request.bodyText == "SB=%E7%B0%A1%E8%A8%8A%E4%B8%BB%E6%97%A8&MSG=%E7%B0%A1%E8%A8%8A%E4%B8%BB%E6%97%A8"
            + "&DEST=%2B886900000001%2C%2B886900000002&ST=&RETRYTIME=1440&ATTACHMENT=%2F9j%2F4Pv%2F%2Fg%3D%3D&TYPE=jpg&EventID=1234")
        #expect(receipt.cost == 6)
    }

    @Test("the picture type is read from its bytes")
    func typeDetection() throws {
        #expect(try MMSAttachment(data: Fixture.jpeg()).type.rawValue == "jpg")
        #expect(try MMSAttachment(data: Fixture.png()).type.rawValue == "png")
        #expect(try MMSAttachment(data: Fixture.gif()).type.rawValue == "gif")
        #expect(try MMSAttachment(data: Data("GIF87a...".utf8)).type == .gif)
    }
}
