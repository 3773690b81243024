import Foundation
import Testing
@testable import SMSTransport

private struct DeliveryPage: Decodable {
    struct Row: Decodable {
        let MR: LenientString?
        let NAME: String
        let MOBILE: String
        let COST: LenientDecimal
        let STATUS: LenientInt
    }
    let SMS_COUNT: LenientInt
    let BID: String
    let DATA: [Row]?
}

private struct Box<T: Decodable>: Decodable { let v: T }

/// Decodes `json` as the value of a one-key object.
private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
    let object = Data(("{\"v\":" + json + "}").utf8)
    return try JSONDecoder().decode(Box<T>.self, from: object).v
}

private struct TokenAnswer: Decodable {
    let Result: LenientBool
    let Status: LenientInt?
    let Msg: String?
}

@Suite("Lenient JSON values")
struct LenientJSONTests {
    @Test("numbers as strings and as numbers (documented DR JSON)")
    func deliveryPage() throws {
        let body = #"{"SMS_COUNT":2,"BID":"b-1","DATA":[{"MR":"1","NAME":"","MOBILE":"+886912345678","SEND_TIME":"2021-12-16 16:09:06","COST":"1.00","STATUS":"100","REAL_COST":"1.00","RECEIVED_TIME":""},{"MR":2,"NAME":"王","MOBILE":"0912","COST":3.133,"STATUS":-3}]}"#
        let page = try JSONBody.decode(DeliveryPage.self, from: Data(body.utf8), expected: "delivery page")
        #expect(page.SMS_COUNT.value == 2)
        let rows = try #require(page.DATA)
        #expect(rows.map(\.STATUS.value) == [100, -3])
        #expect(rows.map(\.MR?.value) == ["1", "2"])
        #expect(rows[0].COST.value == 1)
        #expect(rows[1].COST.value == Decimal(sign: .plus, exponent: -3, significand: 3133))
        #expect(rows[1].COST.value != Decimal(3.133))
    }

