import Testing
@testable import SMSTransport

@Suite("HTTPHeaders")
struct HTTPHeadersTests {
    @Test("lookup ignores ASCII case and returns the first field")
    func lookup() {
        let headers: HTTPHeaders = ["Content-Type": "text/plain", "X-A": "1", "x-a": "2"]
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["CONTENT-TYPE"] == "text/plain")
        #expect(headers["X-A"] == "1")
        #expect(headers.values(for: "x-A") == ["1", "2"])
        #expect(headers["Missing"] == nil)
        #expect(headers.values(for: "Missing").isEmpty)
    }

    @Test("order and spelling are kept as added")
    func order() {
        var headers = HTTPHeaders()
        headers.add(name: "b-Second", value: "2")
        headers.add(name: "A-first", value: "1")
        headers.add(name: "b-second", value: "3")
        #expect(headers.fields.map(\.name) == ["b-Second", "A-first", "b-second"])
        #expect(Array(headers).map(\.value) == ["2", "1", "3"])
    }

    @Test("replaceOrAdd keeps the first position and removes later duplicates, or appends")
    func replaceOrAdd() {
        var headers: HTTPHeaders = ["Accept": "a", "User-Agent": "x", "accept": "b", "Host": "h", "ACCEPT": "c"]
        headers.replaceOrAdd(name: "Accept", value: "json")
        #expect(headers.fields == [.init(name: "Accept", value: "json"), .init(name: "User-Agent", value: "x"), .init(name: "Host", value: "h")])
        headers.replaceOrAdd(name: "X-New", value: "n")
        #expect(headers.fields.last == .init(name: "X-New", value: "n"))
        #expect(headers.fields.count == 4)
    }

    @Test("remove drops every field with the name")
    func remove() {
        var headers: HTTPHeaders = ["A": "1", "b": "2", "a": "3"]
        headers.remove(name: "A")
        #expect(headers.fields == [.init(name: "b", value: "2")])
    }

    @Test("mediaType is the lowercased type without parameters")
    func mediaType() {
        #expect((["Content-Type": " Text/XML ; charset=utf-8"] as HTTPHeaders).mediaType == "text/xml")
        #expect((["content-type": "application/json"] as HTTPHeaders).mediaType == "application/json")
        #expect(HTTPHeaders().mediaType == nil)
    }

    @Test("ASCII helpers: case-insensitive equality and trimming keep non-ASCII intact")
    func helpers() {
        #expect("Content-Length".caseInsensitiveEquals("content-LENGTH"))
        #expect(!"abc".caseInsensitiveEquals("abd"))
        #expect(!"abc".caseInsensitiveEquals("abcd"))
        #expect(!"É".caseInsensitiveEquals("é")) // ASCII only, by design
        #expect(" \t中文 \r\n".trimmingASCIIWhitespace() == "中文")
        #expect("\u{3000}x\u{3000}".trimmingASCIIWhitespace() == "\u{3000}x\u{3000}")
        #expect("  ".trimmingASCIIWhitespace() == "")
        #expect("é ".trimmingASCIIWhitespace() == "é")
    }
}
