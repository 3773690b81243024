import Foundation
import Testing
@testable import Every8D

@Suite("PushReport")
struct PushReportTests {
    @Test("a delivery report with every documented field")
    func deliveryReport() throws {
        let query = "BatchID=c496f706-9b0f-4ff8-9644-9503edbb7064&RM=%2B886912345678&RT=20240115120501&STATUS=100&SM=&ST=20240115120000"
            + "&MR=A-1&SUBJECT=%E6%9C%88%E7%B5%90&NAME=Test+01&SOURCE=API&CHARGE=1.00&TYPE=SMS&MSGID=m-9&USERID=Test1234"
        let report = try PushReport(query: query)
        #expect(report.batchID == "c496f706-9b0f-4ff8-9644-9503edbb7064")
        #expect(report.mobile == "+886912345678")
        #expect(report.reportedAt == TaiwanTime.makeDate(year: 2024, month: 1, day: 15, hour: 12, minute: 5, second: 1))
        #expect(report.status == .delivered)
        #expect(report.text == nil)
        #expect(report.sentAt == TaiwanTime.makeDate(year: 2024, month: 1, day: 15, hour: 12, minute: 0, second: 0))
        #expect(report.messageReference == "A-1")
        #expect(report.subject == "月結")
        #expect(report.name == "Test 01")
        #expect(report.source == "API")
        #expect(report.charge == 1)
        #expect(report.messageType == "SMS")
        #expect(report.messageID == "m-9")
        #expect(report.userID == "Test1234")
        #expect(!report.isReply)
        #expect(report.unknownFields.isEmpty)
        #expect(report.fields.count == 14)
    }

    @Test("a reply: STATUS 999 with the text in SM, + as space and %2b as plus, unknown fields kept")
    func reply() throws {
        let report = try PushReport(query: "?batchid=b1&rm=%2b886912345678&rt=2024-01-15+12:05:01&status=999&sm=%e5%a5%bd+1%2b1&CustID=77&UserNo=u%26v")
        #expect(report.isReply)
        #expect(report.status.category == .reply)
        #expect(report.batchID == "b1")
        #expect(report.mobile == "+886912345678")
        #expect(report.text == "好 1+1")
        #expect(report.reportedAt == TaiwanTime.makeDate(year: 2024, month: 1, day: 15, hour: 12, minute: 5, second: 1))
        #expect(report.unknownFields == [FormField("CustID", "77"), FormField("UserNo", "u&v")])
        #expect(report[field: "custid"] == "77")
    }

    @Test("from a URL and from a form body")
    func otherInputs() throws {
        let url = URL(string: "https://example.com/Report.aspx?BatchID=b&RM=%2B886912345678&RT=20240115120501&STATUS=101")!
        let fromURL = try PushReport(url: url)
        #expect(fromURL.status == .handsetUnreachable)
        #expect(fromURL.mobile == "+886912345678")
        let fromBody = try PushReport(formBody: Data("STATUS=303&BatchID=b".utf8))
        #expect(fromBody.status == .bookingCancelled)
        let fromFullURLText = try PushReport(query: "https://example.com/r?STATUS=0&RM=0912345678#frag")
        #expect(fromFullURLText.status == .sentToCarrier)
        #expect(fromFullURLText.mobile == "0912345678")
    }

    @Test("values that do not read are nil, kept as text; an unknown status is kept")
    func lenientValues() throws {
        let report = try PushReport(query: "STATUS=%20777%20&RT=yesterday&CHARGE=abc&ST=")
        #expect(report.status.rawValue == 777)
        #expect(report.reportedAt == nil)
        #expect(report.charge == nil)
        #expect(report.sentAt == nil)
        #expect(report[field: "RT"] == "yesterday")
    }

    @Test("without a readable STATUS it is not a report", arguments: ["BatchID=b", "STATUS=", "STATUS=ok", ""])
    func notAReport(_ query: String) {
        #expect(throws: ResponseParseError.self) { try PushReport(query: query) }
    }
}

@Suite("CostEstimator")
struct CostEstimatorTests {
    @Test("the billing table for one long SMS and longer texts", arguments: [
        (0, 0), (1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4), (268, 4), (269, 5), (333, 5), (334, 6), (403, 6), (404, 7), (666, 10), (667, 11),
    ])
    func table(_ characters: Int, _ points: Int) {
        #expect(CostEstimator.smsPoints(characters: characters) == points)
    }

    @Test("recipients: Taiwan at table price, international ×3, EventID adds 17 characters")
    func recipients() throws {
        let text = String(repeating: "字", count: 60)
        let plain = try CostEstimator.sms(text: text, recipients: ["0912345678", "+886922345678", "+12025550123"])
        #expect(plain == .init(points: 1 + 1 + 3, domesticRecipients: 2, internationalRecipients: 1))
        let withEvent = try CostEstimator.sms(text: text, recipients: ["0912345678"], eventID: "-1")
        #expect(withEvent.points == 2)
        #expect(CostEstimator.billedCharacters("😀") == 2)
        #expect(throws: ValidationError.self) { try CostEstimator.sms(text: "x", recipients: ["12"]) }
    }

