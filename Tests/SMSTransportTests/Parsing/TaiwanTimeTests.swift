import Foundation
import Testing
@testable import SMSTransport

@Suite("TaiwanTime")
struct TaiwanTimeTests {
    /// 2021-12-16 16:09:06 in Taiwan is 08:09:06 UTC.
    private let instant = Date(timeIntervalSince1970: 1_639_642_146)

    @Test("all four layouts give the same instant", arguments: [
        "20211216160906", "2021-12-16 16:09:06", "2021/12/16 16:09:06", " 2021-12-16T16:09:06\r\n",
    ])
    func layouts(_ text: String) {
        #expect(TaiwanTime.parse(text) == instant)
    }

    @Test("unpadded month, day and hour, as seen in SOAP logs")
    func unpadded() {
        let expected = TaiwanTime.makeDate(year: 2010, month: 3, day: 20, hour: 3, minute: 27, second: 50)
        #expect(expected != nil)
        #expect(TaiwanTime.parse("2010/3/20 03:27:50") == expected)
        #expect(TaiwanTime.parse("2010/3/20 3:27:50") == expected)
        #expect(TaiwanTime.parse("2010-03-20 3:27:50") == expected)
    }

    @Test("offset: the known instant is UTC+8, with no tzdata involved")
    func offset() throws {
        let date = try #require(TaiwanTime.parse("19700101080000"))
        #expect(date.timeIntervalSince1970 == 0)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(secondsFromGMT: 0))
        let utc = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        #expect([utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second] == [2021, 12, 16, 8, 9, 6])
        #expect(TaiwanTime.timeZone.secondsFromGMT() == 28_800)
    }

    @Test("impossible or malformed dates are refused", arguments: [
        "2021/02/30 00:00:00", "2021/02/29 00:00:00", "2100/02/29 12:00:00", "2021-13-01 00:00:00", "2021-00-10 00:00:00",
        "2021-12-00 00:00:00", "2021-04-31 00:00:00", "2021-12-16 24:00:00", "2021-12-16 23:60:00", "2021-12-16 23:59:60",
        "20211216240000", "2021121616090", "202112161609061", "2021-12/16 16:09:06", "2021-12-16 16:9:06", "2021-12-16 16:09:6",
        "2021-12-16  16:09:06", "2021-123-16 16:09:06", "21-12-16 16:09:06", "2021-12-16 16:09", "", "abcdefghijklmn",
        "2021-12-16 16:09:06Z", "2021-12-16 16:09:06.123", "0000-01-01 00:00:00", "2021１216160906",
    ])
    func refused(_ text: String) {
        #expect(TaiwanTime.parse(text) == nil)
    }

    @Test("leap years: 2020, 2000 and 2024 have February 29; 1900 and 2100 do not")
    func leapYears() {
        #expect(TaiwanTime.parse("2020/02/29 12:00:00") != nil)
        #expect(TaiwanTime.parse("2000/2/29 0:00:00") != nil)
        #expect(TaiwanTime.parse("20240229235959") != nil)
        #expect(TaiwanTime.parse("1900/02/29 00:00:00") == nil)
        #expect(TaiwanTime.parse("2100/02/29 00:00:00") == nil)
    }

    @Test("dates before 1970 and far ahead parse and format back")
    func farDates() throws {
        let old = try #require(TaiwanTime.parse("1969-12-31 23:59:59"))
        #expect(old.timeIntervalSince1970 == -28_801)
        #expect(TaiwanTime.dashed(old) == "1969-12-31 23:59:59")
        let ancient = try #require(TaiwanTime.parse("0001/01/01 00:00:00"))
        #expect(TaiwanTime.compact(ancient) == "00010101000000")
        let future = try #require(TaiwanTime.parse("9999-12-31 23:59:59"))
        #expect(TaiwanTime.slashed(future) == "9999/12/31 23:59:59")
    }

    @Test("formatting in every layout")
    func formatting() {
        #expect(TaiwanTime.compact(instant) == "20211216160906")
        #expect(TaiwanTime.dashed(instant) == "2021-12-16 16:09:06")
        #expect(TaiwanTime.slashed(instant) == "2021/12/16 16:09:06")
        let early = TaiwanTime.makeDate(year: 2010, month: 3, day: 2, hour: 3, minute: 7, second: 5)!
        #expect(TaiwanTime.unpadded(early) == "2010/3/2 3:07:05")
        #expect(TaiwanTime.slashed(early.addingTimeInterval(0.999)) == "2010/03/02 03:07:05") // sub-seconds dropped
    }

    @Test("round trips over many instants, every layout")
    func roundTrips() {
        var generator = SeededGenerator(seed: 1979)
        for _ in 0..<2000 {
            let seconds = Int64.random(in: -62_135_596_800 + 28_800 ... 253_402_300_799 - 28_800, using: &generator)
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            for format in [TaiwanTime.compact, TaiwanTime.dashed, TaiwanTime.slashed, TaiwanTime.unpadded] {
                #expect(TaiwanTime.parse(format(date)) == date)
            }
        }
    }

    @Test("formatting agrees with Foundation's calendar at UTC+8")
    func agreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TaiwanTime.timeZone
        var generator = SeededGenerator(seed: 8)
        for _ in 0..<500 {
            let date = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: -2_000_000_000...4_000_000_000, using: &generator)))
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let ours = TaiwanTime.components(of: date)
            #expect([c.year, c.month, c.day, c.hour, c.minute, c.second] == [ours.year, ours.month, ours.day, ours.hour, ours.minute, ours.second])
        }
    }

    @Test("instants outside years 1-9999, and NaN, are clamped when formatting")
    func clamped() {
        #expect(TaiwanTime.compact(Date(timeIntervalSince1970: 1e300)) == "99991231235959")
        #expect(TaiwanTime.compact(Date(timeIntervalSince1970: -1e300)) == "00010101000000")
        #expect(TaiwanTime.compact(Date(timeIntervalSince1970: .nan)) == "00010101000000")
        #expect(TaiwanTime.makeDate(year: 10_000, month: 1, day: 1, hour: 0, minute: 0, second: 0) == nil)
        #expect(TaiwanTime.makeDate(year: Int.max, month: 1, day: 1, hour: 0, minute: 0, second: 0) == nil)
    }

    @Test("substrings and bytes parse without copying, the same as strings")
    func substrings() {
        let field = "x\t2021-12-16 16:09:06\ty".split(separator: "\t")[1]
        #expect(TaiwanTime.parse(field) == instant)
        let parsed = Data("20211216160906".utf8).withUnsafeBytes { TaiwanTime.parse(bytes: $0) }
        #expect(parsed == instant)
    }
}
