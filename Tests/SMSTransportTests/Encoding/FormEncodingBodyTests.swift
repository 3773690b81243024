import Foundation
import Testing
@_spi(SMSInternals) @testable import SMSTransport

/// The form encoder writes straight into the body's bytes (measured first): the bytes must be
/// those of the plain definition, with or without the two fields a client puts first.
@Suite("FormEncoding written in place")
struct FormEncodingBodyTests {
    /// The definition, byte by byte: everything outside `A-Z a-z 0-9 - . _ ~` as `%XX`.
    static func reference(_ fields: [FormField]) -> String {
        fields.map { field in
            [field.name, field.value].map { text in
                text.utf8.map { byte -> String in
                    switch byte {
                    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x2E, 0x5F, 0x7E: String(UnicodeScalar(byte))
                    default: "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
                    }
                }.joined()
            }.joined(separator: "=")
        }.joined(separator: "&")
    }

    static let samples: [[FormField]] = [
        [],
        [FormField("", "")],
        [FormField("MSG", "")],
        [FormField("DEST", "+886912345678,+886912345679")],
        [FormField("SB", "您好 😀"), FormField("MSG", "a+b&c=d%e f\r\n\t~._-"), FormField("ST", "")],
        [FormField("all", String(decoding: Array(0..<128), as: UTF8.self)), FormField("é", "ü")],
    ]

    @Test("encode, encodeToString and percentEncode give the definition's bytes")
    func matchesDefinition() {
        for fields in Self.samples {
            let expected = Self.reference(fields)
            #expect(FormEncoding.encode(fields) == Data(expected.utf8))
            #expect(FormEncoding.encodeToString(fields) == expected)
            for field in fields {
                #expect(FormEncoding.percentEncode(field.value) == Self.reference([FormField("", field.value)]).dropFirst())
            }
        }
        #expect(FormEncoding.encode([]).isEmpty)
        #expect(FormEncoding.percentEncode("").isEmpty)
    }

    @Test("two fields put first encode as the joined list would")
    func headFirst() {
        let head = (FormField("UID", "Test1234"), FormField("PWD", "S3cr3t+P@ss&=word"))
        for fields in Self.samples {
            #expect(FormEncoding.encode(fields, after: head) == FormEncoding.encode([head.0, head.1] + fields))
            #expect(FormEncoding.encode(fields, after: nil) == FormEncoding.encode(fields))
        }
        #expect(FormEncoding.encode([], after: (FormField("", ""), FormField("", ""))) == Data("=&=".utf8))
    }
}
