import Foundation
import Testing
@_spi(SMSInternals) @testable import SMSTransport

@Suite("DelimitedText")
struct DelimitedTextTests {
    // MARK: TAB lines

    @Test("observed TAB delivery page: 5 columns, an empty leading NAME, LF line ends")
    func observedTabPage() {
        let body = "2\nTest\t+886987654321\t2017/12/18 23:14:17\t1\t100\n\t+886987654321\t2017/12/18 23:14:18\t0\t101"
        #expect(DelimitedText.lines(Data(body.utf8)) == [
            ["2"],
            ["Test", "+886987654321", "2017/12/18 23:14:17", "1", "100"],
            ["", "+886987654321", "2017/12/18 23:14:18", "0", "101"],
        ])
    }

    @Test("current TAB shape: 6 columns, CRLF, trailing line end, empty fields anywhere")
    func currentTabPage() {
        let body = "3\r\n小明\t0912345678\t2021-12-16 16:09:06\t1.00\t100\t2021-12-16 16:09:10\r\n\t0912345679\t2021/12/16 16:09:06\t1.00\t0\t\r\n\t\t\t\t\t\r\n"
        #expect(DelimitedText.lines(Data(body.utf8)) == [
            ["3"],
            ["小明", "0912345678", "2021-12-16 16:09:06", "1.00", "100", "2021-12-16 16:09:10"],
            ["", "0912345679", "2021/12/16 16:09:06", "1.00", "0", ""],
            ["", "", "", "", "", ""],
        ])
    }

    @Test("blank lines are skipped, a BOM is dropped, empty input gives no records")
    func blanksAndBOM() {
        #expect(DelimitedText.lines(Data("\u{FEFF}0\r\n\r\n\n".utf8)) == [["0"]])
        #expect(DelimitedText.lines(Data()) == [])
        #expect(DelimitedText.lines(Data("\n\r\n".utf8)) == [])
        #expect(DelimitedText.lines(Data(" \n".utf8)) == [[" "]])
        #expect(DelimitedText.lines(Data("a,b\nc".utf8), separator: UInt8(ascii: ",")) == [["a", "b"], ["c"]])
    }

    @Test("a truncated last line is still returned whole, CR without LF kept in the field")
    func truncated() {
        #expect(DelimitedText.lines(Data("1\nA\t09".utf8)) == [["1"], ["A", "09"]])
        #expect(DelimitedText.lines(Data("a\rb\tc".utf8)) == [["a\rb", "c"]])
    }

    @Test("forEachRecord hands out byte ranges that typed parsers read directly")
    func forEachRecord() throws {
        let body = Data("2\r\n\t+886987654321\t2017/12/18 23:14:17\t1.50\t100\r\n王\t09\t2017/12/18 23:14:18\t0\t-3\t2017/12/18 23:20:00".utf8)
        var rows: [(String, String, Date?, Decimal?, Int?, Int)] = []
        body.withUnsafeBytes { raw in
            DelimitedText.forEachRecord(in: raw) { row in
                guard row.count >= 5 else { return }
                rows.append((row.string(0), row.string(1), TaiwanTime.parse(bytes: row[2]), ExactDecimal.parse(bytes: row[3]),
                             ASCIIInteger.parse(bytes: row[4]), row.count))
            }
        }
        try #require(rows.count == 2)
        #expect(rows[0].0 == "" && rows[0].1 == "+886987654321")
        #expect(rows[0].2 == TaiwanTime.makeDate(year: 2017, month: 12, day: 18, hour: 23, minute: 14, second: 17))
        #expect(rows[0].3 == Decimal(sign: .plus, exponent: -2, significand: 150))
        #expect(rows[0].4 == 100 && rows[0].5 == 5)
        #expect(rows[1].0 == "王" && rows[1].4 == -3 && rows[1].5 == 6)
    }

    @Test("forEachRecord passes errors through and stops")
    func forEachRecordThrows() {
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            try Data("a\nb\nc".utf8).withUnsafeBytes { raw in
                try DelimitedText.forEachRecord(in: raw) { _ in
                    seen += 1
                    if seen == 2 { throw Stop() }
                }
            }
        }
        #expect(seen == 2)
    }

    // MARK: CSV

    @Test("CSV: quotes, separators, embedded CRLF and LF, doubled quotes")
    func csvQuoted() throws {
        let body = "SMSNumber,Name,Note\r\n0912345678,\"王, 小明\",\"line1\r\nline2\"\r\n0912345679,\"say \"\"hi\"\"\",\"a\nb\"\r\n"
        #expect(try DelimitedText.csv(Data(body.utf8)) == [
            ["SMSNumber", "Name", "Note"],
            ["0912345678", "王, 小明", "line1\r\nline2"],
            ["0912345679", "say \"hi\"", "a\nb"],
        ])
    }

    @Test("CSV: empty fields, trailing separators, ragged rows, no final line end, CR line ends")
    func csvShapes() throws {
        #expect(try DelimitedText.csv(Data("a,,c\n,\n\"\",x\rlast,".utf8)) == [["a", "", "c"], ["", ""], ["", "x"], ["last", ""]])
        #expect(try DelimitedText.csv(Data("ErrorCode,ErrorMsg,LaunchID\n0,,12345".utf8)) == [["ErrorCode", "ErrorMsg", "LaunchID"], ["0", "", "12345"]])
        #expect(try DelimitedText.csv(Data(" a , b \n".utf8)) == [[" a ", " b "]])
        #expect(try DelimitedText.csv(Data("ab\"c,d".utf8)) == [["ab\"c", "d"]])
        #expect(try DelimitedText.csv(Data("a;b\n".utf8), separator: UInt8(ascii: ";")) == [["a", "b"]])
    }

    @Test("CSV: blank lines skipped but a lone quoted empty field is a record; BOM and empty input")
    func csvBlanks() throws {
        #expect(try DelimitedText.csv(Data("\u{FEFF}a\r\n\r\n\n\"\"\nb".utf8)) == [["a"], [""], ["b"]])
        #expect(try DelimitedText.csv(Data()) == [])
        #expect(try DelimitedText.csv(Data("\n\n".utf8)) == [])
    }

    @Test("CSV: unterminated quotes and text after a closing quote are errors with the line")
    func csvErrors() {
        #expect(throws: DelimitedText.CSVError(line: 2, reason: "a quoted field is never closed")) {
            try DelimitedText.csv(Data("a\n\"open,\nmore".utf8))
        }
        #expect(throws: DelimitedText.CSVError(line: 3, reason: "text after a closing quote")) {
            try DelimitedText.csv(Data("a\nb\n\"x\"y".utf8))
        }
        #expect(throws: DelimitedText.CSVError(line: 2, reason: "text after a closing quote")) {
            try DelimitedText.csv(Data("\"multi\nline\" tail".utf8))
        }
        #expect(DelimitedText.CSVError(line: 4, reason: "x").description == "CSV line 4: x")
    }

    @Test("the 1000-row benchmark page parses into 1001 records of the documented shape")
    func benchmarkPage() throws {
        let data = try BenchFixtures.page("tab")
        let records = DelimitedText.lines(data)
        #expect(records.count == 1001)
        #expect(records.first == ["1000"])
        #expect(records.dropFirst().allSatisfy { ($0.count == 5 || $0.count == 6) && $0[0].isEmpty && TaiwanTime.parse($0[2]) != nil })
    }
}
