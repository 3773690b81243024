import Foundation
import Testing
@testable import SMSTransport

/// The tokenizer's events for `document`, as text: `<name>`, `<name/>`, `</name>`, `"text"`, `[cdata]`,
/// attributes as `name=value` after the start tag.
private func events(_ document: String, allowsSpaceBeforeName: Bool = false) throws -> [String] {
    var data = Array(document.utf8)
    return try data.withUnsafeMutableBytes { raw in
        var tokenizer = XMLTokenizer(UnsafeRawBufferPointer(raw), allowsSpaceBeforeName: allowsSpaceBeforeName)
        var seen: [String] = []
        while let event = try tokenizer.next() {
            switch event {
            case .start(let name, let isEmpty):
                seen.append("<\(name.string)\(isEmpty ? "/" : "")>")
                seen += tokenizer.attributes.map { "\($0.name.string)=\($0.value.string)" }
            case .end(let name):
                seen.append("</\(name.string)>")
            case .text(let text):
                seen.append("\"\(text.string)\"")
            case .cdata(let text):
                seen.append("[\(text.string)]")
            }
            #expect(tokenizer.depth >= 0)
        }
        return seen
    }
}

@Suite("XMLTokenizer")
struct XMLTokenizerTests {
    @Test("events in document order: empty elements end at once, text decoded, CDATA apart, comments skipped")
    func events() throws {
        let document = "<?xml version=\"1.0\"?>\n<r a='1 &amp;\t2' xmlns:p=\"urn:p\"><p:x/>t&lt;\r\nu<!-- c --><![CDATA[<c>\r\n]]><?pi d?></r>\n"
        #expect(try SMSTransportTests.events(document) == [
            "<r>", "a=1 & 2", "xmlns:p=urn:p", "<p:x/>", "</p:x>", "\"t<\nu\"", "[<c>\n]", "</r>",
        ])
    }

    @Test("depth counts the open elements, the one just started included")
    func depth() throws {
        var data = Array("<a><b/></a>".utf8)
        try data.withUnsafeMutableBytes { raw in
            var tokenizer = XMLTokenizer(UnsafeRawBufferPointer(raw))
            var depths: [Int] = []
            while try tokenizer.next() != nil { depths.append(tokenizer.depth) }
            #expect(depths == [1, 2, 1, 0])
        }
    }

    @Test("names compare after the prefix and ignoring ASCII case; attributes are found the same way")
    func names() throws {
        var data = Array("<soap:Body xmlns:soap='urn:s' Count='3'/>".utf8)
        try data.withUnsafeMutableBytes { raw in
            var tokenizer = XMLTokenizer(UnsafeRawBufferPointer(raw))
            guard case .start(let name, true) = try tokenizer.next() else { Issue.record("no start"); return }
            #expect(name.hasLocalName("body") && name.hasLocalName("BODY") && !name.hasLocalName("Bod"))
            #expect(tokenizer.attribute("COUNT") == "3" && tokenizer.attribute("x") == nil)
        }
    }

    @Test("`< NAME>` is refused, unless the caller allows it (the EVERY8D delivery page)")
    func spaceBeforeName() throws {
        #expect(throws: ResponseParseError.self) { try SMSTransportTests.events("<r>< n>x</n></r>") }
        #expect(try SMSTransportTests.events("<r>< n>x</n></r>", allowsSpaceBeforeName: true) == ["<r>", "<n>", "\"x\"", "</n>", "</r>"])
        // Only a start tag's name: an end tag stays strict.
        #expect(throws: ResponseParseError.self) { try SMSTransportTests.events("<r><n>x</ n></r>", allowsSpaceBeforeName: true) }
    }

    @Test("errors carry the caller's expectation and the line")
    func errors() {
        var data = Array("<a>\n<b></a>".utf8)
        data.withUnsafeMutableBytes { raw in
            var tokenizer = XMLTokenizer(UnsafeRawBufferPointer(raw), expected: "delivery page")
            let error = #expect(throws: ResponseParseError.self) { while try tokenizer.next() != nil {} }
            #expect(error?.expected == "delivery page")
            #expect(error?.reason == "malformed XML (</a> does not close <b> at line 2)")
        }
    }
}
