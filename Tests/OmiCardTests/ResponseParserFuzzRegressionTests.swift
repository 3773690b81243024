import Foundation
import Testing
import OmiCard

/// Inputs the fuzzer (`Fuzz/run.sh OmiCardResponse`) found, kept so that they stay fixed.
@Suite("OmiCardResponseParser: fuzzer findings")
struct ResponseParserFuzzRegressionTests {
    static func parse(_ body: Data, contentType: String = "text/xml; charset=utf-8") throws -> OmiCardResponse {
        try OmiCardResponseParser.parse(body, headers: ["Content-Type": contentType])
    }

    /// Foundation's XMLParser on Linux reads a null pointer for a processing instruction without
    /// data and the process dies (SIGSEGV in strlen); the parser now refuses such documents.
    @Test("a processing instruction without data is a parse error, not a crash", arguments: [
        Data([0x3C, 0x3F, 0x6F, 0x6E, 0x3F, 0x3E, 0x3C, 0x05, 0x00, 0x45, 0x72, 0x67, 0x3E, 0x3C, 0x4C, 0x75, 0x6C, 0x74, 0x3E]),
        Data("<Result><?pi?><ErrorCode>0</ErrorCode></Result>".utf8),
        Data("<?xml version=\"1.0\"?><?pi?><Result><ErrorCode>0</ErrorCode></Result>".utf8),
        Data("<Result><ErrorCode>0</ErrorCode></Result><?pi ?>".utf8),
    ])
    func processingInstruction(_ body: Data) {
        do {
            _ = try Self.parse(body)
            Issue.record("a document with a processing instruction was accepted")
        } catch let error as ResponseParseError {
            #expect(error.reason.contains("processing instructions") || error.reason.contains("ErrorCode"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
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
