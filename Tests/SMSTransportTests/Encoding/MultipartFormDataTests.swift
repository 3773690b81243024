import Foundation
import Testing
@testable import SMSTransport

/// An RFC 2046 / 7578 multipart parser written for the tests, independent of the encoder.
private enum TestMultipartParser {
    struct Part: Equatable {
        var name: String
        var fileName: String?
        var contentType: String?
        var data: Data
    }
    struct Malformed: Error, CustomStringConvertible { var description: String }

    static func parse(contentType: String, body: Data) throws -> (boundary: String, parts: [Part]) {
        let prefix = "multipart/form-data; boundary="
        guard contentType.hasPrefix(prefix) else { throw Malformed(description: "content type \(contentType)") }
        let boundary = String(contentType.dropFirst(prefix.count))
        let bytes = [UInt8](body)
        let first = Array("--\(boundary)\r\n".utf8)
        let delimiter = Array("\r\n--\(boundary)".utf8)
        guard bytes.starts(with: first) else { throw Malformed(description: "no opening delimiter") }
        var parts: [Part] = []
        var position = first.count
        while true {
            guard let end = search(delimiter, in: bytes, from: position) else { throw Malformed(description: "no closing delimiter") }
            parts.append(try part(Array(bytes[position..<end])))
            position = end + delimiter.count
            if bytes[position...].starts(with: Array("--\r\n".utf8)) {
                guard position + 4 == bytes.count else { throw Malformed(description: "bytes after the end") }
                return (boundary, parts)
            }
            guard bytes[position...].starts(with: Array("\r\n".utf8)) else { throw Malformed(description: "bad delimiter line") }
            position += 2
        }
    }

    private static func search(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private static func part(_ bytes: [UInt8]) throws -> Part {
        guard let split = search(Array("\r\n\r\n".utf8), in: bytes, from: 0) else { throw Malformed(description: "no header end") }
        let headerText = String(decoding: bytes[..<split], as: UTF8.self)
        var result = Part(name: "", data: Data(bytes[(split + 4)...]))
        for line in headerText.components(separatedBy: "\r\n") {
            if line.hasPrefix("Content-Disposition: form-data; ") {
                for parameter in line.dropFirst("Content-Disposition: form-data; ".count).components(separatedBy: "; ") {
                    let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
                    guard pair.count == 2, pair[1].hasPrefix("\""), pair[1].hasSuffix("\"") else { throw Malformed(description: "parameter \(parameter)") }
                    let value = String(pair[1].dropFirst().dropLast()).replacingOccurrences(of: "%22", with: "\"")
                    if pair[0] == "name" { result.name = value } else if pair[0] == "filename" { result.fileName = value }
                }
            } else if line.hasPrefix("Content-Type: ") {
                result.contentType = String(line.dropFirst("Content-Type: ".count))
            } else {
                throw Malformed(description: "header \(line)")
            }
        }
        return result
    }
}

@Suite("MultipartFormData")
struct MultipartFormDataTests {
    /// Every byte value, CRLF, dashes and lookalike delimiters.
    private static let nastyBytes: Data = {
        var data = Data((0...255).map(UInt8.init))
        data.append(Data("\r\n--\r\n----swift-tw-sms-\r\n--\r\n\r\n".utf8))
        data.append(Data((0...255).reversed().map(UInt8.init)))
        return data
    }()

