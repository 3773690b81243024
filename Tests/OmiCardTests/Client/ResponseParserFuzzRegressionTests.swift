import Foundation
import Testing
@_spi(SMSInternals) import OmiCard

/// Inputs the fuzzer (`Fuzz/run.sh OmiCardResponse`) found, kept so that they stay fixed.
@Suite("OmiCardResponseParser: fuzzer findings")
struct ResponseParserFuzzRegressionTests {
    static func parse(_ body: Data, contentType: String = "text/xml; charset=utf-8") throws -> OmiCardResponse {
        try OmiCardResponseParser.parse(body, headers: ["Content-Type": contentType])
    }

    /// Foundation's XMLParser on Linux reads a null pointer for a processing instruction without
    /// data and the process dies (SIGSEGV in strlen). XMLTree's own reader takes them in stride:
    /// well-formed documents read, the malformed one is a parse error, and nothing crashes.
    @Test("a processing instruction without data is no crash", arguments: [
        Data("<Result><?pi?><ErrorCode>0</ErrorCode></Result>".utf8),
        Data("<?xml version=\"1.0\"?><?pi?><Result><ErrorCode>0</ErrorCode></Result>".utf8),
        Data("<Result><ErrorCode>0</ErrorCode></Result><?pi ?>".utf8),
    ])
    func processingInstruction(_ body: Data) throws {
        #expect(try Self.parse(body).isSuccess)
    }

    @Test("the fuzzer's malformed document with a data-less processing instruction is a parse error")
    func malformedProcessingInstruction() {
        let body = Data([0x3C, 0x3F, 0x6F, 0x6E, 0x3F, 0x3E, 0x3C, 0x05, 0x00, 0x45, 0x72, 0x67, 0x3E, 0x3C, 0x4C, 0x75, 0x6C, 0x74, 0x3E])
        #expect(throws: ResponseParseError.self) { try Self.parse(body) }
    }

    @Test("the declaration, and `<?` inside CDATA or a comment, are still read")
    func declarationAndText() throws {
        let declared = try Self.parse(Data("<?xml version=\"1.0\" encoding=\"utf-8\"?><Result><ErrorCode>0</ErrorCode></Result>".utf8))
        #expect(declared.isSuccess)
        let cdata = try Self.parse(Data("<Result><ErrorCode>100</ErrorCode><ErrorMsg><![CDATA[bad <?pi?> text]]></ErrorMsg><!-- <?x?> --></Result>".utf8))
        #expect(cdata.errorCode.rawValue == 100)
        #expect(cdata.errorMessage == "bad <?pi?> text")
    }
}
