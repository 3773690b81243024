import Foundation
import Testing
@_spi(SMSInternals) @testable import Every8D
@_spi(SMSInternals) import SMSTransport

/// `sendReceipt`, `duplicateFilterReceipt` and `credit` read the answer's bytes in place and trim
/// each field of Foundation's `whitespacesAndNewlines` themselves. These tests hold them to the
/// reading with Foundation's own string functions (`split`, `trimmingCharacters(in:)`), on many
/// bodies built from the pieces that matter (BOM, every kind of padding, signs, braces, commas,
/// non-ASCII): the same value, or the same refusal.
@Suite("Short answers: reading in place agrees with Foundation's string functions")
struct PlainAnswerTests {
    static let pads = ["", " ", "\t", "\r\n", "\u{0B}", "\u{0C}", "\u{3000}", "\u{00A0}"]
    static let numbers = ["0", "7", "12.50", "3", "10"]
    static let odd = ["", "-3", "1.", "Ａ", "{", "-", "x/y", "1 2"]
    static let batches = ["b1", "c496f706-9b0f", "+886912345678/+886912345679", "b/c", ""]
    static let pieces = pads + numbers + odd + batches + [",", "\"Result\":true", "}"]

    /// Bodies shaped like answers (three to seven padded fields, sometimes after a BOM, a sign or
    /// a brace) and bodies of random pieces.
    static func bodies() -> [Data] {
        var bodies: [Data] = [Data([0xEF, 0xBB]) + Data("1,1,1,0,b".utf8)]
        var generator = SystemRandomNumberGenerator()
        func pick(_ list: [String]) -> String { list.randomElement(using: &generator)! }
        for round in 0..<10_000 {
            let text: String
            if round.isMultiple(of: 2) {
                let fields = (0..<Int.random(in: 3...7, using: &generator)).map { index in
                    let value = index < 3 ? (Int.random(in: 0..<8, using: &generator) > 0 ? pick(numbers) : pick(odd)) : pick(batches + odd)
                    return (Int.random(in: 0..<3, using: &generator) == 0 ? pick(pads) : "") + value + pick(pads.prefix(3) + pads)
                }
                text = pick(["", "", "", "-", "{", " "]) + fields.joined(separator: ",")
            } else {
                text = (0..<Int.random(in: 1...8, using: &generator)).map { _ in pick(pieces) }.joined()
            }
            bodies.append(Bool.random(using: &generator) ? Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8) : Data(text.utf8))
        }
        return bodies
    }

    /// The answer as Foundation reads it, or `nil` when the body is an error or an envelope (read by
    /// `GatewayEnvelope`, not compared here).
    static func oracleText(_ body: Data) -> String? {
        let data = body.starts(with: [0xEF, 0xBB, 0xBF]) ? body.dropFirst(3) : body
        guard let first = data.first(where: { !$0.isASCIIWhitespace }) else { return "" }
        guard first != UInt8(ascii: "-"), first != UInt8(ascii: "{"), let text = String(data: data, encoding: .utf8) else { return nil }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func oracleFields(_ text: String, _ separator: Character = ",") -> [String] {
        text.split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// A value, or the reason it was refused.
    enum Reading<T: Equatable>: Equatable {
        case value(T)
        case refused(String)
    }

    static func reading<T>(_ read: () throws -> T) -> Reading<T> {
        do { return .value(try read()) } catch let error as ResponseParseError { return .refused(error.reason) } catch { return .refused("\(error)") }
    }

    static func oracleNumbers(_ fields: [String], hasUnsent: Bool) throws -> (Decimal, Int, Decimal, Int) {
        func fail(_ reason: String) -> ResponseParseError { ResponseParseError(expected: "", reason: reason) }
        guard let credit = ExactDecimal.parse(fields[0]) else { throw fail("CREDIT is not a decimal") }
        guard let sent = ByteText.integer(fields[1]) else { throw fail("SENDED is not an integer") }
        guard let cost = ExactDecimal.parse(fields[2]) else { throw fail("COST is not a decimal") }
        var unsent = 0
        if hasUnsent, !fields[3].isEmpty {
            guard let value = ByteText.integer(fields[3]) else { throw fail("UNSEND is not an integer") }
            unsent = value
        }
        return (credit, sent, cost, unsent)
    }

    static func oracleReceipt(_ text: String) throws -> SendReceipt {
        let fields = oracleFields(text)
        guard fields.count == 4 || fields.count == 5 else { throw ResponseParseError(expected: "", reason: "\(fields.count) fields") }
        let (credit, sent, cost, unsent) = try oracleNumbers(fields, hasUnsent: fields.count == 5)
        guard let batch = fields.last, !batch.isEmpty else { throw ResponseParseError(expected: "", reason: "BATCHID is empty") }
        return SendReceipt(credit: credit, sent: sent, cost: cost, unsent: unsent, batchID: batch)
    }

    static func oracleFiltered(_ text: String) throws -> DuplicateFilterReceipt {
        let fields = oracleFields(text)
        guard (4...7).contains(fields.count) else { throw ResponseParseError(expected: "", reason: "\(fields.count) fields") }
        let hasUnsent = fields.count == 5 || fields.count == 7
        let (credit, sent, cost, unsent) = try oracleNumbers(fields, hasUnsent: hasUnsent)
        var filtered: [DuplicateFilterReceipt.FilteredRecipient] = []
        if fields.count >= 6 {
            let mobiles = oracleFields(fields[fields.count - 2], "/").filter { !$0.isEmpty }
            let batches = oracleFields(fields[fields.count - 1], "/").filter { !$0.isEmpty }
            guard mobiles.count == batches.count else {
                throw ResponseParseError(expected: "", reason: "\(mobiles.count) filtered numbers but \(batches.count) earlier batch ids")
            }
            filtered = zip(mobiles, batches).map { .init(mobile: $0, earlierBatchID: $1) }
        }
        let batch = fields[hasUnsent ? 4 : 3]
        return DuplicateFilterReceipt(credit: credit, sent: sent, cost: cost, unsent: unsent, batchID: batch.isEmpty ? nil : batch, filtered: filtered)
    }

    /// It yields every few hundred bodies: tests run on the cooperative pool (two threads on a
    /// two-core machine), and a long synchronous loop there would stall the deadline timers of the
    /// transport tests running beside it.
    @Test("send results, duplicate-filter results and credits")
    func agree() async throws {
        var compared = (receipts: 0, filtered: 0, credits: 0)
        for (index, body) in Self.bodies().enumerated() {
            if index % 200 == 0 { await Task.yield() }
            guard let text = Self.oracleText(body) else { continue }
            let receipt = Self.reading { try Every8DResponseParser.sendReceipt(body) }
            #expect(receipt == Self.reading { try Self.oracleReceipt(text) }, "\(Array(body))")
            if case .value = receipt { compared.receipts += 1 }
            let filtered = Self.reading { try Every8DResponseParser.duplicateFilterReceipt(body) }
            #expect(filtered == Self.reading { try Self.oracleFiltered(text) }, "\(Array(body))")
            if case .value = filtered { compared.filtered += 1 }
            let credit = try? Every8DResponseParser.credit(body)
            #expect(credit == ExactDecimal.parse(text), "\(Array(body))")
            if credit != nil { compared.credits += 1 }
            #expect(try Every8DResponseParser.answerText(body, operation: .sendSMS) == text, "\(Array(body))")
        }
        // The generator reaches every reading often enough to mean something.
        #expect(compared.receipts > 100 && compared.filtered > 100 && compared.credits > 0, "\(compared)")
    }

    @Test("errors and envelopes are read as such", arguments: ["-1,wrong", " -301", "\u{FEFF}-99,x"])
    func errors(_ text: String) {
        #expect(throws: Every8DError.self) { try Every8DResponseParser.sendReceipt(Data(text.utf8)) }
        #expect(throws: Every8DError.self) { try Every8DResponseParser.credit(Data(text.utf8)) }
    }

    @Test("a plain body that is not UTF-8 is refused, not guessed at")
    func notUTF8() {
        #expect(throws: ResponseParseError(expected: "UTF-8 text", reason: "the body is not valid UTF-8")) {
            try Every8DResponseParser.credit(Data([0x31, 0xFF, 0x30]))
        }
    }
}
