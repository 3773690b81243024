import Foundation
import Testing
@testable import Every8D
@_spi(SMSInternals) import SMSTransport

@Suite("Every8DClient.credit")
struct CreditTests {
    @Test("posts GetCredit.ashx with only the authentication, reads an exact decimal")
    func credit() async throws {
        let transport = Fixture.tokenTransport(answer: "1000.10")
        let credit = try await Fixture.tokenClient(transport).credit()
        #expect(credit == Decimal(string: "1000.10"))
        let request = try #require(transport.requests(to: "GetCredit.ashx").first)
        #expect(request.url.absoluteString == "https://new.e8d.tw/API21/HTTP/GetCredit.ashx")
        #expect(request.body.isEmpty)
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(request.headers["Authorization"] == "Bearer \(Fixture.token)")
    }

    @Test("a failure answer is an Every8DError")
    func failure() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("-300,帳號密碼不得為空"))])
        let error = try await #require(throws: Every8DError.self) { try await Fixture.passwordClient(transport).credit() }
        #expect(error.code == .missingCredentials)
        #expect(error.operation == .credit)
    }
}

@Suite("Every8DClient delivery status")
struct DeliveryStatusClientTests {
    @Test("posts BID, PNO and RESPFORMAT for each format, SMS and MMS")
    func exactBytes() async throws {
        let transport = RecordingTransport { request, _ in
            switch request.bodyText.suffix(1) {
            case "0": return .ok("0")
            case "1": return .json(#"{"SMS_COUNT":0,"BID":"b"}"#)
            default: return .ok(#"<SMS_LOG><CODE>0</CODE><GET_DELIVERY_STATUS COUNT="0"></GET_DELIVERY_STATUS></SMS_LOG>"#)
            }
        }
        let client = Fixture.passwordClient(transport)
        _ = try await client.deliveryReportPage(batch: "f370a403-df23-4122-a7e6-261563a071cd", format: .tab)
        _ = try await client.deliveryReportPage(batch: "f370a403-df23-4122-a7e6-261563a071cd", page: 2)
        _ = try await client.deliveryReportPage(batch: "119d7d88-3724-4c32-b884-13d4385baca5", page: 3, kind: .mms, format: .xml)

        let requests = transport.requests
        #expect(requests.map(\.url.absoluteString) == [
            "https://new.e8d.tw/API21/HTTP/GetDeliveryStatus.ashx",
            "https://new.e8d.tw/API21/HTTP/GetDeliveryStatus.ashx",
            "https://new.e8d.tw/API21/HTTP/MMS/GetDeliveryStatus.ashx",
        ])
        #expect(requests.map(\.bodyText) == [
            "UID=Test1234&PWD=S3cr3t%2BP%40ss%26%3Dword&BID=f370a403-df23-4122-a7e6-261563a071cd&PNO=1&RESPFORMAT=0",
            "UID=Test1234&PWD=S3cr3t%2BP%40ss%26%3Dword&BID=f370a403-df23-4122-a7e6-261563a071cd&PNO=2&RESPFORMAT=1",
            "UID=Test1234&PWD=S3cr3t%2BP%40ss%26%3Dword&BID=119d7d88-3724-4c32-b884-13d4385baca5&PNO=3&RESPFORMAT=2",
        ])
    }

    @Test("a page from the gateway arrives typed")
    func typedPage() async throws {
        let transport = Fixture.tokenTransport(answer: """
            {"SMS_COUNT":1,"BID":"119d7d88","DATA":[{"MR":"1","NAME":"Test01","MOBILE":"+886900000001","SEND_TIME":"2021-05-11 14:00:00",\
            "COST":"3.00","STATUS":"700","REAL_COST":"0","RECEIVED_TIME":"2021/05/11 14:00:00"}]}
            """)
        let page = try await Fixture.tokenClient(transport).deliveryReportPage(batch: "119d7d88", kind: .mms)
        #expect(page.totalCount == 1)
        #expect(page.batchID == "119d7d88")
        let report = try #require(page.reports.first)
        #expect(report.status == .mmsSent)
        #expect(report.status.category == .sent)  // sent, delivery not confirmed
        #expect(report.status.isFinal)
        #expect(report.cost == 3)
        #expect(report.realCost == 0)
        #expect(report.messageReference == "1")
        #expect(report.sentAt == TaiwanTime.makeDate(year: 2021, month: 5, day: 11, hour: 14, minute: 0, second: 0))
    }

    /// A transport serving `total` reports in pages of `pageSize` (JSON), counting the pages asked for.
    static func pagedTransport(total: Int, pageSize: Int, ignorePNO: Bool = false, countOverride: Int? = nil) -> RecordingTransport {
        RecordingTransport { request, _ in
            let fields = FormEncoding.decode(request.body)
            let page = ignorePNO ? 1 : Int(fields.value(named: "PNO") ?? "1")!
            let start = (page - 1) * pageSize
            let rows = (start..<max(start, min(total, start + pageSize))).map { index in
                #"{"MR":"\#(index)","NAME":"","MOBILE":"+8869\#(String(format: "%08d", index))","SEND_TIME":"2024-01-01 00:00:00","COST":"1","STATUS":"100","REAL_COST":"1","RECEIVED_TIME":""}"#
            }
            let data = rows.isEmpty ? "" : #","DATA":[\#(rows.joined(separator: ","))]"#
            return .json(#"{"SMS_COUNT":\#(countOverride ?? total),"BID":"b"\#(data)}"#)
        }
    }

    @Test("the sequence walks PNO 1, 2, … and stops at the count")
    func sequenceStopsAtCount() async throws {
        let transport = Self.pagedTransport(total: 2500, pageSize: 1000)
        var references: [String] = []
        for try await report in Fixture.passwordClient(transport).deliveryReports(batch: "b") {
            references.append(report.messageReference ?? "")
        }
        #expect(references.count == 2500)
        #expect(references == (0..<2500).map(String.init))
        #expect(transport.requests.map { FormEncoding.decode($0.body).value(named: "PNO") } == ["1", "2", "3"])
    }

    @Test("the sequence stops on an empty page")
    func sequenceStopsOnEmptyPage() async throws {
        let transport = Self.pagedTransport(total: 1500, pageSize: 1000, countOverride: 5000)
        var count = 0
        for try await _ in Fixture.passwordClient(transport).deliveryReports(batch: "b", kind: .mms) { count += 1 }
        #expect(count == 1500)
        #expect(transport.requests.count == 3)
        #expect(transport.requests.allSatisfy { $0.url.path.hasSuffix("/MMS/GetDeliveryStatus.ashx") })
    }

    @Test("the sequence stops when the gateway repeats the same page")
    func sequenceStopsOnRepeatedPage() async throws {
        let transport = Self.pagedTransport(total: 5000, pageSize: 1000, ignorePNO: true)
        var count = 0
        for try await _ in Fixture.passwordClient(transport).deliveryReports(batch: "b") { count += 1 }
        #expect(count == 1000)
        #expect(transport.requests.count == 2)
    }

    @Test("an empty batch gives an empty sequence after one request")
    func emptyBatch() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("0"))])
        var count = 0
        for try await _ in Fixture.passwordClient(transport).deliveryReports(batch: "b", format: .tab) { count += 1 }
        #expect(count == 0)
        #expect(transport.requests.count == 1)
    }

    @Test("an error ends the sequence after being thrown")
    func errorEnds() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("-99,boom"))])
        var iterator = Fixture.passwordClient(transport).deliveryReports(batch: "b").makeAsyncIterator()
        await #expect(throws: Every8DError.self) { _ = try await iterator.next() }
        #expect(try await iterator.next() == nil)
        #expect(transport.requests.count == 1)
    }

    @Test("a bad batch id is reported from the loop, before any request")
    func badBatch() async throws {
        let transport = RecordingTransport(responses: [])
        var iterator = Fixture.passwordClient(transport).deliveryReports(batch: "  ").makeAsyncIterator()
        let error = try await #require(throws: ValidationError.self) { _ = try await iterator.next() }
        #expect(error.field == "BID")
        #expect(transport.requests.isEmpty)
    }

    @Test("the sequence respects cancellation")
    func cancellation() async throws {
        let transport = Self.pagedTransport(total: 3000, pageSize: 1000)
        let client = Fixture.passwordClient(transport)
        let task = Task {
            var count = 0
            for try await _ in client.deliveryReports(batch: "b") {
                count += 1
                if count == 1000 { withUnsafeCurrentTask { $0?.cancel() } }
            }
            return count
        }
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(transport.requests.count == 1)
    }
}

