import Foundation
import Testing
@_spi(Every8DV3) @testable import Every8D

private func data(_ text: String) -> Data { Data(text.utf8) }

/// Every answer the specification documents (as printed, less the extraction's slips: full-width
/// colons, a missing comma, trailing commas, a doubled quote), and the shapes around them.
@Suite("Every8DV3ResponseParser: every documented API 3.0 answer")
struct V3ResponseParserTests {
    static let batch = "c496f706-9b0f-4ff8-9644-9503edbb7064"
    static let otherError = #"{ "status":"599", "message":"其他錯誤", "data":null }"#

    private func error(_ parse: () throws -> Any) -> Every8DError? {
        do {
            _ = try parse()
            Issue.record("parsed")
            return nil
        } catch let error as Every8DError {
            return error
        } catch {
            Issue.record("not an Every8DError: \(error)")
            return nil
        }
    }

    private func parseError(_ parse: () throws -> Any) -> ResponseParseError? {
        do {
            _ = try parse()
            return nil
        } catch let error as ResponseParseError {
            return error
        } catch {
            Issue.record("not a ResponseParseError: \(error)")
            return nil
        }
    }

    @Test("getoken: the token trimmed (1.1.5); 599 and 505 are errors")
    func token() throws {
        let body = #"{ "status":"200", "message":"success", "data":{ "token":"abcdef " } }"#
        #expect(try Every8DV3ResponseParser.token(data(body)) == "abcdef")
        let failure = error { try Every8DV3ResponseParser.token(data(Self.otherError)) }
        #expect(failure?.code == .otherError && failure?.message == "其他錯誤" && failure?.operation == .v3GetToken)
        #expect(error { try Every8DV3ResponseParser.token(data(#"{"status":"505","message":"帳戶資訊驗證失敗","data":null}"#)) }?.code.refusesCredentials == true)
        #expect(parseError { try Every8DV3ResponseParser.token(data(#"{"status":"200","message":"success","data":{"token":"a b"}}"#)) } != nil)
        #expect(parseError { try Every8DV3ResponseParser.token(data(#"{"status":"200","message":"success","data":{}}"#)) } != nil)
        #expect(parseError { try Every8DV3ResponseParser.token(data(#"{"status":"200","message":"success","data":null}"#)) } != nil)
    }

    @Test("tokenislive: 1 and 0, the failure's padded message (1.2.5)")
    func tokenIsLive() throws {
        #expect(try Every8DV3ResponseParser.tokenIsLive(data(#"{ "status":"200", "message":"success", "data":{ "tokenislive":"1" } }"#)))
        #expect(try !Every8DV3ResponseParser.tokenIsLive(data(#"{ "status":"200", "message":" success ", "data":{ "tokenislive":"0" } }"#)))
        #expect(try Every8DV3ResponseParser.tokenIsLive(data(#"{"status":200,"data":{"tokenislive":1}}"#)))
        #expect(error { try Every8DV3ResponseParser.tokenIsLive(data(Self.otherError)) }?.operation == .v3TokenIsLive)
        #expect(parseError { try Every8DV3ResponseParser.tokenIsLive(data(#"{"status":"200","data":{"tokenislive":"maybe"}}"#)) } != nil)
    }