    @Test("text and file parts parse back identically, in order")
    func roundTrip() throws {
        var form = MultipartFormData()
        form.append(name: "ManagerLoginName", value: "bob")
        form.append(name: "Content", value: "您好 %Name%\r\n第二行 -- \"quoted\"")
        form.append(name: "SMSListFile", fileName: "list.csv", contentType: "text/csv", data: Data("SMSNumber,Name\r\n0912345678,小明\r\n".utf8))
        form.append(name: "blob", fileName: "bytes.bin", contentType: "application/octet-stream", data: Self.nastyBytes)
        form.append(name: "empty", value: "")
        form.append(name: "emptyFile", fileName: "e.txt", contentType: "text/plain", data: Data())

        let (type, body) = form.encoded()
        let parsed = try TestMultipartParser.parse(contentType: type, body: body)
        #expect(parsed.parts == [
            .init(name: "ManagerLoginName", data: Data("bob".utf8)),
            .init(name: "Content", data: Data("您好 %Name%\r\n第二行 -- \"quoted\"".utf8)),
            .init(name: "SMSListFile", fileName: "list.csv", contentType: "text/csv", data: Data("SMSNumber,Name\r\n0912345678,小明\r\n".utf8)),
            .init(name: "blob", fileName: "bytes.bin", contentType: "application/octet-stream", data: Self.nastyBytes),
            .init(name: "empty", data: Data()),
            .init(name: "emptyFile", fileName: "e.txt", contentType: "text/plain", data: Data()),
        ])
        #expect(form.parts.map(\.name) == ["ManagerLoginName", "Content", "SMSListFile", "blob", "empty", "emptyFile"])
    }

    @Test("exact bytes for a fixed boundary")
    func exactBytes() {
        var form = MultipartFormData()
        form.append(name: "a", value: "1")
        form.append(name: "f", fileName: "x.txt", contentType: "text/plain", data: Data("hi".utf8))
        let expected = "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--B--\r\n"
        #expect(form.encoded(boundary: "B") == Data(expected.utf8))
    }

    @Test("a boundary found in a part is drawn again (forced collision with a seeded generator)")
    func boundaryCollision() throws {
        var probe = SeededGenerator(seed: 2024)
        let harmless = MultipartFormData(parts: [.text(name: "x", value: "y")]).encoded(using: &probe)
        let firstChoice = try TestMultipartParser.parse(contentType: harmless.contentType, body: harmless.body).boundary
        var form = MultipartFormData()
        form.append(name: "trap", fileName: "t.bin", contentType: "application/octet-stream", data: Data("xx\(firstChoice)yy".utf8) + Self.nastyBytes)
        form.append(name: "text", value: "also \(firstChoice)")
        #expect(!form.isUsable(boundary: firstChoice))

        var generator = SeededGenerator(seed: 2024)
        let (type, body) = form.encoded(using: &generator)
        let parsed = try TestMultipartParser.parse(contentType: type, body: body)
        #expect(parsed.boundary != firstChoice)
        #expect(form.isUsable(boundary: parsed.boundary))
        #expect(parsed.parts.map(\.data) == [Data("xx\(firstChoice)yy".utf8) + Self.nastyBytes, Data("also \(firstChoice)".utf8)])
        for part in parsed.parts {
            #expect(part.data.firstRange(of: Data(parsed.boundary.utf8)) == nil)
        }
    }

    @Test("boundaries are random, and a seeded generator repeats them")
    func randomBoundaries() {
        let form = MultipartFormData(parts: [.text(name: "a", value: "b")])
        #expect(form.encoded().contentType != form.encoded().contentType)
        var first = SeededGenerator(seed: 9), second = SeededGenerator(seed: 9)
        #expect(form.encoded(using: &first).contentType == form.encoded(using: &second).contentType)
    }

    @Test("boundary validity: RFC 2046 characters and length, absent from headers and content")
    func boundaryRules() {
        let form = MultipartFormData(parts: [.file(name: "upload", fileName: "a.csv", contentType: "text/csv", data: Data("abc".utf8))])
        #expect(form.isUsable(boundary: "----swift-tw-sms-xyz"))
        #expect(!form.isUsable(boundary: ""))
        #expect(!form.isUsable(boundary: String(repeating: "x", count: 71)))
        #expect(form.isUsable(boundary: String(repeating: "x", count: 70)))
        #expect(!form.isUsable(boundary: "ends with space "))
        #expect(!form.isUsable(boundary: "has\"quote"))
        #expect(!form.isUsable(boundary: "abc"))      // in the content
        #expect(!form.isUsable(boundary: "a.csv"))    // in the headers
        #expect(!form.isUsable(boundary: "text/csv"))
    }

    @Test("quotes, CR and LF in names cannot break the headers")
    func headerInjection() throws {
        var form = MultipartFormData()
        form.append(name: "a\"b\r\nX-Evil: 1", value: "v")
        form.append(name: "f", fileName: "n\"a\r\nme.txt", contentType: "text/plain\r\nX-Evil: 2", data: Data("d".utf8))
        let (type, body) = form.encoded()
        let text = String(decoding: body, as: UTF8.self)
        #expect(!text.contains("\r\nX-Evil"))
        #expect(text.contains("name=\"a%22b%0D%0AX-Evil: 1\""))
        #expect(text.contains("filename=\"n%22a%0D%0Ame.txt\""))
        #expect(text.contains("Content-Type: text/plainX-Evil: 2\r\n"))
        let parsed = try TestMultipartParser.parse(contentType: type, body: body)
        #expect(parsed.parts.map(\.data) == [Data("v".utf8), Data("d".utf8)])
    }
}
