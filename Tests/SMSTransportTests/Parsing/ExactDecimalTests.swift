import Foundation
import Testing
@_spi(SMSInternals) @testable import SMSTransport

@Suite("ExactDecimal")
struct ExactDecimalTests {
    @Test("accepts -?[0-9]+(.[0-9]+)? and nothing else", arguments: [
        "12abc", " 12", "12 ", "1,000.5", "-", "", ".5", "5.", "+5", "1e3", "--1", "1.2.3", "0x10", "١٢", "NaN", "- 1", "1_000", "12\n",
    ])
    func rejects(_ text: String) {
        #expect(ExactDecimal.parse(text) == nil)
    }

    @Test("values are exact: built from digits, not from Double")
    func exact() throws {
        let value = try #require(ExactDecimal.parse("3.133"))
        #expect(value == Decimal(sign: .plus, exponent: -3, significand: 3133))
        #expect(value != Decimal(3.133))
        #expect(ExactDecimal.parse("1000.00") == 1000)
        #expect(ExactDecimal.parse("4.0") == 4)
        #expect(ExactDecimal.parse("-99") == -99)
        #expect(ExactDecimal.parse("0.1")! + ExactDecimal.parse("0.2")! == ExactDecimal.parse("0.3")!)
        #expect(ExactDecimal.parse("9610040.00") == Decimal(9_610_040))
        #expect(ExactDecimal.parse("007.50") == Decimal(sign: .plus, exponent: -1, significand: 75))
    }

    @Test("negative zero is zero, not NaN")
    func negativeZero() throws {
        let value = try #require(ExactDecimal.parse("-0.00"))
        #expect(value == 0)
        #expect(!value.isNaN)
        #expect(value.sign == .plus)
    }

    @Test("long values: up to 38 significant digits exact, longer refused")
    func long() throws {
        let digits38 = "12345678901234567890123456789012345678"
        #expect(ExactDecimal.parse(digits38)?.description == digits38)
        #expect(ExactDecimal.parse("-" + digits38)?.description == "-" + digits38)
        let fraction = "1234567890123456789.0123456789012345678"
        #expect(ExactDecimal.parse(fraction)?.description == fraction)
        #expect(ExactDecimal.parse(String(repeating: "9", count: 38))?.description == String(repeating: "9", count: 38))
        #expect(ExactDecimal.parse("0.00000000000000000000000000000000000001")?.description == "0.00000000000000000000000000000000000001")
        #expect(ExactDecimal.parse("000000000000000000000000000000000000000001") == 1) // leading zeros are not significant
        #expect(ExactDecimal.parse(String(repeating: "1", count: 39)) == nil)
        #expect(ExactDecimal.parse("12345678901234567890") == Decimal(string: "12345678901234567890"))
    }

    @Test("substrings and non-native strings parse the same")
    func substrings() {
        let line = "CREDIT=1000.50;"
        let slice = line.dropFirst(7).dropLast()
        #expect(ExactDecimal.parse(slice) == Decimal(sign: .plus, exponent: -2, significand: 100_050))
        let bridged = NSString(string: "12.5") as String
        #expect(ExactDecimal.parse(bridged) == Decimal(sign: .plus, exponent: -1, significand: 125))
    }
}

@Suite("ASCIIInteger")
struct ASCIIIntegerTests {
    @Test("parses codes and counts, strictly")
    func parse() {
        #expect(ASCIIInteger.parse("100") == 100)
        #expect(ASCIIInteger.parse("-99") == -99)
        #expect(ASCIIInteger.parse("0") == 0)
        #expect(ASCIIInteger.parse("007") == 7)
        #expect(ASCIIInteger.parse(String(Int.max)) == Int.max)
        #expect(ASCIIInteger.parse(String(Int.min)) == Int.min)
        for bad in ["", "-", "+1", " 1", "1 ", "1.0", "9223372036854775808", "-9223372036854775809", "1a", "١"] {
            #expect(ASCIIInteger.parse(bad) == nil, "\(bad)")
        }
    }
}
