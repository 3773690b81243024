import Foundation
import Testing
@_spi(SMSInternals) @testable import SMSTransport

@Suite("XMLTree")
struct XMLTreeTests {
    static let engines: [XMLEngine] = [.builtIn, .foundation]

    private func parse(_ text: String, _ engine: XMLEngine, trim: Bool = false) throws -> XMLTree.Element {
        try engine.parse(Data(text.utf8), options: .init(trimText: trim))
    }

    private func reason(_ text: String, _ engine: XMLEngine, options: XMLTree.Options = .init()) -> String? {
        do {
            _ = try engine.parse(Data(text.utf8), options: options)
            return nil
        } catch let error as ResponseParseError {
            return error.reason
        } catch {
            return "unexpected \(error)"
        }
    }

    // MARK: Documented shapes

    static let deliveryLog = """
    <?xml version="1.0" encoding="utf-8"?>
    <SMS_LOG>
      <CODE>0</CODE>
      <DESCRIPTION>發送狀態查詢成功</DESCRIPTION>
      <GET_DELIVERY_STATUS COUNT="2">
        <SMS>
          <NAME />
          <MOBILE>+8869218xxxxx       </MOBILE>
          <SENT_TIME>2010/3/20 03:27:50</SENT_TIME>
          <COST>1.00</COST>
          <STATUS>100</STATUS>
          <REPLY_SMS><REPLY_TIME>2010/3/20 03:30:00</REPLY_TIME><MESSAGE><![CDATA[好的 <OK> & 謝謝]]></MESSAGE></REPLY_SMS>
          <REPLY_SMS><REPLY_TIME>2010/3/20 03:31:00</REPLY_TIME><MESSAGE><![CDATA[line1\r\nline2 ]]]]><![CDATA[> <!DOCTYPE x>]]></MESSAGE></REPLY_SMS>
        </SMS>
        <SMS><NAME>王小明</NAME><MOBILE>0912345678</MOBILE><SENT_TIME>2021/12/16 16:09:06</SENT_TIME><COST>0</COST><STATUS>-3</STATUS></SMS>
      </GET_DELIVERY_STATUS>
    </SMS_LOG>
    """

    @Test("delivery log: CDATA kept, padded values trimmed on request, REPLY_SMS repeated or absent", arguments: engines)
    func deliveryLog(engine: XMLEngine) throws {
        let root = try parse(Self.deliveryLog, engine)
        #expect(root.name == "SMS_LOG")
        #expect(root.childText("code") == "0")
        #expect(root.childText("DESCRIPTION") == "發送狀態查詢成功")
        let status = try #require(root.child("GET_DELIVERY_STATUS"))
        #expect(status.attribute("count") == "2")
        let rows = status.children("SMS")
        try #require(rows.count == 2)
        #expect(rows[0].child("MOBILE")?.text == "+8869218xxxxx       ")
        #expect(rows[0].childText("MOBILE") == "+8869218xxxxx")
        #expect(rows[0].childText("NAME") == "")
        #expect(TaiwanTime.parse(rows[0].childText("SENT_TIME") ?? "") == TaiwanTime.makeDate(year: 2010, month: 3, day: 20, hour: 3, minute: 27, second: 50))
        let replies = rows[0].children("REPLY_SMS")
        #expect(replies.map { $0.childText("MESSAGE") } == ["好的 <OK> & 謝謝", "line1\nline2 ]]> <!DOCTYPE x>"])
        #expect(rows[1].children("REPLY_SMS").isEmpty)
        #expect(rows[1].childText("NAME") == "王小明")
        #expect(ExactDecimal.parse(rows[0].childText("COST") ?? "") == 1)

        let trimmed = try parse(Self.deliveryLog, engine, trim: true)
        #expect(trimmed.firstDescendant("MOBILE")?.text == "+8869218xxxxx")
        #expect(trimmed.text == "")
    }

