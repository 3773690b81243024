import Foundation
import Testing
@testable import SMSTransport

/// A delivery row as the gateways' parsers read one with ``JSONReader``: every value kept as the
/// reader converts it.
private struct Row: Equatable {
    var mr: String?
    var name = ""
    var cost: Decimal?
    var status: Int?
}

/// Reads `{"SMS_COUNT":…,"BID":…,"DATA":[{…}]}` the way `Every8DResponseParser` does.
private func readPage(_ body: Data) throws -> (count: Int?, batch: String?, rows: [Row]?) {
    try body.withUnsafeBytes { bytes in
        var reader = JSONReader(bytes, expected: "delivery page")
        var count: Int?, batch: String?, rows: [Row]?
        try reader.beginObject()
        var first = true
        while let key = try reader.nextKey(first: &first) {
            if reader.key(key, is: "SMS_COUNT") {
                count = try reader.integer(reader.readScalar(), field: "SMS_COUNT")
            } else if reader.key(key, is: "BID") {
                batch = reader.text(try reader.readScalar())
            } else if reader.key(key, is: "DATA") {
                try reader.beginArray()
                var firstRow = true
                rows = []
                while try reader.nextElement(first: &firstRow) {
                    let index = rows!.count
                    var row = Row()
                    try reader.beginObject()
                    var firstKey = true
                    while let key = try reader.nextKey(first: &firstKey) {
                        if reader.key(key, is: "MR") {
                            row.mr = reader.text(try reader.readScalar())
                        } else if reader.key(key, is: "NAME") {
                            row.name = reader.plainText(try reader.readScalar())
                        } else if reader.key(key, is: "COST") {
                            row.cost = try reader.decimal(reader.readScalar(), field: "DATA[\(index)].COST")
                        } else if reader.key(key, is: "STATUS") {
                            row.status = try reader.integer(reader.readScalar(), field: "DATA[\(index)].STATUS")
                        } else {
                            try reader.skipValue()
                        }
                    }
                    rows!.append(row)
                }
            } else {
                try reader.skipValue()
            }
        }
        try reader.expectEnd()
        return (count, batch, rows)
    }
}

private func reason(_ json: String) -> String? {
    do {
        _ = try readPage(Data(json.utf8))
        return nil
    } catch let error as ResponseParseError {
        #expect(error.expected == "delivery page")
        return error.reason
    } catch {
        return "unexpected \(error)"
    }
}

@Suite("JSONReader")
struct JSONReaderTests {
    @Test("numbers as strings and as numbers (documented DR JSON), decimals exact")
    func deliveryPage() throws {
        let body = #"{"SMS_COUNT":2,"BID":"b-1","DATA":[{"MR":"1","NAME":"","MOBILE":"+886912345678","SEND_TIME":"2021-12-16 16:09:06","COST":"1.00","STATUS":"100","REAL_COST":"1.00","RECEIVED_TIME":""},{"MR":2,"NAME":"王","MOBILE":"0912","COST":3.133,"STATUS":-3}]}"#
        let page = try readPage(Data(body.utf8))
        #expect(page.count == 2)
        let rows = try #require(page.rows)
        #expect(rows.map(\.status) == [100, -3])
        #expect(rows.map(\.mr) == ["1", "2"])
        #expect(rows[0].cost == 1)
        #expect(rows[1].cost == Decimal(sign: .plus, exponent: -3, significand: 3133))
        #expect(rows[1].cost != Decimal(3.133))
        #expect(rows[1].name == "王")
    }