    @Test("send receipts of every send (2.2.5, 2.3.5, 2.4.5, 3.3.5, 3.4.5, 3.5.5)")
    func sendReceipts() throws {
        let one = #"{ "status":"200", "message":"success", "data":{ "credit":"1000.00", "sendcnt":"1", "reducepoint":"1", "unsendcnt":"0", "batchid":"c496f706-9b0f-4ff8-9644-9503edbb7064" } }"#
        #expect(try Every8DV3ResponseParser.sendReceipt(data(one)) == SendReceipt(credit: Decimal(string: "1000.00")!, sent: 1, cost: 1, unsent: 0, batchID: Self.batch))
        let two = one.replacingOccurrences(of: #""sendcnt":"1", "reducepoint":"1""#, with: #""sendcnt":"2", "reducepoint":"2""#)
        for operation in [Every8DOperation.v3SendPersonalizedSMS, .v3SendTemplateSMS, .v3SendMMS, .v3SendPersonalizedMMS, .v3SendTemplateMMS] {
            let receipt = try Every8DV3ResponseParser.sendReceipt(data(two), operation: operation)
            #expect(receipt.sent == 2 && receipt.cost == 2 && receipt.batchID == Self.batch)
            #expect(error { try Every8DV3ResponseParser.sendReceipt(data(Self.otherError), operation: operation) }?.operation == operation)
        }
        // Numbers as JSON numbers, exact decimals, no unsendcnt, keys in another case and order.
        let loose = try Every8DV3ResponseParser.sendReceipt(data(#"{"data":{"BATCHID":"b","Credit":3.133,"SendCnt":3,"ReducePoint":"4.50"},"message":"success","status":200}"#))
        #expect(loose == SendReceipt(credit: Decimal(sign: .plus, exponent: -3, significand: 3133), sent: 3, cost: Decimal(string: "4.5")!, unsent: 0, batchID: "b"))
        // No credit: nothing sent, the whole batch unsent.
        let unsent = try Every8DV3ResponseParser.sendReceipt(data(#"{"status":"200","message":"success","data":{"credit":"0.00","sendcnt":"0","reducepoint":"0","unsendcnt":"5","batchid":"b"}}"#))
        #expect(unsent.unsent == 5 && unsent.sent == 0)
        #expect(parseError { try Every8DV3ResponseParser.sendReceipt(data(#"{"status":"200","data":{"credit":"1","sendcnt":"1","reducepoint":"1","batchid":""}}"#)) } != nil)
        #expect(parseError { try Every8DV3ResponseParser.sendReceipt(data(#"{"status":"200","data":{"credit":"12abc","sendcnt":"1","reducepoint":"1","batchid":"b"}}"#)) } != nil)
        #expect(parseError { try Every8DV3ResponseParser.sendReceipt(data(#"{"status":"200","data":{"credit":"1","sendcnt":"one","reducepoint":"1","batchid":"b"}}"#)) } != nil)
    }

    @Test("the filtered send's four answers (2.5.5) and its failure")
    func filteredSend() throws {
        let clean = #"{ "status":"200", "message":"success", "data":{ "credit":"1000.00", "sendcnt":"2", "reducepoint":"2", "unsendcnt":"0", "batchid":"c496f706-9b0f-4ff8-9644-9503edbb7064", "fail_mobiles":"", "fail_batchid":"" } }"#
        let sent = try Every8DV3ResponseParser.duplicateFilterReceipt(data(clean))
        #expect(sent == DuplicateFilterReceipt(credit: 1000, sent: 2, cost: 2, unsent: 0, batchID: Self.batch, filtered: []))
        #expect(sent.sendReceipt?.batchID == Self.batch)

        let some = #"{ "status":"200", "message":"success", "data":{ "credit":"1000.00", "sendcnt":"2", "reducepoint":"2", "unsendcnt":"0", "batchid":"c496f706-9b0f-4ff8-9644-9503edbb7064", "fail_mobiles":"+886900000002", "fail_batchid":"a496f706-9b0f-4ff8-9644-9503edbb7064" } }"#
        #expect(try Every8DV3ResponseParser.duplicateFilterReceipt(data(some)).filtered
            == [.init(mobile: "+886900000002", earlierBatchID: "a496f706-9b0f-4ff8-9644-9503edbb7064")])

        let notSent = #"""
            { "status":"522", "message":"簡訊未被發送且門號有重複", "data":{ "credit":"0", "sendcnt":"0", "reducepoint":"0", "unsendcnt":"0", "batchid":"",
              "fail_mobiles":"+886900000001/+886900000002", "fail_batchid":"a496f706-9b0f-4ff8-9644-9503edbb7064/b496f706-9b0f-4ff8-9644-9503edbb7064" } }
            """#
        let dry = try Every8DV3ResponseParser.duplicateFilterReceipt(data(notSent))
        #expect(dry.batchID == nil && dry.sendReceipt == nil && dry.sent == 0)
        #expect(dry.filtered == [.init(mobile: "+886900000001", earlierBatchID: "a496f706-9b0f-4ff8-9644-9503edbb7064"),
                                 .init(mobile: "+886900000002", earlierBatchID: "b496f706-9b0f-4ff8-9644-9503edbb7064")])

        let none = #"{ "status":"523", "message":"success", "data":{ "credit":"0", "sendcnt":"0", "reducepoint":"0", "unsendcnt":"0", "batchid":"", "fail_mobiles":"", "fail_batchid":"" } }"#
        #expect(try Every8DV3ResponseParser.duplicateFilterReceipt(data(none)) == DuplicateFilterReceipt(credit: 0, sent: 0, cost: 0, unsent: 0, batchID: nil, filtered: []))

        #expect(error { try Every8DV3ResponseParser.duplicateFilterReceipt(data(Self.otherError)) }?.operation == .v3SendSMSFilteringDuplicates)
        #expect(error { try Every8DV3ResponseParser.duplicateFilterReceipt(data(#"{"status":"522","message":"x","data":null}"#)) }?.code == .notSentDuplicatesFound)
        #expect(parseError { try Every8DV3ResponseParser.duplicateFilterReceipt(data(some.replacingOccurrences(of: #""fail_batchid":"a496f706-9b0f-4ff8-9644-9503edbb7064""#, with: #""fail_batchid":"""#))) } != nil)
        // The plain send does not take 522 as an answer.
        #expect(error { try Every8DV3ResponseParser.sendReceipt(data(notSent)) }?.code == .notSentDuplicatesFound)
    }

    @Test("getcredit (4.1.5)")
    func credit() throws {
        #expect(try Every8DV3ResponseParser.credit(data(#"{ "status":"200", "message":"success", "data": { "credit":"1000.00" } }"#)) == Decimal(string: "1000.00"))
        #expect(error { try Every8DV3ResponseParser.credit(data(Self.otherError)) }?.operation == .v3Credit)
        #expect(parseError { try Every8DV3ResponseParser.credit(data(#"{"status":"200","data":{"credit":""}}"#)) } != nil)
    }

    @Test("getdrstatus: a page (4.2.5), the 521 answer as a page without rows, other failures")
    func deliveryPage() throws {
        let body = #"""
            { "status":"200", "message":"success", "data": { "SMS_COUNT":"1", "BID":"c496f706-9b0f-4ff8-9644-9503edbb7064",
              "DATA":[ { "MR":"1", "NAME":"", "MOBILE":"+886900000001", "SEND_TIME":"2021-12-16 16:09:06", "COST":"1.00", "STATUS":"100",
                         "REAL_COST":"1.00", "RECEIVED_TIME":"2021-12-16 16:09:06" } ] } }
            """#
        let page = try Every8DV3ResponseParser.deliveryPage(data(body))
        let time = TaiwanTime.parse("2021-12-16 16:09:06")
        #expect(page == DeliveryPage(totalCount: 1, batchID: Self.batch, reports: [
            DeliveryReport(messageReference: "1", name: "", mobile: "+886900000001", sentAt: time, cost: 1, status: .delivered, realCost: 1, receivedAt: time),
        ]))
        let failed = #"{ "status":"521", "message":"發送狀態查詢失敗回應", "data":{ "SMS_COUNT":"0", "BID":"c496f706-9b0f-4ff8-9644-9503edbb7064" } }"#
        #expect(try Every8DV3ResponseParser.deliveryPage(data(failed), operation: .v3MMSDeliveryStatus) == DeliveryPage(totalCount: 0, batchID: Self.batch, reports: []))
        #expect(error { try Every8DV3ResponseParser.deliveryPage(data(#"{"status":"521","message":"查詢失敗","data":null}"#)) }?.code == .cancelOrQueryFailed)
        let other = error { try Every8DV3ResponseParser.deliveryPage(data(Self.otherError), operation: .v3MMSDeliveryStatus) }
        #expect(other?.code == .otherError && other?.operation == .v3MMSDeliveryStatus)
        // Unknown statuses are kept; rows without a status fail the page, never dropped.
        let unknown = try Every8DV3ResponseParser.deliveryPage(data(body.replacingOccurrences(of: #""STATUS":"100""#, with: #""STATUS":"4242""#)))
        #expect(unknown.reports.first?.status.rawValue == 4242 && unknown.reports.first?.status.isKnown == false)
        #expect(parseError { try Every8DV3ResponseParser.deliveryPage(data(body.replacingOccurrences(of: #""STATUS":"100","#, with: ""))) } != nil)
        // An empty DATA, a later page with no rows.
        #expect(try Every8DV3ResponseParser.deliveryPage(data(#"{"status":"200","message":"success","data":{"SMS_COUNT":"1000","BID":"b","DATA":[]}}"#)).reports.isEmpty)
    }

    @Test("the benchmark's 1000-row page: every field as Foundation's JSON reader sees it")
    func benchPage() throws {
        let body = try V3Fixture.benchPage()
        let page = try Every8DV3ResponseParser.deliveryPage(body)
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let data = try #require(object["data"] as? [String: Any])
        let rows = try #require(data["DATA"] as? [[String: String]])
        #expect(page.totalCount == Int(data["SMS_COUNT"] as? String ?? "") && page.batchID == data["BID"] as? String)
        #expect(page.reports.count == 1000 && rows.count == 1000)
        for (report, row) in zip(page.reports, rows) {
            #expect(report.messageReference == row["MR"] && report.name == (row["NAME"] ?? "") && report.mobile == row["MOBILE"])
            #expect(report.sentAt == TaiwanTime.parse(row["SEND_TIME"] ?? "") && report.receivedAt == TaiwanTime.parse(row["RECEIVED_TIME"] ?? ""))
            #expect(report.cost == Decimal(string: row["COST"] ?? "") && report.realCost == Decimal(string: row["REAL_COST"] ?? ""))
            #expect(report.status.rawValue == Int(row["STATUS"] ?? ""))
        }
        #expect(Set(page.reports.map(\.status.rawValue)).isSuperset(of: [0, 100, 101, 103]))
        #expect(page.reports.contains { $0.receivedAt == nil } && page.reports.contains { !$0.name.isEmpty })
    }

    @Test("getreplymsg: a page (4.3.5, its slashed time), 521 without rows, failures")
    func replyPage() throws {
        let body = #"""
            { "status":"200", "message":"success", "data": { "SMS_COUNT":"1", "BID":"c496f706-9b0f-4ff8-9644-9503edbb7064",
              "DATA": [ { "NAME":"Test01", "MOBILE":"+886900000001", "CONTENT":"回覆簡訊內容 01 ", "RECEIVED_TIME":"2021/06/01 16:56:20" } ] } }
            """#
        let page = try Every8DV3ResponseParser.replyPage(data(body))
        #expect(page == ReplyPage(totalCount: 1, batchID: Self.batch, replies: [
            Reply(name: "Test01", mobile: "+886900000001", text: "回覆簡訊內容 01 ", receivedAt: TaiwanTime.parse("2021-06-01 16:56:20")),
        ]))
        let failed = #"{ "status":"521", "message":"發送狀態查詢失敗回應", "data": { "SMS_COUNT":"0", "BID":"c496f706-9b0f-4ff8-9644-9503edbb7064" } }"#
        #expect(try Every8DV3ResponseParser.replyPage(data(failed)).replies.isEmpty)
        #expect(error { try Every8DV3ResponseParser.replyPage(data(Self.otherError)) }?.operation == .v3Replies)
    }

    @Test("cancelbooking (5.1.5): count and points; 521 and 599 are errors")
    func cancel() throws {
        #expect(try Every8DV3ResponseParser.cancelResult(data(#"{ "status":"200", "message":"success", "data":{ "count":"1", "point":"1.00" } }"#))
            == CancelResult(cancelled: 1, refundedPoints: 1))
        #expect(try Every8DV3ResponseParser.cancelResult(data(#"{"status":"200","data":{"count":2,"point":6}}"#), operation: .v3CancelMMSBooking)
            == CancelResult(cancelled: 2, refundedPoints: 6))
        let none = error { try Every8DV3ResponseParser.cancelResult(data(#"{"status":"521","message":"預約取消失敗","data":null}"#), operation: .v3CancelMMSBooking) }
        #expect(none?.code == .cancelOrQueryFailed && none?.operation == .v3CancelMMSBooking)
        #expect(error { try Every8DV3ResponseParser.cancelResult(data(Self.otherError)) }?.code == .otherError)
    }

    @Test("every annex-2 error status becomes that code with the gateway's message, on every call", arguments: Every8DError.Code.knownV3.filter { $0 != .success })
    func everyStatus(_ code: Every8DError.Code) {
        let body = data(#"{"status":"\#(code.rawValue)","message":"訊息 \#(code.rawValue)","data":null}"#)
        let parsers: [(Data) throws -> Any] = [
            { try Every8DV3ResponseParser.token($0) }, { try Every8DV3ResponseParser.tokenIsLive($0) },
            { try Every8DV3ResponseParser.sendReceipt($0) }, { try Every8DV3ResponseParser.duplicateFilterReceipt($0) },
            { try Every8DV3ResponseParser.credit($0) }, { try Every8DV3ResponseParser.deliveryPage($0) },
            { try Every8DV3ResponseParser.replyPage($0) }, { try Every8DV3ResponseParser.cancelResult($0) },
        ]
        for parse in parsers {
            let failure = error { try parse(body) }
            #expect(failure?.code == code)
            #expect(failure?.message == "訊息 \(code.rawValue)")
        }
    }

    @Test("odd envelopes: unknown statuses kept, text statuses, 2.1's failure envelope, not JSON")
    func envelopes() {
        let unknown = error { try Every8DV3ResponseParser.credit(data(#"{"status":"560","message":"新錯誤","data":null}"#)) }
        #expect(unknown?.code.rawValue == 560 && unknown?.code.meaning == nil && unknown?.code.mayHaveBeenCarriedOut == true)
        let text = error { try Every8DV3ResponseParser.credit(data(#"{"status":"E01","message":"oops","data":null}"#)) }
        #expect(text?.code == .unknownError && text?.message == "oops (status E01)")
        let legacy = error { try Every8DV3ResponseParser.credit(data(#"{"Result":false,"Status":"-99","Msg":"發生例外錯誤"}"#)) }
        #expect(legacy?.code == .unknownError && legacy?.message == "發生例外錯誤")
        for body in ["", "  ", "<html>503</html>", "-99,發生不明錯誤", #"{"message":"no status"}"#, #"{"status":"200""#, #"["status"]"#,
                     #"{"status":"200","message":"success","data":"text"}"#, #"{"status":"200"} trailing"#] {
            #expect(parseError { try Every8DV3ResponseParser.credit(data(body)) } != nil, "\(body)")
        }
        // A BOM and whitespace around are fine.
        #expect((try? Every8DV3ResponseParser.credit(data("\u{FEFF}\n {\"status\":\"200\",\"data\":{\"credit\":\"5\"}}\r\n"))) == 5)
    }

    @Test("a wrong custcode says so plainly")
    func wrongCustcode() {
        let failure = error { try Every8DV3ResponseParser.sendReceipt(data(#"{"status":"507","message":"Custcode 錯誤","data":null}"#)) }
        #expect(failure?.code == .wrongCustcode && failure?.code.isConfigurationError == true)
        #expect(failure?.description == "EVERY8D V3.sendsms failed: 507 (wrong custcode: the account code in the URL path is not this account's (accounts opened on EVERY8D's public site use e8d)): Custcode 錯誤")
    }

    @Test("a token in an unreadable answer is kept out of the parse error's preview")
    func tokenNotInPreview() throws {
        let body = data(#"{"status":"200","message":"success","data":{"token":"secret-token-value","extra":[}"#)
        let failure = try #require(parseError { try Every8DV3ResponseParser.token(body) })
        let detailed = failure.withBody(body, contentType: "application/json", secrets: [])
        #expect(!detailed.description.contains("secret-token-value"))
    }
}
