import Foundation
import Testing
@_spi(SMSInternals) @testable import SMSTransport

/// A strict `application/x-www-form-urlencoded` decoder written for the tests, independent of
/// `FormEncoding.decode`: it rejects any byte an encoder must escape and any malformed escape.
private enum StrictFormDecoder {
    struct Malformed: Error {}

    static func decode(_ body: String) throws -> [(String, String)] {
        guard !body.isEmpty else { return [] }
        return try body.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let pieces = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard pieces.count == 2 else { throw Malformed() }
            return (try component(pieces[0]), try component(pieces[1]))
        }
    }

    private static func component(_ text: Substring) throws -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { throw Malformed() }
                bytes.append(value)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                throw Malformed()
            }
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else { throw Malformed() }
        return text
    }
}

@Suite("FormEncoding")
struct FormEncodingTests {
    @Test("plus sign goes out percent-encoded")
    func plusIsEscaped() {
        let body = FormEncoding.encodeToString([FormField("DEST", "+886912345678")])
        #expect(body == "DEST=%2B886912345678")
    }

    @Test("exact bytes for reserved characters, space, newline, Chinese and emoji")
    func exactBytes() {
        #expect(FormEncoding.percentEncode("a+b&c=d%e f\ng") == "a%2Bb%26c%3Dd%25e%20f%0Ag")
        #expect(FormEncoding.percentEncode("中") == "%E4%B8%AD")
        #expect(FormEncoding.percentEncode("😀") == "%F0%9F%98%80")
        #expect(FormEncoding.percentEncode("AZaz09-._~") == "AZaz09-._~")
        #expect(FormEncoding.percentEncode("*'()!/?:@,;$[]") == "%2A%27%28%29%21%2F%3F%3A%40%2C%3B%24%5B%5D")
        #expect(FormEncoding.percentEncode("\u{0}\u{7F}") == "%00%7F")
        #expect(FormEncoding.encode([FormField("MSG", "您好 +1")]) == Data("MSG=%E6%82%A8%E5%A5%BD%20%2B1".utf8))
    }

    @Test("every value survives a round trip through a strict decoder that reads '+' as space")
    func roundTrip() throws {
        let values = ["+886912345678", "a&b=c", "100%", "50% off", "two  spaces", "line\nbreak\r\nCRLF", "您的驗證碼 123456",
                      "emoji 😀👍🏽", "mixed +&=% \n中😀", "", "~-._", "\u{0}\u{1F}", "%2B already encoded", "é (NFC) vs e\u{301} (NFD)"]
        let fields = values.enumerated().map { FormField("f\($0.offset)+&=", $0.element) }
        let decoded = try StrictFormDecoder.decode(FormEncoding.encodeToString(fields))
        #expect(decoded.map(\.0) == fields.map(\.name))
        #expect(decoded.map(\.1) == values)
        // Unicode scalars are kept as given, not normalised.
        #expect(Array(decoded.last!.1.unicodeScalars) == Array(values.last!.unicodeScalars))
    }

    @Test("field order, duplicates and empty names and values are kept")
    func orderAndEmpty() throws {
        let fields = [FormField("b", "2"), FormField("a", ""), FormField("b", "1"), FormField("", "x"), FormField("z", "")]
        let text = FormEncoding.encodeToString(fields)
        #expect(text == "b=2&a=&b=1&=x&z=")
        #expect(try StrictFormDecoder.decode(text).map { "\($0.0)=\($0.1)" } == ["b=2", "a=", "b=1", "=x", "z="])
        #expect(FormEncoding.encodeToString([]) == "")
        #expect(FormEncoding.encode([]).isEmpty)
    }

    @Test("decode reads as servers do: '+' is space, hex either case, malformed escapes kept")
    func decodeLikeServers() {
        let fields = FormEncoding.decode("BatchID=a%2Bb&SM=%e4%bd%a0%E5%A5%BD+there&RT=20240101120000&bad=%&bad2=%2&bad3=%zz1&flag&&x=1=2&CustID=7")
        #expect(fields == [FormField("BatchID", "a+b"), FormField("SM", "你好 there"), FormField("RT", "20240101120000"),
                           FormField("bad", "%"), FormField("bad2", "%2"), FormField("bad3", "%zz1"), FormField("flag", ""),
                           FormField("x", "1=2"), FormField("CustID", "7")])
        #expect(FormEncoding.decode(Data("a=%2b".utf8)) == [FormField("a", "+")])
        #expect(FormEncoding.decode("") == [])
        #expect(FormEncoding.decode("k=%FF").first?.value == "\u{FFFD}")
        #expect(FormEncoding.decodeComponent("%2B886+9%20") == "+886 9 ")
    }

    @Test("encode then decode is the identity")
    func encodeDecode() {
        let fields = [FormField("PWD", "p+w&d=%中 😀"), FormField("k", "")]
        #expect(FormEncoding.decode(FormEncoding.encode(fields)) == fields)
    }

    @Test("value(named:) ignores ASCII case of the name")
    func valueNamed() {
        let fields = FormEncoding.decode("STATUS=100&status=999&Mr=1")
        #expect(fields.value(named: "status") == "100")
        #expect(fields.value(named: "MR") == "1")
        #expect(fields.value(named: "none") == nil)
    }

    @Test("the content type names the charset")
    func contentType() {
        #expect(FormEncoding.contentType == "application/x-www-form-urlencoded; charset=utf-8")
    }
}