    @Test("SOAP envelope with the gateway's XML escaped inside a result element", arguments: engines)
    func soapEnvelope(engine: XMLEngine) throws {
        let envelope = """
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
          <soap:Body>
            <getConnectionResponse xmlns="http://tempuri.org/">
              <getConnectionResult>&lt;SMS&gt;&lt;GET_CONNECTION&gt;&lt;CODE&gt;0&lt;/CODE&gt;&lt;SESSION_KEY&gt;abc123&lt;/SESSION_KEY&gt;&lt;DESCRIPTION&gt;成功&lt;/DESCRIPTION&gt;&lt;/GET_CONNECTION&gt;&lt;/SMS&gt;</getConnectionResult>
            </getConnectionResponse>
          </soap:Body>
        </soap:Envelope>
        """
        let root = try parse(envelope, engine)
        #expect(root.name == "soap:Envelope" && root.localName == "Envelope")
        #expect(root.attributes["xmlns:soap"] == "http://schemas.xmlsoap.org/soap/envelope/")
        let result = try #require(root.firstDescendant("getConnectionResult"))
        let inner = try engine.parse(Data(result.text.utf8))
        #expect(inner.firstDescendant("GET_CONNECTION")?.childText("SESSION_KEY") == "abc123")
        #expect(inner.firstDescendant("GET_CONNECTION")?.childText("DESCRIPTION") == "成功")
    }

    @Test("SOAP sendParamSMS content: USER elements with attributes and CDATA", arguments: engines)
    func paramContent(engine: XMLEngine) throws {
        let reps = #"<REPS><USER NAME="小明" MOBILE="+886912345678" EMAIL="" SENDTIME=""><![CDATA[您好 %Name%]]></USER><USER NAME='a&amp;b' MOBILE="0912"><![CDATA[]]></USER></REPS>"#
        let users = try parse(reps, engine).children("user")
        #expect(users.map { $0.attribute("name") } == ["小明", "a&b"])
        #expect(users.map(\.text) == ["您好 %Name%", ""])
    }

    @Test("the 1000-row benchmark page reads into 1000 SMS elements", arguments: engines)
    func benchmarkPage(engine: XMLEngine) throws {
        let data = try BenchFixtures.page("xml")
        let root = try engine.parse(data)
        let rows = try #require(root.child("GET_DELIVERY_STATUS")).children("SMS")
        #expect(rows.count == 1000)
        #expect(rows.allSatisfy { TaiwanTime.parse($0.childText("SENT_TIME") ?? "") != nil && ExactDecimal.parse($0.childText("COST") ?? "") != nil })
    }

    @Test("both engines read the benchmark page into identical trees")
    func benchmarkPageAgrees() throws {
        let data = try BenchFixtures.page("xml")
        #expect(try XMLEngine.builtIn.parse(data) == XMLEngine.foundation.parse(data))
    }

    // MARK: Refusals

    @Test("empty, blank, truncated and two-root documents are refused", arguments: engines)
    func malformed(engine: XMLEngine) {
        for document in ["", "   ", "<SMS_LOG><CODE>0</CODE>", "<SMS_LOG><CODE>0</CO", "<a/><b/>", "<a></a><a></a>", "<a>", "text", "<a/>junk"] {
            #expect(reason(document, engine) != nil, "\(document.debugDescription)")
        }
    }

    @Test("malformed XML that Linux XMLParser reports as parsed is refused", arguments: engines)
    func acceptedByXMLParser(engine: XMLEngine) {
        // XMLParser.parse() returns true for each of these on Linux (scf#5281).
        for document in ["<a>", "", "<a/><b/>", "<a/>junk", "<p:a/>", "<a xmlns:p=\"\"/>", "<a b=\"1\"b=\"2\"/>", "<a/ >"] {
            #expect(reason(document, engine) != nil, "\(document.debugDescription)")
        }
    }