@Suite("Every8DClient replies")
struct RepliesClientTests {
    @Test("posts BID, PNO and RESPFORMAT to GetReplyMessage.ashx")
    func exactBytes() async throws {
        let transport = Fixture.tokenTransport(answer: "1\nTest01\t+886900000001\t回覆簡訊內容 01\t2021/06/01 16:56:20")
        let page = try await Fixture.tokenClient(transport).replyPage(batch: "3fbcc889-574e-4340-a561-5669b0f0e", format: .tab)
        let request = try #require(transport.requests(to: "GetReplyMessage.ashx").first)
        #expect(request.url.absoluteString == "https://new.e8d.tw/API21/HTTP/GetReplyMessage.ashx")
        #expect(request.bodyText == "BID=3fbcc889-574e-4340-a561-5669b0f0e&PNO=1&RESPFORMAT=0")
        #expect(page.replies == [Reply(name: "Test01", mobile: "+886900000001", text: "回覆簡訊內容 01",
                                       receivedAt: TaiwanTime.makeDate(year: 2021, month: 6, day: 1, hour: 16, minute: 56, second: 20))])
    }

    @Test("allReplies walks pages of ten until the count")
    func sequence() async throws {
        let transport = RecordingTransport { request, _ in
            let page = Int(FormEncoding.decode(request.body).value(named: "PNO") ?? "1")!
            let rows = ((page - 1) * 10..<min(25, page * 10)).map {
                #"{"NAME":"","MOBILE":"+886900000001","CONTENT":"r\#($0)","RECEIVED_TIME":"2021/06/01 16:56:20"}"#
            }
            return .json(#"{"SMS_COUNT":25,"BID":"b","DATA":[\#(rows.joined(separator: ","))]}"#)
        }
        var texts: [String] = []
        for try await reply in Fixture.passwordClient(transport).replies(batch: "b") { texts.append(reply.text) }
        #expect(texts == (0..<25).map { "r\($0)" })
        #expect(transport.requests.count == 3)
    }
}

