import Foundation
import Testing
@testable import SMSTransport

@Suite("TextDecoding")
struct TextDecodingTests {
    @Test("UTF-8 by default, with or without a BOM")
    func utf8() throws {
        #expect(try TextDecoding.decode(Data("-99,發生不明錯誤".utf8), contentType: nil) == "-99,發生不明錯誤")
        #expect(try TextDecoding.decode(Data([0xEF, 0xBB, 0xBF]) + Data("0".utf8), contentType: "text/plain") == "0")
        #expect(try TextDecoding.decode(Data(), contentType: nil) == "")
    }

    @Test("invalid UTF-8 is an error, not replacement characters")
    func invalidUTF8() {
        #expect(throws: ResponseParseError.self) { try TextDecoding.decode(Data([0x61, 0xFF, 0x62]), contentType: "text/plain; charset=utf-8") }
        #expect(throws: ResponseParseError.self) { try TextDecoding.decode(Data([0xE4, 0xB8]), contentType: nil) } // truncated character
    }

    @Test("Big5 decodes on this platform (charset big5, x-big5, cp950)")
    func big5() throws {
        let bytes = Data([0xA4, 0xA4, 0xA4, 0xE5, 0xB0, 0x54, 0xAE, 0xA7]) // 中文訊息
        for charset in ["big5", "Big5", "\"BIG5\"", "x-big5", "cp950"] {
            #expect(try TextDecoding.decode(bytes, contentType: "text/plain; charset=\(charset)") == "中文訊息", "\(charset)")
        }
    }

    @Test("Latin-1, Windows-1252, ASCII and UTF-16 with and without BOM")
    func otherCharsets() throws {
        #expect(try TextDecoding.decode(Data([0x63, 0x61, 0x66, 0xE9]), contentType: "text/plain; charset=ISO-8859-1") == "café")
        #expect(try TextDecoding.decode(Data([0x80]), contentType: "text/plain;charset=windows-1252") == "€")
        #expect(try TextDecoding.decode(Data("ok".utf8), contentType: "text/plain; charset=us-ascii") == "ok")
        #expect(throws: ResponseParseError.self) { try TextDecoding.decode(Data([0xC3]), contentType: "text/plain; charset=us-ascii") }
        #expect(try TextDecoding.decode(Data([0xFF, 0xFE, 0x2D, 0x4E]), contentType: "text/plain; charset=utf-8") == "中") // BOM wins
        #expect(try TextDecoding.decode(Data([0xFE, 0xFF, 0x4E, 0x2D]), contentType: nil) == "中")
        #expect(try TextDecoding.decode(Data([0x4E, 0x2D]), contentType: "text/plain; charset=utf-16") == "中")
        #expect(try TextDecoding.decode(Data([0x2D, 0x4E]), contentType: "text/plain; charset=UTF-16LE") == "中")
    }

    @Test("unknown charsets are an error naming the charset")
    func unknown() {
        #expect(throws: ResponseParseError(expected: "text", reason: "unsupported charset klingon")) {
            try TextDecoding.decode(Data("x".utf8), contentType: "text/plain; charset=klingon")
        }
    }

    @Test("charset(in:) reads the parameter in any case, quoted or not")
    func charsetParameter() {
        #expect(TextDecoding.charset(in: "text/xml; charset=\"UTF-8\"") == "utf-8")
        #expect(TextDecoding.charset(in: "text/xml;Charset=Big5;q=1") == "big5")
        #expect(TextDecoding.charset(in: "text/xml") == nil)
        #expect(TextDecoding.charset(in: "text/xml; format=flowed") == nil)
    }
}