    @Test("billion laughs: refused, not expanded", arguments: engines)
    func billionLaughs(engine: XMLEngine) {
        var document = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            document += " <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n"
        }
        document += "]>\n<lolz>&lol9;</lolz>"
        #expect(reason(document, engine) == "DTD or entity declarations are not accepted")
        #expect(reason("<lolz>&lol9;</lolz>", engine) != nil) // undeclared entities are errors too
    }

    @Test("external entities: refused, the file is never read", arguments: engines)
    func externalEntity(engine: XMLEngine) throws {
        let marker = "MARKER-\(UUID().uuidString)"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("xxe-\(UUID().uuidString).txt")
        try Data(marker.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let documents = [
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"\(file.absoluteString)\">]><r>&x;</r>",
            "<!DOCTYPE r SYSTEM \"\(file.absoluteString)\"><r/>",
            "<!doctype r [<!ENTITY x SYSTEM \"\(file.path)\">]><r>&x;</r>",
            "<!-- c --><!DOCTYPE r [<!ENTITY % p SYSTEM \"\(file.absoluteString)\"> %p;]><r/>",
        ]
        for document in documents {
            do {
                let root = try engine.parse(Data(document.utf8))
                Issue.record("parsed \(document): \(root)")
            } catch {
                #expect(!"\(error)".contains(marker))
            }
        }
    }

    @Test("nesting beyond the depth bound is refused; at the bound it is read", arguments: engines)
    func depth(engine: XMLEngine) throws {
        let options = XMLTree.Options(maxDepth: 10)
        let atBound = String(repeating: "<a>", count: 10) + String(repeating: "</a>", count: 10)
        #expect(try engine.parse(Data(atBound.utf8), options: options).children.count == 1)
        let tooDeep = String(repeating: "<a>", count: 11) + String(repeating: "</a>", count: 11)
        #expect(reason(tooDeep, engine, options: options) == "elements nested deeper than 10")
        let huge = String(repeating: "<a>", count: 100_000) // default bound 64, no stack overflow
        #expect(reason(huge, engine) == "elements nested deeper than 64")
    }

    @Test("documents over the size bound are refused before parsing", arguments: engines)
    func size(engine: XMLEngine) {
        let document = "<a>" + String(repeating: "x", count: 2000) + "</a>"
        #expect(reason(document, engine, options: .init(maxBytes: 1000)) == "document larger than 1000 bytes")
        #expect(reason(document, engine, options: .init(maxBytes: 2007)) == nil)
    }

    @Test("a DOCTYPE inside CDATA or a comment is text, not a refusal", arguments: engines)
    func doctypeAsText(engine: XMLEngine) throws {
        let root = try parse("<r><!-- <!DOCTYPE x> --><m><![CDATA[<!DOCTYPE x [<!ENTITY y \"z\">]>]]></m></r>", engine)
        #expect(root.childText("m") == "<!DOCTYPE x [<!ENTITY y \"z\">]>")
    }

    // MARK: XMLParser crashes on Linux, and the workarounds

    @Test("processing instructions without data do not crash the Foundation engine")
    func instructionsWithoutData() throws {
        for document in ["<?pi?><a/>", "<a><?pi?></a>", "<a/><?xml-stylesheet?>", "<a><?<?pi?></a>", "<a>x<?p.q?>y</a>"] {
            for engine in Self.engines {
                _ = reason(document, engine)
            }
        }
        #expect(try parse("<a>x<?p.q?>y</a>", .foundation).text == "xy")
        #expect(try parse("<a>x<?p.q?>y</a>", .builtIn).text == "xy")
    }

    @Test("invalid UTF-8 in names does not crash the Foundation engine")
    func invalidUTF8Names() {
        for bytes in [[0x3C, 0xE5, 0xE7, 0x2F, 0x3E], [0x3C, 0x61, 0x20, 0xE5, 0xE7, 0x3D, 0x22, 0x31, 0x22, 0x2F, 0x3E],
                      [0x3C, 0x3F, 0x78, 0x6D, 0x6C, 0x20, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6F, 0x6E, 0x3D, 0x22, 0x31, 0x2E, 0x30, 0x22, 0x20,
                       0x65, 0x6E, 0x63, 0x6F, 0x64, 0x69, 0x6E, 0x67, 0x3D, 0x27, 0x55, 0x54, 0x46, 0x2D, 0x38, 0x22, 0x3F, 0x3E, 0x3C, 0xE5, 0xE7, 0x2F, 0x3E]] as [[UInt8]] {
            for engine in Self.engines {
                #expect(throws: ResponseParseError.self) { try engine.parse(Data(bytes)) }
            }
        }
    }

    // MARK: Encodings

    @Test("a Big5 document is transcoded and read by both engines", arguments: engines)
    func big5(engine: XMLEngine) throws {
        var bytes = Array("<?xml version=\"1.0\" encoding=\"big5\"?><r a=\"".utf8)
        bytes += [0xA4, 0xA4] // 中
        bytes += Array("\">".utf8) + [0xA4, 0xA4, 0xA4, 0xE5] + Array("</r>".utf8) // 中文
        let root = try engine.parse(Data(bytes))
        #expect(root.text == "中文")
        #expect(root.attributes["a"] == "中")
    }

    @Test("encodings: UTF-8 BOM, BOM contradicting the declaration, UTF-16, unknown names", arguments: engines)
    func encodings(engine: XMLEngine) throws {
        #expect(try engine.parse(Data([0xEF, 0xBB, 0xBF] + Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>中</a>".utf8))).text == "中")
        let conflicting = Data([0xEF, 0xBB, 0xBF] + Array("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>中</a>".utf8))
        #expect(throws: ResponseParseError(expected: "XML", reason: "a UTF-8 byte-order mark contradicts encoding \"iso-8859-1\"")) {
            try engine.parse(conflicting)
        }
        let utf16 = Data([0xFF, 0xFE] + Array("<a/>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(throws: ResponseParseError.self) { try engine.parse(utf16) }
        #expect(throws: ResponseParseError.self) { try engine.parse(Data("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>".utf8)) }
        #expect(throws: ResponseParseError.self) { try engine.parse(Data("<?xml version=\"1.0\" encoding=\"klingon\"?><a/>".utf8)) }
        let latin1 = Data(Array("<?xml version='1.0' encoding='ISO-8859-1'?><a>caf".utf8) + [0xE9] + Array("</a>".utf8))
        #expect(try engine.parse(latin1).text == "café")
    }

    // MARK: Text and references

    @Test("predefined entities, character references, line ends and mixed content", arguments: engines)
    func text(engine: XMLEngine) throws {
        let root = try parse("<a x='1 &amp; 2' y=\"&lt;&#65;&#x42;\" z=\"t\tn\nc\r\nd &#10;\">t&amp;u&#20013;<![CDATA[c]]>\r\nv<b>child</b>tail&apos;&quot;&gt;</a>", engine)
        #expect(root.attributes == ["x": "1 & 2", "y": "<AB", "z": "t n c d \n"])
        #expect(root.text == "t&u中c\nvtail'\">")
        #expect(root.children == [XMLTree.Element(name: "b", text: "child")])
    }

    @Test("errors from the built-in engine name the problem and the line")
    func errorLines() {
        #expect(reason("<a>\n<b>\n</c>\n</a>", .builtIn) == "malformed XML (</c> does not close <b> at line 3)")
        #expect(reason("<a>\n&bogus;</a>", .builtIn) == "malformed XML (undefined entity at line 2)")
        #expect(reason("<a b='<'/>", .builtIn) == "malformed XML ('<' in an attribute value at line 1)")
        #expect(reason("", .builtIn) == "malformed XML (no root element at line 1)")
    }

    // MARK: Element helpers

    @Test("element helpers: local names, case-insensitive lookups, XML-only trimming")
    func helpers() {
        let root = XMLTree.Element(name: "soap:Body", attributes: ["Count": "3"], children: [
            .init(name: "tem:Mobile", text: "\u{3000}0912 \n"),
            .init(name: "MOBILE", text: "second"),
            .init(name: "x", children: [.init(name: "Deep", text: "d")]),
        ])
        #expect(root.localName == "Body")
        #expect(XMLTree.Element(name: "plain").localName == "plain")
        #expect(root.child("mobile")?.name == "tem:Mobile")
        #expect(root.children("MOBILE").count == 2)
        #expect(root.childText("mobile") == "\u{3000}0912")
        #expect(root.childText("none") == nil)
        #expect(root.firstDescendant("deep")?.text == "d")
        #expect(root.firstDescendant("body")?.name == "soap:Body")
        #expect(root.attribute("count") == "3" && root.attribute("Count") == "3" && root.attribute("x") == nil)
    }
}
