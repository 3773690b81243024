import Foundation
import Testing
@testable import Every8D

/// `sendReceipt`, `duplicateFilterReceipt` and `credit` first try to read the body in place
/// (`AnswerFields.plainAnswer`), and fall back to reading the envelope and the text. The
/// in-place read must never give an answer the text path would not: these tests build many
/// bodies from the pieces that matter (BOM, every kind of padding, signs, braces, commas, non-ASCII)
/// and compare the two paths on each.
@Suite("Plain answers: reading in place agrees with reading the text")
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
        for round in 0..<30_000 {
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

    /// The in-place read, where it answers.
    static func inPlace<T>(_ body: Data, _ read: (UnsafeRawBufferPointer, Range<Int>) -> T?) -> T? {
        body.withUnsafeBytes { raw in AnswerFields.plainAnswer(raw).flatMap { read(raw, $0) } }
    }

    @Test("send results, duplicate-filter results and credits")
    func agree() throws {
        var answeredInPlace = (receipts: 0, filtered: 0, credits: 0)
        for body in Self.bodies() {
            let text = try? Every8DResponseParser.answerText(body, operation: .sendSMS)
            if let receipt = Self.inPlace(body, AnswerFields.sendReceipt) {
                answeredInPlace.receipts += 1
                #expect(text.flatMap(AnswerFields.sendReceipt) == receipt, "\(Array(body))")
            }
            if let receipt = Self.inPlace(body, AnswerFields.duplicateFilterReceipt) {
                answeredInPlace.filtered += 1
                #expect(text.flatMap(AnswerFields.duplicateFilterReceipt) == receipt, "\(Array(body))")
            }
            if let credit = Self.inPlace(body, { raw, range in ExactDecimal.parse(bytes: UnsafeRawBufferPointer(rebasing: raw[range])) }) {
                answeredInPlace.credits += 1
                #expect(text.flatMap { ExactDecimal.parse($0) } == credit, "\(Array(body))")
            }
            // Whatever the in-place read does, the public parsers still agree with the text path.
            #expect((try? Every8DResponseParser.credit(body)) == text.flatMap { ExactDecimal.parse($0) }, "\(Array(body))")
        }
        // The generator reaches every in-place reader often enough to mean something.
        #expect(answeredInPlace.receipts > 100 && answeredInPlace.filtered > 100 && answeredInPlace.credits > 0,
                "\(answeredInPlace)")
    }

    @Test("errors and envelopes are left to the text path", arguments: ["-1,wrong", " -301", "{\"Result\":true,\"Msg\":\"1\"}", "\u{FEFF}-99,x"])
    func leftAlone(_ text: String) {
        #expect(Data(text.utf8).withUnsafeBytes { AnswerFields.plainAnswer($0) } == nil)
    }
}