@Suite("Every8DClient booking cancellation")
struct BookingTests {
    @Test("cancelBooking posts BID to EraseBooking.ashx and reads count and points")
    func cancelSMS() async throws {
        let transport = Fixture.tokenTransport(answer: "2,2.00")
        let result = try await Fixture.tokenClient(transport).cancelBooking(batch: "0adf1233-746b-4f17-85df-5cf24515f480")
        let request = try #require(transport.requests(to: "EraseBooking.ashx").first)
        #expect(request.url.absoluteString == "https://new.e8d.tw/API21/HTTP/EraseBooking.ashx")
        #expect(request.bodyText == "BID=0adf1233-746b-4f17-85df-5cf24515f480")
        #expect(result == CancelResult(cancelled: 2, refundedPoints: Decimal(string: "2.00")!))
    }

    @Test("cancelMMSBooking posts to MMS/EraseBooking.ashx")
    func cancelMMS() async throws {
        let transport = RecordingTransport(responses: [.success(.ok("2,6.00"))])
        let result = try await Fixture.passwordClient(transport).cancelBooking(batch: "a3113712-85dd-40fe-b441-e13acafa76f2", kind: .mms)
        #expect(transport.requests.first?.url.absoluteString == "https://new.e8d.tw/API21/HTTP/MMS/EraseBooking.ashx")
        #expect(transport.requests.first?.bodyText == "UID=Test1234&PWD=S3cr3t%2BP%40ss%26%3Dword&BID=a3113712-85dd-40fe-b441-e13acafa76f2")
        #expect(result.refundedPoints == 6)
    }

    @Test("observed cancellation errors are Every8DErrors with named codes", arguments: [
        ("-3,無法取得指定發送資料", -3), ("-4,發送資料為刪除狀態或已經送出", -4), ("-8,取消作業暫時無法進行", -8),
    ])
    func errors(_ answer: String, _ code: Int) async throws {
        let transport = RecordingTransport(responses: [.success(.ok(answer))])
        let error = try await #require(throws: Every8DError.self) { try await Fixture.passwordClient(transport).cancelBooking(batch: "b") }
        #expect(error.code.rawValue == code)
        #expect(error.code.meaning != nil)
        #expect(error.operation == .cancelBooking)
    }

    @Test("an empty answer means nothing was found to cancel")
    func emptyAnswer() async throws {
        let transport = RecordingTransport(responses: [.success(.ok(""))])
        #expect(try await Fixture.passwordClient(transport).cancelBooking(batch: "b") == CancelResult(cancelled: 0, refundedPoints: 0))
    }
}
