import Foundation
import Testing
@_spi(SMSInternals) @testable import Every8D

private func data(_ text: String) -> Data { Data(text.utf8) }
private func tw(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> Date {
    TaiwanTime.makeDate(year: y, month: mo, day: d, hour: h, minute: mi, second: s)!
}

@Suite("Every8DResponseParser: delivery pages")
struct DeliveryPageParserTests {
    @Test("TAB: the seed's six-column page")
    func tabSixColumns() throws {
        let body = "3\nTest01\t+886900000001\t2021/12/16 16:09:06\t1.00\t100\t2021/12/16 16:09:06\n"
            + "Test02\t+886900000002\t2021/12/16 16:09:06\t1.00\t100\t2021/12/16 16:09:06\n"
            + "Test03\t+886900000003\t2021/12/16 16:09:06\t1.00\t103\t2021/12/16 16:09:06\n"
        let page = try Every8DResponseParser.deliveryPage(tab: data(body))
        #expect(page.totalCount == 3)
        #expect(page.batchID == nil)
        #expect(page.reports.count == 3)
        #expect(page.reports[2] == DeliveryReport(name: "Test03", mobile: "+886900000003", sentAt: tw(2021, 12, 16, 16, 9, 6), cost: 1,
                                                  status: .numberNotInService, receivedAt: tw(2021, 12, 16, 16, 9, 6)))
    }

    @Test("TAB: the live server's five-column rows with an empty NAME (a row starting with a tab)")
    func tabFiveColumns() throws {
        let body = "2\nTest\t+886987654321\t2017/12/18 23:14:17\t1\t100\n\t+886987654321\t2017/12/18 23:14:18\t0\t101"
        let page = try Every8DResponseParser.deliveryPage(tab: data(body))
        #expect(page.reports == [
            DeliveryReport(name: "Test", mobile: "+886987654321", sentAt: tw(2017, 12, 18, 23, 14, 17), cost: 1, status: .delivered),
            DeliveryReport(name: "", mobile: "+886987654321", sentAt: tw(2017, 12, 18, 23, 14, 18), cost: 0, status: .handsetUnreachable),
        ])
    }

    @Test("TAB: CRLF, blank lines, empty fields, unpadded and dashed dates, unknown status")
    func tabVariants() throws {
        let body = "3\r\n\tname-less\t2010/3/20 03:27:50\t\t100\t\r\n\r\nA\t+886900000001\t2021-12-16 16:09:06\t3.00\t700\t2021/05/11 14:00:00\r\n"
            + "B\t+886900000002\t\t1.00\t4242\t\r\n"
        let page = try Every8DResponseParser.deliveryPage(tab: data(body))
        #expect(page.reports.count == 3)
        #expect(page.reports[0].mobile == "name-less")
        #expect(page.reports[0].sentAt == tw(2010, 3, 20, 3, 27, 50))
        #expect(page.reports[0].cost == nil)
        #expect(page.reports[0].receivedAt == nil)
        #expect(page.reports[1].status == .mmsSent)
        #expect(page.reports[2].sentAt == nil)
        #expect(page.reports[2].status.rawValue == 4242)
        #expect(!page.reports[2].status.isKnown)
    }

    @Test("TAB: an empty result is the count 0")
    func tabEmpty() throws {
        #expect(try Every8DResponseParser.deliveryPage(tab: data("0")) == DeliveryPage(totalCount: 0, reports: []))
        #expect(try Every8DResponseParser.deliveryPage(tab: data("0\r\n")).reports.isEmpty)
    }

    @Test("TAB: rows are never dropped silently", arguments: [
        "1\nA\t+886900000001\t2021/12/16 16:09:06\t1.00",
        "1\nA\t+886900000001\t2021/12/16 16:09:06\t1.00\t100\tx\ty",
        "1\nA\t+886900000001\t2021/12/16 16:09:06\t1.00\tOK\t",
        "1\nA\t+886900000001\tyesterday\t1.00\t100",
        "1\nA\t+886900000001\t2021/12/16 16:09:06\t12abc\t100",
        "1\nA\t+886900000001\t2021/12/16 16:09:06\t1.00\t100\t2021/02/30 00:00:00",
        "x\nA\t+886900000001\t2021/12/16 16:09:06\t1.00\t100",
        "",
    ])
    func tabMalformed(_ body: String) {
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.deliveryPage(tab: data(body)) }
    }

    @Test("TAB: the error reason names the line")
    func tabErrorNamesLine() throws {
        let error = try #require(throws: ResponseParseError.self) {
            try Every8DResponseParser.deliveryPage(tab: data("2\nA\tB\t\t1\t100\nonly\tfour\tcolumns\there"))
        }
        #expect(error.reason.contains("line 3"))
    }

    @Test("JSON: the seed's page, numbers as strings")
    func jsonSeed() throws {
        let body = """
            { "SMS_COUNT": 3, "BID": "f370a403-df23-4122-a7e6-261563a071cd", "DATA": [
              { "MR": "1", "NAME": "Test01", "MOBILE": "+886900000001", "SEND_TIME": "2021-12-16 16:09:06", "COST": "1.00",
                "STATUS": "100", "REAL_COST": "1.00", "RECEIVED_TIME": "2021-12-16 16:09:06" },
              { "MR": "2", "NAME": "Test02", "MOBILE": "+886900000002", "SEND_TIME": "2021-12-16 16:09:06", "COST": "1.00",
                "STATUS": "100", "REAL_COST": "1.00", "RECEIVED_TIME": "2021-12-16 16:09:06" },
              { "MR": "3", "NAME": "Test03", "MOBILE": "+886900000003", "SEND_TIME": "2021-12-16 16:09:06", "COST": "1.00",
                "STATUS": "103", "REAL_COST": "1.00", "RECEIVED_TIME": "2021-12-16 16:09:06" } ] }
            """
        let page = try Every8DResponseParser.deliveryPage(json: data(body))
        #expect(page.totalCount == 3)
        #expect(page.batchID == "f370a403-df23-4122-a7e6-261563a071cd")
        #expect(page.reports[0] == DeliveryReport(
            messageReference: "1", name: "Test01", mobile: "+886900000001", sentAt: tw(2021, 12, 16, 16, 9, 6), cost: 1,
            status: .delivered, realCost: 1, receivedAt: tw(2021, 12, 16, 16, 9, 6)))
        #expect(page.reports[2].status == .numberNotInService)
    }

    @Test("JSON: no rows, DATA absent or null")
    func jsonEmpty() throws {
        let absent = try Every8DResponseParser.deliveryPage(json: data(#"{ "SMS_COUNT": 0, "BID": "f370a403-df23-4122-a7e6-261563a071cd" }"#))
        #expect(absent == DeliveryPage(totalCount: 0, batchID: "f370a403-df23-4122-a7e6-261563a071cd", reports: []))
        #expect(try Every8DResponseParser.deliveryPage(json: data(#"{"SMS_COUNT":"0","DATA":null}"#)).reports.isEmpty)
        #expect(try Every8DResponseParser.deliveryPage(json: data(#"{"SMS_COUNT":0,"DATA":[]}"#)).reports.isEmpty)
    }

    @Test("JSON: numbers as numbers, nulls, escapes, unknown keys, any key case")
    func jsonVariants() throws {
        let body = #"{"sms_count":"2","Extra":{"nested":[1,2,{"a":null}]},"DATA":[{"STATUS":100,"COST":1.5,"REAL_COST":null,"#
            + #""NAME":"\u5c0f\u660e \"Q\" \ud83d\ude00","MOBILE":" +886900000001 ","SEND_TIME":"2010/3/20 03:27:50","RECEIVED_TIME":"","MR":""},"#
            + #"{"status":"-3","mobile":"0900000002","new_field":true}]}"#
        let page = try Every8DResponseParser.deliveryPage(json: data(body))
        #expect(page.totalCount == 2)
        #expect(page.reports[0].status == .delivered)
        #expect(page.reports[0].cost == Decimal(string: "1.5"))
        #expect(page.reports[0].realCost == nil)
        #expect(page.reports[0].name == "小明 \"Q\" 😀")
        #expect(page.reports[0].mobile == "+886900000001")
        #expect(page.reports[0].sentAt == tw(2010, 3, 20, 3, 27, 50))
        #expect(page.reports[0].receivedAt == nil)
        #expect(page.reports[0].messageReference == nil)
        #expect(page.reports[1].status == .blacklistedOrInvalidNumber)
        #expect(page.reports[1].mobile == "0900000002")
    }

    @Test("JSON: malformed pages are parse errors", arguments: [
        #"{"SMS_COUNT":1,"DATA":[{"MOBILE":"+886900000001"}]}"#,
        #"{"SMS_COUNT":1,"DATA":[{"STATUS":"OK"}]}"#,
        #"{"SMS_COUNT":1,"DATA":[{"STATUS":"100","COST":"12abc"}]}"#,
        #"{"SMS_COUNT":1,"DATA":[{"STATUS":"100","SEND_TIME":"soon"}]}"#,
        #"{"DATA":[]}"#,
        #"{"SMS_COUNT":1,"DATA":[{"STATUS":"100"}"#,
        #"{"SMS_COUNT":1,"DATA":[{"STATUS":"100",}]}"#,
        #"{"SMS_COUNT":1} trailing"#,
        #"{"SMS_COUNT":01}"#,
        "[1,2]",
        "<html/>",
    ])
    func jsonMalformed(_ body: String) {
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.deliveryPage(json: data(body)) }
    }

    @Test("XML: the SOAP seed's layout with replies, padded values and an unpadded date")
    func xmlSeed() throws {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <SMS_LOG>
              <CODE>0</CODE>
              <DESCRIPTION>發送狀態查詢成功</DESCRIPTION>
              <GET_DELIVERY_STATUS COUNT="1230">
                <SMS>
                  < NAME>Roger</NAME>
                  <MOBILE>+8869218xxxxx       </MOBILE>
                  <SENT_TIME>2010/3/20 03:27:50</SENT_TIME>
                  <COST>1.00</COST>
                  <STATUS>100</STATUS>
                  <REPLY_SMS>
                    <REPLY_TIME>2010/03/23 12:05:09 </REPLY_TIME>
                    <MESSAGE>
                      <![CDATA[回覆 <簡訊> & more]]>
                    </MESSAGE>
                  </REPLY_SMS>
                  <REPLY_SMS><REPLY_TIME>2010/03/24 08:00:00</REPLY_TIME><MESSAGE>second &amp; &#x4E00; &#19968;</MESSAGE></REPLY_SMS>
                </SMS>
                <SMS>
                  <NAME />
                  <MOBILE>+886933123123</MOBILE>
                  <SENT_TIME>2010/03/20 03:27:51</SENT_TIME>
                  <COST>1.00</COST>
                  <STATUS>101</STATUS>
                </SMS>
              </GET_DELIVERY_STATUS>
            </SMS_LOG>
            """
        let page = try Every8DResponseParser.deliveryPage(xml: data(body))
        #expect(page.totalCount == 1230)
        #expect(page.reports.count == 2)
        let first = page.reports[0]
        #expect(first.name == "Roger")
        #expect(first.mobile == "+8869218xxxxx")
        #expect(first.sentAt == tw(2010, 3, 20, 3, 27, 50))
        #expect(first.cost == 1)
        #expect(first.status == .delivered)
        #expect(first.replies == [
            .init(receivedAt: tw(2010, 3, 23, 12, 5, 9), text: "回覆 <簡訊> & more"),
            .init(receivedAt: tw(2010, 3, 24, 8, 0, 0), text: "second & 一 一"),
        ])
        #expect(page.reports[1].name == "")
        #expect(page.reports[1].replies.isEmpty)
        #expect(page.reports[1].status == .handsetUnreachable)
    }

    @Test("XML: MR, REAL_COST and RECEIVED_TIME are read when present")
    func xmlExtraFields() throws {
        let body = #"<SMS_LOG><CODE>0</CODE><GET_DELIVERY_STATUS COUNT='1'><SMS><MR>7</MR><NAME>n</NAME><MOBILE>m</MOBILE>"#
            + #"<SEND_TIME>2021-12-16 16:09:06</SEND_TIME><COST>1</COST><STATUS>0</STATUS><REAL_COST>0.5</REAL_COST>"#
            + #"<RECEIVED_TIME>2021-12-16 16:10:00</RECEIVED_TIME><!-- ignored --><UNKNOWN>x</UNKNOWN></SMS></GET_DELIVERY_STATUS></SMS_LOG>"#
        let report = try #require(try Every8DResponseParser.deliveryPage(xml: data(body)).reports.first)
        #expect(report == DeliveryReport(messageReference: "7", name: "n", mobile: "m", sentAt: tw(2021, 12, 16, 16, 9, 6), cost: 1,
                                         status: .sentToCarrier, realCost: Decimal(string: "0.5"), receivedAt: tw(2021, 12, 16, 16, 10, 0)))
    }

    @Test("XML: an empty page and a CODE error")
    func xmlEmptyAndError() throws {
        let empty = try Every8DResponseParser.deliveryPage(xml: data("<SMS_LOG><CODE>0</CODE><DESCRIPTION>ok</DESCRIPTION></SMS_LOG>"))
        #expect(empty == DeliveryPage(totalCount: 0, reports: []))
        let error = try #require(throws: Every8DError.self) {
            try Every8DResponseParser.deliveryPage(xml: data("<SMS_LOG><CODE>-301</CODE><DESCRIPTION>Session 資料不存在</DESCRIPTION></SMS_LOG>"),
                                                   operation: .mmsDeliveryStatus)
        }
        #expect(error.code == .sessionExpired)
        #expect(error.message == "Session 資料不存在")
        #expect(error.operation == .mmsDeliveryStatus)
    }

    @Test("XML: malformed or hostile documents are refused", arguments: [
        "<SMS_LOG><CODE>0</CODE>",
        "<SMS_LOG><SMS><STATUS>100</SMS></STATUS></SMS_LOG>",
        "<SMS_LOG/><SMS_LOG/>",
        "<!DOCTYPE x [<!ENTITY a \"b\">]><SMS_LOG/>",
        "<SMS_LOG><DESCRIPTION>&bogus;</DESCRIPTION></SMS_LOG>",
        "<SMS_LOG><GET_DELIVERY_STATUS COUNT=\"1\"><SMS><MOBILE>m</MOBILE></SMS></GET_DELIVERY_STATUS></SMS_LOG>",
        "<SMS_LOG><GET_DELIVERY_STATUS COUNT=\"x\"/></SMS_LOG>",
        "<SMS_LOG><SMS><STATUS>abc</STATUS></SMS></SMS_LOG>",
        "text<SMS_LOG/>",
        "",
    ])
    func xmlMalformed(_ body: String) {
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.deliveryPage(xml: data(body)) }
    }

    @Test("every format: a gateway error instead of a page is an Every8DError", arguments: DeliveryReportFormat.allCases)
    func errorsInEveryFormat(_ format: DeliveryReportFormat) throws {
        for body in ["-99,發生不明錯誤", #"{"Result":false,"Status":"-301","Msg":"expired"}"#] {
            let error = try #require(throws: Every8DError.self) { try Every8DResponseParser.deliveryPage(data(body), format: format) }
            #expect([-99, -301].contains(error.code.rawValue))
        }
    }

    @Test("the bench pages: all 1000 rows in each format, the same rows where the formats carry the same fields")
    func benchFixtures() throws {
        let tab = try Every8DResponseParser.deliveryPage(tab: Fixture.benchPage("tab"))
        let json = try Every8DResponseParser.deliveryPage(json: Fixture.benchPage("json"))
        let xml = try Every8DResponseParser.deliveryPage(xml: Fixture.benchPage("xml"))
        for page in [tab, json, xml] {
            #expect(page.totalCount == 1000)
            #expect(page.reports.count == 1000)
        }
        #expect(json.batchID == "00f6b953-b790-42fb-9c2f-5169fb7dbc6a")
        #expect(json.reports.map(\.messageReference) == (1...1000).map { String($0) })
        for index in 0..<1000 {
            let (t, j, x) = (tab.reports[index], json.reports[index], xml.reports[index])
            #expect(t.mobile == j.mobile && j.mobile == x.mobile)
            #expect(t.name == j.name && j.name == x.name)
            #expect(t.sentAt == j.sentAt && j.sentAt == x.sentAt)
            #expect(t.cost == j.cost && j.cost == x.cost)
            #expect(t.status == j.status && j.status == x.status)
            #expect(t.receivedAt == j.receivedAt)
            #expect(t.sentAt != nil && t.cost != nil)
        }
        #expect(tab.reports[0].mobile == "+886910000000")
        #expect(tab.reports[3].status == .numberNotInService)
        #expect(Set(tab.reports.map(\.status)).count > 1)
    }
}

@Suite("Every8DResponseParser: reply pages")
struct ReplyPageParserTests {
    @Test("TAB: the seed's page")
    func tabSeed() throws {
        let body = "3\nTest01\t+886900000001\t回覆簡訊內容 01\t2021/06/01 16:56:20\nTest02\t+886900000002\t回覆簡訊內容 02\t2021/06/01 16:56:20\r\n"
            + "Test03\t+886900000003\t回覆簡訊內容 03\t2021/06/01 16:56:20"
        let page = try Every8DResponseParser.replyPage(tab: data(body))
        #expect(page.totalCount == 3)
        #expect(page.replies.map(\.text) == ["回覆簡訊內容 01", "回覆簡訊內容 02", "回覆簡訊內容 03"])
        #expect(page.replies[1].receivedAt == tw(2021, 6, 1, 16, 56, 20))
        #expect(try Every8DResponseParser.replyPage(tab: data("0")).replies.isEmpty)
    }

    @Test("TAB: a reply whose text holds tabs or line breaks is put back together")
    func tabMultiline() throws {
        let body = "3\n\t+886900000001\tline one\nline two\t2021/06/01 16:56:20\nB\t+886900000002\ta\tb\t2021/06/01 16:56:21\n"
            + "C\t+886900000003\t\t2021/06/01 16:56:22"
        let page = try Every8DResponseParser.replyPage(tab: data(body))
        #expect(page.replies.map(\.text) == ["line one\nline two", "a\tb", ""])
        #expect(page.replies.map(\.name) == ["", "B", "C"])
        #expect(page.replies[2].receivedAt == tw(2021, 6, 1, 16, 56, 22))
    }

    @Test("TAB: an incomplete or bad reply fails the page", arguments: [
        "1\nA\t+886900000001\tunfinished",
        "2\nA\t+886900000001\ttext\tnot a time\nB\t+886900000002\ttext\t2021/06/01 16:56:20",
        "nope\nA\tB\tC\t2021/06/01 16:56:20",
    ])
    func tabBad(_ body: String) {
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.replyPage(tab: data(body)) }
    }

    @Test("JSON: the seed's page, and an empty one")
    func json() throws {
        let body = #"{ "SMS_COUNT": 3, "BID": "e1ec1343-810e-4f78-a291-1060caa18c7d", "DATA": [ { "NAME": "Test01", "MOBILE": "+886900000001", "#
            + #""CONTENT": "回覆簡訊內容 01", "RECEIVED_TIME": "2021/06/01 16:56:20" }, { "NAME": "Test02", "MOBILE": "+886900000002", "#
            + #""CONTENT": "回覆簡訊內容 02", "RECEIVED_TIME": "2021/06/01 16:56:20" }, { "NAME": "Test03", "MOBILE": "+886900000003", "#
            + #""CONTENT": "line\nbreak", "RECEIVED_TIME": "2021/06/01 16:56:20", "MR": "9" } ] }"#
        let page = try Every8DResponseParser.replyPage(json: data(body))
        #expect(page.batchID == "e1ec1343-810e-4f78-a291-1060caa18c7d")
        #expect(page.replies[0] == Reply(name: "Test01", mobile: "+886900000001", text: "回覆簡訊內容 01", receivedAt: tw(2021, 6, 1, 16, 56, 20)))
        #expect(page.replies[2].text == "line\nbreak")
        #expect(page.replies[2].messageReference == "9")
        let empty = try Every8DResponseParser.replyPage(json: data(#"{ "SMS_COUNT": 0, "BID": "e1ec1343-810e-4f78-a291-1060caa18c7d" }"#))
        #expect(empty.totalCount == 0 && empty.replies.isEmpty)
        #expect(throws: Every8DError.self) { try Every8DResponseParser.replyPage(data("-99,x"), format: .json) }
        #expect(throws: Every8DError.self) { try Every8DResponseParser.replyPage(data(#"{"Result":false,"Status":"-99"}"#), format: .tab) }
    }
}