    @Test("personalized and template sends are priced per message")
    func perMessage() throws {
        let personalized = try CostEstimator.sms([
            .init(mobile: "0912345678", text: String(repeating: "a", count: 70)),
            .init(mobile: "0912345679", text: String(repeating: "a", count: 71)),
        ])
        #expect(personalized.points == 3)
        let template = try CostEstimator.sms(template: "Hi %field1%!", recipients: [
            .init(mobile: "0912345678", values: [String(repeating: "b", count: 66)]),
            .init(mobile: "0912345679", values: [String(repeating: "b", count: 67)]),
        ])
        #expect(template.points == 3)
    }

    @Test("MMS: 3 points up to 50 KB, 5 up to 300 KB, Taiwan only")
    func mms() throws {
        #expect(CostEstimator.mmsPoints(contentBytes: 50 * 1024) == 3)
        #expect(CostEstimator.mmsPoints(contentBytes: 50 * 1024 + 1) == 5)
        #expect(CostEstimator.mmsPoints(contentBytes: 300 * 1024) == 5)
        #expect(CostEstimator.mmsPoints(contentBytes: 300 * 1024 + 1) == nil)
        let small = try MMSAttachment(data: Fixture.jpeg(size: 1000))
        #expect(try CostEstimator.mms(attachment: small, text: "hi", recipients: ["0912345678", "0912345679"]).points == 6)
        let large = try MMSAttachment(data: Fixture.jpeg(size: 60 * 1024))
        #expect(try CostEstimator.mms(attachment: large, recipients: ["0912345678"]).points == 5)
        #expect(throws: ValidationError.self) { try CostEstimator.mms(attachment: small, recipients: ["+12025550123"]) }
    }
}

@Suite("DeliveryStatus and Every8DError codes")
struct CodeTests {
    @Test("every documented status has a meaning and the right category")
    func statuses() {
        let expected: [Int: DeliveryStatus.Category] = [
            -10: .failed, -8: .failed, -6: .failed, -5: .failed, -4: .failed, -3: .failed, -2: .failed, -1: .failed,
            0: .pending, 100: .delivered, 101: .failed, 102: .failed, 103: .failed, 104: .failed, 105: .failed, 106: .failed,
            107: .failed, 300: .scheduled, 301: .failed, 303: .cancelled, 500: .failed, 700: .sent, 888: .testMode, 999: .reply,
        ]
        #expect(Set(DeliveryStatus.known.map(\.rawValue)) == Set(expected.keys))
        for status in DeliveryStatus.known {
            #expect(status.isKnown)
            #expect(!status.meaning.hasPrefix("unknown"))
            #expect(status.category == expected[status.rawValue], "\(status.rawValue)")
        }
        #expect(DeliveryStatus.scheduled.isFinal == false)
        #expect(DeliveryStatus.sentToCarrier.isFinal == false)
        #expect(DeliveryStatus.delivered.isFinal)
    }

    @Test("unknown statuses are kept and categorised by range")
    func unknownStatuses() {
        #expect(DeliveryStatus(rawValue: -42).category == .failed)
        #expect(DeliveryStatus(rawValue: 150).category == .failed)
        #expect(DeliveryStatus(rawValue: 4242).category == .unknown)
        #expect(!DeliveryStatus(rawValue: 4242).isKnown)
        #expect(DeliveryStatus(rawValue: 4242).description == "4242 (unknown status 4242)")
        #expect(DeliveryStatus.delivered.description == "100 (delivered to the handset)")
    }

    @Test("every known gateway code has a meaning; unknown codes survive")
    func errorCodes() {
        let numbers = Every8DError.Code.known.map(\.rawValue)
        #expect(Set(numbers) == [-1, -2, -3, -4, -8, -27, -28, -97, -98, -99, -100, -101, -300, -301, -306, -999])
        for code in Every8DError.Code.known { #expect(code.meaning != nil) }
        let unknown = Every8DError.Code(rawValue: -4711)
        #expect(unknown.meaning == nil)
        #expect(unknown.description == "-4711")
        let error = Every8DError(code: .sessionExpired, message: "Session 資料不存在", operation: .credit)
        #expect(error.isAuthenticationFailure)
        #expect(error.description == "EVERY8D GetCredit failed: -301 (the session or token no longer exists): Session 資料不存在")
        #expect(!Every8DError(code: .unknownError, message: "", operation: .credit).isAuthenticationFailure)
    }
}
