import Foundation
import Testing
import CLISupport
import SMSTransport

/// The CLI's CSV reader, which reads a block at a time, against the SDK's whole-text CSV reader.
@Suite("CSVReader")
struct CSVReaderTests {
    /// Reads every data row of `text` with the block reader.
    static func rows(of text: String) throws -> (header: [String], rows: [[String]], numbers: [Int]) {
        let file = try CLI.temporaryFile(named: "rows.csv", text: text)
        defer { CLI.cleanUp(file) }
        let reader = try CSVReader(path: file.path, option: "--csv", required: ["a"], optional: ["b", "c"])
        var rows: [[String]] = [], numbers: [Int] = []
        while let row = try reader.next() {
            rows.append(row.values)
            numbers.append(row.number)
        }
        return (reader.header, rows, numbers)
    }

    @Test("a file of many blocks, with quoted line ends, quotes, commas, CRLF and lone CR line ends, reads as the whole-text reader reads it")
    func manyBlocks() throws {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["plain", "中文字", "with, comma", "say \"hi\"", "two\nlines", "crlf\r\nin it", "", "a\rb"]
        let ends = ["\n", "\r\n", "\r"]
        var text = "A,b,C\r\n"
        for _ in 0..<12_000 {
            let cells = (0..<3).map { _ in pieces.randomElement(using: &generator)! }
            text += CSVWriter.line(cells) + ends.randomElement(using: &generator)!
            if Int.random(in: 0..<50, using: &generator) == 0 { text += "\n" }  // a blank line, skipped
        }
        #expect(text.utf8.count > 3 * 64 * 1024, "several blocks")
        let expected = try DelimitedText.csv(Data(text.utf8))
        let read = try Self.rows(of: text)
        #expect(read.header == expected[0])
        #expect(read.rows == Array(expected.dropFirst()))
        #expect(read.numbers == Array(2..<(expected.count + 1)), "rows numbered from 2, blank lines not counted")
    }

    @Test("CSVWriter's lines read back as the same fields")
    func writerRoundTrip() throws {
        let fields = ["0912345678", "a, b", "\"quoted\"", "line\nbreak", "", "x\r\ny"]
        #expect(try DelimitedText.csv(Data(CSVWriter.line(fields).utf8)) == [fields])
    }

    @Test("an unclosed quote far into the file names its line")
    func errorLine() throws {
        let text = "a,b\n" + String(repeating: "1,2\n", count: 40_000) + "3,\"open\n"
        #expect(throws: UsageError.self) { try Self.rows(of: text) }
        do {
            _ = try Self.rows(of: text)
        } catch let error as UsageError {
            #expect(error.message.contains("line 40002: a quoted field is never closed"), "\(error.message)")
        }
    }
}