    @Test("no rows: DATA is absent")
    func noRows() throws {
        let page = try JSONBody.decode(DeliveryPage.self, from: Data(#"{"SMS_COUNT":0,"BID":"b"}"#.utf8), expected: "delivery page")
        #expect(page.DATA == nil && page.SMS_COUNT.value == 0)
    }

    @Test("token answers: Result as boolean, Status as string")
    func tokenAnswers() throws {
        let failure = try JSONBody.decode(TokenAnswer.self, from: Data(#"{"Result":false,"Status":"-99","Msg":"x"}"#.utf8), expected: "token")
        #expect(!failure.Result.value && failure.Status?.value == -99)
        for (json, expected) in [(#"{"Result":"True"}"#, true), (#"{"Result":"false"}"#, false), (#"{"Result":1}"#, true), (#"{"Result":"0"}"#, false)] {
            #expect(try JSONBody.decode(TokenAnswer.self, from: Data(json.utf8), expected: "token").Result.value == expected, "\(json)")
        }
    }

    @Test("wrong types and bad text are errors", arguments: [
        #"{"Result":"yes"}"#, #"{"Result":2}"#, #"{"Result":[true]}"#, #"{"Result":null}"#,
    ])
    func badBooleans(_ json: String) {
        #expect(throws: ResponseParseError.self) { try JSONBody.decode(TokenAnswer.self, from: Data(json.utf8), expected: "token") }
    }

    @Test("LenientInt, LenientDecimal and LenientString on each JSON type")
    func values() throws {
        #expect(try decode(LenientInt.self, #"" 42 ""#).value == 42)
        #expect(try decode(LenientInt.self, "-7").value == -7)
        #expect(throws: DecodingError.self) { try decode(LenientInt.self, #""4x""#) }
        #expect(throws: DecodingError.self) { try decode(LenientInt.self, "4.5") }
        #expect(throws: DecodingError.self) { try decode(LenientInt.self, "true") }
        #expect(try decode(LenientDecimal.self, #""1.50""#).value == Decimal(sign: .plus, exponent: -1, significand: 15))
        #expect(try decode(LenientDecimal.self, "12345678901234567890.5").value.description == "12345678901234567890.5")
        for bad in [#""1,000""#, #""12abc""#, #""""#, "true", "[1]"] {
            #expect(throws: DecodingError.self, "\(bad)") { try decode(LenientDecimal.self, bad) }
        }
        #expect(try decode(LenientString.self, #""x""#).value == "x")
        #expect(try decode(LenientString.self, "12").value == "12")
        #expect(try decode(LenientString.self, "1.50").value == "1.5")
        #expect(try decode(LenientString.self, "false").value == "false")
        #expect(try decode(LenientString.self, "null").value == "")
        #expect(throws: DecodingError.self) { try decode(LenientString.self, "{}") }
        #expect(LenientInt(3).description == "3" && LenientDecimal(1.5).description == "1.5")
        #expect(LenientString("a").description == "a" && LenientBool(true).description == "true")
    }
}

@Suite("JSONBody")
struct JSONBodyTests {
    @Test("errors name the path and what was wrong")
    func paths() {
        let cases: [(String, String)] = [
            (#"{"SMS_COUNT":1,"BID":"b","DATA":[{"NAME":"","MOBILE":"x","COST":"1.00","STATUS":"100"},{"NAME":"","MOBILE":"x","COST":"1,00","STATUS":"1"}]}"#,
             "bad value at DATA[1].COST: expected a decimal, found text of 4 characters"),
            (#"{"SMS_COUNT":1,"BID":"b","DATA":[{"NAME":"","MOBILE":"x","COST":"1"}]}"#, "missing key STATUS at DATA[0]"),
            (#"{"SMS_COUNT":1,"BID":7}"#, "expected String at BID"),
            (#"{"SMS_COUNT":1,"BID":null}"#, "null where String was expected at BID"),
            (#"{"SMS_COUNT":1}"#, "missing key BID at top level"),
            (#"{"SMS_COUNT":1,"#, "not JSON"),
            ("", "not JSON"),
            ("-99,發生不明錯誤", "not JSON"),
        ]
        for (json, reason) in cases {
            do {
                _ = try JSONBody.decode(DeliveryPage.self, from: Data(json.utf8), expected: "delivery page")
                Issue.record("decoded \(json)")
            } catch let error as ResponseParseError {
                #expect(error.expected == "delivery page")
                if reason == "not JSON" {
                    #expect(error.reason == "not JSON" || error.reason == "not valid JSON", "\(json): \(error.reason)")
                } else {
                    #expect(error.reason == reason, "\(json)")
                }
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test("the error's body preview never shows a PWD or a token, by name or by value")
    func redactedPreview() throws {
        let body = #"{"UID":"bob","PWD":"json-secret-1","Msg":"echo json-secret-2","SMS_COUNT":"many"}"#
        do {
            _ = try JSONBody.decode(DeliveryPage.self, from: Data(body.utf8), expected: "delivery page", secrets: ["json-secret-2"])
            Issue.record("decoded")
        } catch let error as ResponseParseError {
            expectNoSecret(error.description, ["json-secret-1", "json-secret-2"])
            #expect(error.description.contains(#""UID":"bob""#))
            #expect(error.description.contains("SMS_COUNT"))
        }
    }

    @Test("a value that fails to decode is not echoed into the reason")
    func valueNotEchoed() {
        struct Credentials: Decodable { let PWD: LenientInt }
        do {
            _ = try JSONBody.decode(Credentials.self, from: Data(#"{"PWD":"hunter2-secret"}"#.utf8), expected: "x")
            Issue.record("decoded")
        } catch {
            expectNoSecret("\(error)", ["hunter2-secret"])
        }
    }

    @Test("a UTF-8 BOM is skipped")
    func bom() throws {
        let page = try JSONBody.decode(DeliveryPage.self, from: Data([0xEF, 0xBB, 0xBF]) + Data(#"{"SMS_COUNT":"0","BID":"b"}"#.utf8), expected: "page")
        #expect(page.SMS_COUNT.value == 0)
    }

    @Test("the benchmark page decodes with the lenient types")
    func benchmarkPage() throws {
        let data = try BenchFixtures.page("json")
        let page = try JSONBody.decode(DeliveryPage.self, from: data, expected: "delivery page")
        #expect(page.DATA?.count == 1000)
        #expect(page.SMS_COUNT.value == 1000)
    }
}
