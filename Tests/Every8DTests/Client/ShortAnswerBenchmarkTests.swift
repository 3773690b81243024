import Foundation
import Testing
@_spi(SMSInternals) import Every8D

private func data(_ text: String) -> Data { Data(text.utf8) }

/// The short answers are read in place from the body's bytes (the benchmarks showed a `String`
/// reading at ~17 µs a send result). These tests pin every shape: padding of every kind, ASCII
/// or Unicode, non-ASCII text, and the errors with their reasons.
@Suite("Short answers: padding, non-ASCII text and errors")
struct ShortAnswerBenchmarkTests {
    static let batch = "c496f706-9b0f-4ff8-9644-9503edbb7064"
    static let clean = SendReceipt(credit: Decimal(string: "9610040.00")!, sent: 2, cost: 2, unsent: 0, batchID: batch)

    @Test("send results padded with any ASCII whitespace, or with Unicode spaces, read the same", arguments: [
        "9610040.00,2,2,0,\(batch)",
        " \t9610040.00 , 2\t,2 ,\u{0B}0\u{0C},\(batch)\r\n",
        "\n\n9610040.00,2,2,0,\(batch)\n\n",
        "\u{3000}9610040.00,2,2,0,\(batch)\u{3000}",  // ideographic spaces: not ASCII, the general path
        "\u{00A0}9610040.00,\u{2003}2,2,0,\(batch)",
        "\u{FEFF}9610040.00,2,2,0,\(batch)",
    ])
    func paddedReceipts(_ body: String) throws {
        #expect(try Every8DResponseParser.sendReceipt(data(body)) == Self.clean)
    }

    @Test("a send result inside a JSON envelope, padded, reads the same")
    func envelopeReceipt() throws {
        let body = #"{"Result":true,"Status":"0","Msg":" 9610040.00,2,2,0,\#(Self.batch)\r\n"}"#
        #expect(try Every8DResponseParser.sendReceipt(data(body), operation: .sendPersonalizedSMS) == Self.clean)
        let escaped = #"{"Result":true,"Msg":"\t9610040.00,2,2,0,\#(Self.batch)\n"}"#
        #expect(try Every8DResponseParser.sendReceipt(data(escaped), operation: .sendPersonalizedSMS) == Self.clean)
    }

    @Test("malformed send results fail with the general path's reason", arguments: [
        ("9610040.00,2,2", "3 fields"),
        ("9610040.00,2,2,0,b,extra", "6 fields"),
        ("9610040.00,2,2,0,b,extra,more,andmore", "8 fields"),
        ("96100x0.00,2,2,0,b", "CREDIT is not a decimal"),
        ("9610040.00,2.5,2,0,b", "SENDED is not an integer"),
        ("9610040.00,2,,0,b", "COST is not a decimal"),
        ("9610040.00,2,2,x,b", "UNSEND is not an integer"),
        ("9610040.00,2,2,0,  ", "BATCHID is empty"),
        ("9610040.00,2\u{0B}3,2,0,b", "SENDED is not an integer"),
        ("９６１００４０.００,2,2,0,b", "CREDIT is not a decimal"),
    ])
    func malformed(_ body: String, _ reason: String) {
        #expect(throws: ResponseParseError.self) { try Every8DResponseParser.sendReceipt(data(body)) }
        do {
            _ = try Every8DResponseParser.sendReceipt(data(body))
        } catch let error as ResponseParseError {
            #expect(error.reason == reason)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("an empty UNSEND reads as 0 on both paths")
    func emptyUnsent() throws {
        #expect(try Every8DResponseParser.sendReceipt(data("1,1,1,,b")).unsent == 0)
        #expect(try Every8DResponseParser.sendReceipt(data("1,1,1,\u{3000},b")).unsent == 0)
    }

    @Test("duplicate-filter answers: padded parts, empty parts and non-ASCII read the same")
    func duplicateFilter() throws {
        let plain = try Every8DResponseParser.duplicateFilterReceipt(data("9610040.00,2,2,0,B,+886900000001/+886900000002,A1/A2"))
        let padded = try Every8DResponseParser.duplicateFilterReceipt(data(" 9610040.00,2,2,0,B, +886900000001 / /+886900000002/ ,A1/ A2 //\r\n"))
        let wide = try Every8DResponseParser.duplicateFilterReceipt(data("9610040.00,2,2,0,B,+886900000001/\u{3000}+886900000002,A1/A2"))
        #expect(plain.filtered.map(\.mobile) == ["+886900000001", "+886900000002"])
        #expect(plain.filtered.map(\.earlierBatchID) == ["A1", "A2"])
        #expect(padded == plain)
        #expect(wide == plain)

        let dryRun = try Every8DResponseParser.duplicateFilterReceipt(data("0,0,0,,+886900000001,A1"))
        #expect(dryRun.batchID == nil && dryRun.filtered.count == 1 && dryRun.unsent == 0)
        let none = try Every8DResponseParser.duplicateFilterReceipt(data("0,0,0,"))
        #expect(none.batchID == nil && none.filtered.isEmpty)
    }

    @Test("duplicate-filter answers whose numbers and batches do not pair up fail as before")
    func duplicateFilterMismatch() {
        do {
            _ = try Every8DResponseParser.duplicateFilterReceipt(data("1,1,1,0,B,+886900000001/+886900000002,A1"))
            Issue.record("no error")
        } catch let error as ResponseParseError {
            #expect(error.reason == "2 filtered numbers but 1 earlier batch ids")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("credit and other short answers are trimmed of every ASCII whitespace", arguments: [
        "1000.00", " 1000.00 ", "\u{0B}1000.00\u{0C}", "\r\n1000.00\r\n", "\u{FEFF}1000.00", "\u{3000}1000.00",
    ])
    func credit(_ body: String) throws {
        #expect(try Every8DResponseParser.credit(data(body)) == Decimal(string: "1000.00")!)
    }
}