    @Test("no rows: DATA is absent")
    func noRows() throws {
        let page = try readPage(Data(#"{"SMS_COUNT":0,"BID":"b"}"#.utf8))
        #expect(page.rows == nil && page.count == 0)
    }

    @Test("values: strings trimmed, empty and null are nil, escapes decoded, literals as written")
    func values() throws {
        let body = #"{"SMS_COUNT":" 42 ","BID":"a\"b\\c\u4E2D\uD83D\uDE00\n","DATA":[{"COST":"","STATUS":null,"MR":true,"NAME":null},{"COST":"1.50","MR":12,"NAME":"x\/y"}]}"#
        let page = try readPage(Data(body.utf8))
        #expect(page.count == 42)
        #expect(page.batch == "a\"b\\c中😀\n")
        #expect(page.rows == [Row(mr: "true", name: "", cost: nil, status: nil), Row(mr: "12", name: "x/y", cost: Decimal(string: "1.50"), status: nil)])
    }

    @Test("conversion errors name the field and never repeat the value")
    func paths() {
        #expect(reason(#"{"SMS_COUNT":1,"BID":"b","DATA":[{"NAME":"","COST":"1.00","STATUS":"100"},{"NAME":"","COST":"1,00","STATUS":"1"}]}"#)
            == "DATA[1].COST is not a decimal")
        #expect(reason(#"{"SMS_COUNT":"many"}"#) == "SMS_COUNT is not an integer")
        #expect(reason(#"{"DATA":[{"STATUS":"4.5"}]}"#) == "DATA[0].STATUS is not an integer")
        #expect(reason(#"{"DATA":[{"STATUS":true}]}"#) == "DATA[0].STATUS is not an integer")
        #expect(reason(#"{"DATA":[{"COST":"12abc"}]}"#) == "DATA[0].COST is not a decimal")
        let secret = reason(#"{"SMS_COUNT":"hunter2-secret"}"#) ?? ""
        expectNoSecret(secret, ["hunter2-secret"])
    }

    @Test("malformed JSON is refused", arguments: [
        #"{"SMS_COUNT":1,"#, "", "-99,發生不明錯誤", #"{"SMS_COUNT":1}x"#, #"{"SMS_COUNT":01}"#, #"{"SMS_COUNT":1.}"#,
        #"{"BID":"a"#, "{\"BID\":\"a\u{1}\"}", #"{"DATA":[1,]}"#, #"{"DATA":[1 2]}"#, #"{"BID":tru}"#,
        #"{"SMS_COUNT":{"a":1}}"#, #"{"X":"#, #"["not an object"]"#,
    ])
    func malformed(_ json: String) {
        #expect(reason(json) != nil, "\(json.debugDescription)")
    }

    @Test("a skipped value nests at most 64 deep")
    func depth() {
        let deep = #"{"X":"# + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "}"
        #expect(reason(deep) != nil)
        let fine = #"{"X":"# + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "}"
        #expect(reason(fine) == nil)
    }

    @Test("a UTF-8 BOM is skipped")
    func bom() throws {
        let page = try readPage(Data([0xEF, 0xBB, 0xBF]) + Data(#"{"SMS_COUNT":"0","BID":"b"}"#.utf8))
        #expect(page.count == 0)
    }

    @Test("the error's body preview never shows a PWD or a token, by name or by value")
    func redactedPreview() throws {
        let body = Data(#"{"UID":"bob","PWD":"json-secret-1","Msg":"echo json-secret-2","SMS_COUNT":"many"}"#.utf8)
        let error = try #require(throws: ResponseParseError.self) { try readPage(body) }
        let shown = error.withBody(body, contentType: "application/json", secrets: ["json-secret-2"])
        expectNoSecret(shown.description, ["json-secret-1", "json-secret-2"])
        #expect(shown.description.contains(#""UID":"bob""#))
        #expect(shown.description.contains("SMS_COUNT"))
    }

    @Test("the benchmark page reads all its rows")
    func benchmarkPage() throws {
        let page = try readPage(try BenchFixtures.page("json"))
        #expect(page.rows?.count == 1000)
        #expect(page.count == 1000)
        #expect(page.rows?.allSatisfy { $0.cost != nil && $0.status != nil } == true)
    }
}
