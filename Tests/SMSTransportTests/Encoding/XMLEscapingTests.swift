import Foundation
import Testing
@_spi(SMSInternals) @testable import SMSTransport

@Suite("XMLEscaping")
struct XMLEscapingTests {
    @Test("markup characters and line ends are escaped; plain text is returned as is")
    func escape() {
        #expect(XMLEscaping.escape(#"a&b<c>d"e'f"#) == "a&amp;b&lt;c&gt;d&quot;e&apos;f")
        #expect(XMLEscaping.escape("l1\r\nl2\tx") == "l1&#13;&#10;l2&#9;x")
        #expect(XMLEscaping.escape("您好 plain") == "您好 plain")
        #expect(XMLEscaping.escape("bell\u{7}nul\u{0}\u{FFFE}") == "bell\u{FFFD}nul\u{FFFD}\u{FFFD}")
        #expect(XMLEscaping.escape("😀\u{FFFD}") == "😀\u{FFFD}")
    }

    @Test("escaped text reads back exactly in elements and attributes")
    func roundTrip() throws {
        let text = "a&b <c> \"q\" 'a' \r\n\tend 中 ]]> &amp;"
        let document = "<r a=\"\(XMLEscaping.escape(text))\" b='\(XMLEscaping.escape(text))'>\(XMLEscaping.escape(text))</r>"
        for engine in [XMLEngine.builtIn, .foundation] {
            let root = try engine.parse(Data(document.utf8))
            #expect(root.text == text, "\(engine)")
            #expect(root.attributes["a"] == text, "\(engine)")
            #expect(root.attributes["b"] == text, "\(engine)")
        }
    }

    @Test("CDATA keeps text verbatim, ']]>' included")
    func cdata() throws {
        #expect(XMLEscaping.cdata("a]]>b") == "<![CDATA[a]]]]><![CDATA[>b]]>")
        let text = "x <y> & ]]> ]] > ]]]]> \u{1}"
        let root = try XMLTree.parse(Data("<m>\(XMLEscaping.cdata(text))</m>".utf8))
        #expect(root.text == "x <y> & ]]> ]] > ]]]]> \u{FFFD}")
    }

    @Test("firstInvalidCharacter finds what XML 1.0 cannot carry")
    func invalid() {
        #expect(XMLEscaping.firstInvalidCharacter(in: "ok\t\n\r 中😀") == nil)
        #expect(XMLEscaping.firstInvalidCharacter(in: "a\u{1}b\u{2}") == "\u{1}")
        #expect(XMLEscaping.firstInvalidCharacter(in: "\u{FFFF}") == "\u{FFFF}")
    }
}
