import Foundation
import Testing
@_spi(SMSInternals) @testable import Every8D

private func data(_ text: String) -> Data { Data(text.utf8) }

@Suite("Every8DResponseParser: envelopes and short answers")
struct ResponseParserTests {
    @Test("gateway errors in every observed shape", arguments: [
        ("-99,發生不明錯誤", -99, "發生不明錯誤"),
        ("-99, 主機端發生不明錯誤，請與廠商窗口聯繫。", -99, "主機端發生不明錯誤，請與廠商窗口聯繫。"),
        ("-300,帳號密碼不得為空", -300, "帳號密碼不得為空"),
        ("-27,電話號碼不得為空\r\n", -27, "電話號碼不得為空"),
        ("-101,密碼錯誤", -101, "密碼錯誤"),
        ("-306,手機格式不符:+1-202-895-1800", -306, "手機格式不符:+1-202-895-1800"),
        ("-98,0900000001/0900000002", -98, "0900000001/0900000002"),
        ("  -1  ", -1, ""),
        ("-12345,unknown code kept", -12345, "unknown code kept"),
        (#"{"Result":false,"Status":"-99","Msg":"發生例外錯誤"}"#, -99, "發生例外錯誤"),
        (#"{ "Result": false, "Status": -28, "Msg": "The sendTime format error: yyyyMMddHHmm" }"#, -28, "The sendTime format error: yyyyMMddHHmm"),
        (#"{"Result":"False","Status":"-301","Msg":"expired"}"#, -301, "expired"),
        (#"{"Result":false,"Msg":"no status"}"#, -99, "no status"),
        ("\u{FEFF}-99,bom", -99, "bom"),
    ])
    func gatewayErrors(_ body: String, _ code: Int, _ message: String) throws {
        let error = try #require(Every8DResponseParser.gatewayError(in: data(body), operation: .credit))
        #expect(error.code.rawValue == code)
        #expect(error.message == message)
        #expect(error.operation == .credit)
    }

    @Test("answers that are not errors", arguments: [
        "1000.00", "-5.00", "9610040.00,2,2,0,b", #"{"Result":true,"Msg":"x"}"#, #"{"SMS_COUNT":0}"#, "", "-", "-abc,def",
    ])
    func notErrors(_ body: String) {
        #expect(Every8DResponseParser.gatewayError(in: data(body), operation: .credit) == nil)
    }

    @Test("send results: five fields, four fields, COST with a point, inside a JSON envelope")
    func sendResults() throws {
        let five = try Every8DResponseParser.sendReceipt(data("9610040.00,2,2,0,c496f706-9b0f-4ff8-9644-9503edb7064"))
        #expect(five == SendReceipt(credit: Decimal(string: "9610040.00")!, sent: 2, cost: 2, unsent: 0, batchID: "c496f706-9b0f-4ff8-9644-9503edb7064"))

        let four = try Every8DResponseParser.sendReceipt(data("1230.00,4,4.0,220478cc-8506-49b2-93b7-2505f651c12e\r\n"))
        #expect(four == SendReceipt(credit: Decimal(string: "1230.00")!, sent: 4, cost: Decimal(string: "4.0")!, unsent: 0, batchID: "220478cc-8506-49b2-93b7-2505f651c12e"))

        let soap = try Every8DResponseParser.sendReceipt(data("4.0,1,1.0,0,b"))
        #expect(soap.credit == 4 && soap.cost == 1 && soap.sent == 1)

        let unsent = try Every8DResponseParser.sendReceipt(data("0.00,3,3,2,b"))
        #expect(unsent.unsent == 2)

        let json = try Every8DResponseParser.sendReceipt(data(#"{"Result":true,"Status":"0","Msg":"56.00,2,2,0,b"}"#), operation: .sendTemplateSMS)
        #expect(json == SendReceipt(credit: 56, sent: 2, cost: 2, unsent: 0, batchID: "b"))

        let exact = try Every8DResponseParser.sendReceipt(data("3.133,1,0.1,0,b"))
        #expect(exact.credit == Decimal(sign: .plus, exponent: -3, significand: 3133))
    }

    @Test("malformed send results are parse errors", arguments: [
        "", "abc", "1,2,3", "1,2,3,4,5,6", "12abc,1,1,0,b", "1,x,1,0,b", "1,1,1,0,", "1,1,1,y,b", "1, 1,1e3,0,b",
    ])
    func malformedSendResults(_ body: String) {
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.sendReceipt(data(body)) }
    }

    @Test("an error inside a successful envelope's Msg is still an error")
    func errorInsideEnvelope() {
        #expect(throws: Every8DError.self) { try Every8DResponseParser.sendReceipt(data(#"{"Result":true,"Msg":"-99,odd"}"#)) }
    }

    @Test("every documented duplicate-filter shape")
    func duplicateFilterShapes() throws {
        let none = try Every8DResponseParser.duplicateFilterReceipt(data("9610040.00,2,2,0,c496f706-9b0f-4ff8-9644-9503edbb7064"))
        #expect(none.batchID == "c496f706-9b0f-4ff8-9644-9503edbb7064")
        #expect(none.filtered.isEmpty)
        #expect(none.credit == Decimal(string: "9610040.00"))

        let some = try Every8DResponseParser.duplicateFilterReceipt(data(
            "9610040.00,2,2,0,c496f706-9b0f-4ff8-9644-9503edbb7064\n,+886900000001/+886900000002,a496f706-9b0f-4ff8-9644-9503edbb7064/\nb496f706-9b0f-4ff8-9644-9503edbb7064"))
        #expect(some.batchID == "c496f706-9b0f-4ff8-9644-9503edbb7064")
        #expect(some.sent == 2)
        #expect(some.filtered == [
            .init(mobile: "+886900000001", earlierBatchID: "a496f706-9b0f-4ff8-9644-9503edbb7064"),
            .init(mobile: "+886900000002", earlierBatchID: "b496f706-9b0f-4ff8-9644-9503edbb7064"),
        ])

        let dryWith = try Every8DResponseParser.duplicateFilterReceipt(data("0,0,0,,+886900000001/+886900000002,a/b"))
        #expect(dryWith.batchID == nil)
        #expect(dryWith.sent == 0 && dryWith.cost == 0 && dryWith.credit == 0)
        #expect(dryWith.filtered.map(\.mobile) == ["+886900000001", "+886900000002"])
        #expect(dryWith.filtered.map(\.earlierBatchID) == ["a", "b"])

        let dryNone = try Every8DResponseParser.duplicateFilterReceipt(data("0,0,0,"))
        #expect(dryNone == DuplicateFilterReceipt(credit: 0, sent: 0, cost: 0, unsent: 0, batchID: nil, filtered: []))

        let four = try Every8DResponseParser.duplicateFilterReceipt(data("1230.00,4,4.0,b"))
        #expect(four.batchID == "b")

        #expect(throws: Every8DError.self) { try Every8DResponseParser.duplicateFilterReceipt(data("-99,發生不明錯誤")) }
        let minus98 = try #require(throws: Every8DError.self) { try Every8DResponseParser.duplicateFilterReceipt(data("-98,0900000001/0900000002")) }
        #expect(minus98.code == .duplicatesFiltered)
    }

    @Test("filtered numbers and batches that do not pair up are a parse error, not a guess")
    func unpairedDuplicates() {
        #expect(throws: ResponseParseError.self) {
            try Every8DResponseParser.duplicateFilterReceipt(data("1,1,1,0,b,+886900000001/+886900000002,a"))
        }
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.duplicateFilterReceipt(data("1,2,3")) }
    }

    @Test("credit answers")
    func credit() throws {
        #expect(try Every8DResponseParser.credit(data("1000.00")) == Decimal(string: "1000.00"))
        #expect(try Every8DResponseParser.credit(data(" 2310.00\r\n")) == 2310)
        #expect(try Every8DResponseParser.credit(data(#"{"Result":true,"Msg":"12.5"}"#)) == Decimal(string: "12.5"))
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.credit(data("12abc")) }
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.credit(data("")) }
        #expect(throws: Every8DError.self) { try Every8DResponseParser.credit(data("-99,發生不明錯誤")) }
    }

    @Test("cancellation answers")
    func cancel() throws {
        #expect(try Every8DResponseParser.cancelResult(data("2,2.00")) == CancelResult(cancelled: 2, refundedPoints: 2))
        #expect(try Every8DResponseParser.cancelResult(data("1,1.00")) == CancelResult(cancelled: 1, refundedPoints: 1))
        #expect(try Every8DResponseParser.cancelResult(data("2,6.00"), operation: .cancelMMSBooking).refundedPoints == 6)
        #expect(try Every8DResponseParser.cancelResult(data("")) == CancelResult(cancelled: 0, refundedPoints: 0))
        #expect(try Every8DResponseParser.cancelResult(data("  \r\n")) == CancelResult(cancelled: 0, refundedPoints: 0))
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.cancelResult(data("2")) }
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.cancelResult(data("x,1.00")) }
        let error = try #require(throws: Every8DError.self) { try Every8DResponseParser.cancelResult(data("-4,發送資料為刪除狀態或已經送出")) }
        #expect(error.code == .bookingAlreadyErasedOrSent)
    }

    @Test("token answers")
    func token() throws {
        #expect(try Every8DResponseParser.token(data(#"{ "Result": true, "Msg": "4bc40f5255fa4d89ac4950b394eca0f6" }"#)) == "4bc40f5255fa4d89ac4950b394eca0f6")
        let refused = try #require(throws: Every8DError.self) {
            try Every8DResponseParser.token(data(#"{ "Result": false, "Status": "-99", "Msg": "發生例外錯誤" }"#))
        }
        #expect(refused.code == .unknownError)
        #expect(refused.operation == .getToken)
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.token(data(#"{"Result":true,"Msg":""}"#)) }
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.token(data(#"{"Result":true}"#)) }
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.token(data("<html/>")) }
        #expect(throws: Every8DError.self) { try Every8DResponseParser.token(data("-101,密碼錯誤")) }
    }

    @Test("token check and close answers")
    func handler() throws {
        #expect(try Every8DResponseParser.handlerResult(data(#"{ "Result": true }"#), operation: .checkToken))
        #expect(try !Every8DResponseParser.handlerResult(data(#"{ "Result": false, "Status": "-99", "Msg": "發生例外錯誤" }"#), operation: .checkToken))
        #expect(throws: Every8DError.self) { try Every8DResponseParser.handlerResult(data("-301,gone"), operation: .checkToken) }
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.handlerResult(data("ok"), operation: .checkToken) }
    }
}
