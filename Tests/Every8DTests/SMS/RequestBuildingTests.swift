import Foundation
import Testing
@testable import Every8D

/// The request-building path made cheap (endpoint URLs built once, bodies written straight into
/// their bytes, validation without copies): the same requests and the same errors as before.
@Suite("Request building")
struct RequestBuildingTests {
    @Test("endpoint URLs are built once per client, and a refused site is refused on every call, before sending")
    func endpointCache() async throws {
        let transport = RecordingTransport { request, _ in
            request.url.path.hasSuffix("GetCredit.ashx") ? .ok("1.00") : .ok("0")
        }
        let client = Fixture.passwordClient(transport, site: "https://biz3.every8d.com.tw/prepaid/")
        _ = try await client.credit()
        _ = try await client.credit()
        _ = try await client.deliveryReportPage(batch: "b", format: .tab)
        #expect(transport.requests.map(\.url.absoluteString) == [
            "https://biz3.every8d.com.tw/prepaid/API21/HTTP/GetCredit.ashx",
            "https://biz3.every8d.com.tw/prepaid/API21/HTTP/GetCredit.ashx",
            "https://biz3.every8d.com.tw/prepaid/API21/HTTP/GetDeliveryStatus.ashx",
        ])

        let refusing = RecordingTransport(responses: [])
        let insecure = Every8DClient(
            credentials: Fixture.credentials, configuration: Fixture.configuration(site: "http://new.e8d.tw", authentication: .password),
            transport: refusing)
        for _ in 0..<2 {
            let error = try await #require(throws: ValidationError.self) { _ = try await insecure.credit() }
            #expect(error.field == "siteURL")
            #expect(error.reason.contains("http"))
        }
        #expect(refusing.requests.isEmpty)
    }

    @Test("the SOAP client refuses a plain-http site on every call, before sending")
    func soapEndpointCache() async throws {
        let transport = RecordingTransport(responses: [])
        let client = SOAPFixture.client(transport, site: "http://oms.every8d.com")
        for _ in 0..<2 {
            let error = try await #require(throws: ValidationError.self) { _ = try await client.credit() }
            #expect(error.field == "siteURL")
        }
        #expect(transport.requests.isEmpty)
    }

    @Test("blank text is found as trimmingCharacters(in: .whitespacesAndNewlines) found it")
    func blankText() throws {
        // The scan trusts that nothing above U+3000 is in the set; check that on this platform.
        for value in UInt32(0x3001)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(!CharacterSet.whitespacesAndNewlines.contains(scalar), "U+\(String(value, radix: 16))")
        }
        // Every scalar up to there, alone and around other text, against the old question.
        for value in UInt32(0)...0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(scalar), " \(scalar)\t", "\(scalar)x"] {
                #expect(SendValidation.isBlank(text) == text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                        "U+\(String(value, radix: 16)) in \(text.debugDescription)")
            }
        }
        for text in ["", " ", "\r\n", "\u{3000}\u{2028}\u{85}\u{A0}", "\u{200B}", "\u{FEFF}", "\u{180E}", " 您好", "🙂", "\u{3000}🙂"] {
            #expect(SendValidation.isBlank(text) == text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(text.debugDescription)")
        }
        #expect(throws: ValidationError.self) { try SendValidation.text("\u{3000}\n", field: "X") }
        #expect((try? SendValidation.text("\u{3000}x")) != nil)
    }

    @Test("numbers: the accepted shapes, what each becomes, and the field named on error", arguments: [
        ("0912345678", "+886912345678"), (" 0912345678\r\n", "+886912345678"), ("+12345678", "+12345678"),
        ("+123456789012345", "+123456789012345"), ("+886912345678", "+886912345678"),
        ("091234567", nil), ("09123456789", nil), ("0812345678", nil), ("1912345678", nil), ("+1234567", nil),
        ("+1234567890123456", nil), ("+", nil), ("", nil), ("  ", nil), ("0912-45678", nil), ("+8869123456７8", nil),
        ("++12345678", nil), ("+12345678+", nil), ("09123456 8", nil),
    ] as [(String, String?)])
    func numbers(_ raw: String, _ expected: String?) throws {
        if let expected {
            #expect(try MobileNumber.normalized(raw, field: "F", normalizeTaiwan: true) == expected)
            let kept = try MobileNumber.normalized(raw, field: "F", normalizeTaiwan: false)
            #expect(kept == raw.trimmingCharacters(in: .whitespacesAndNewlines))
        } else {
            let error = try #require(throws: ValidationError.self) { _ = try MobileNumber.normalized(raw, field: "F", normalizeTaiwan: true) }
            #expect(error.field == "F")
            #expect(error.reason.contains(raw.trimmingCharacters(in: .whitespaces).isEmpty ? "empty" : "Taiwan mobile"))
        }
        let listError = try #require(throws: ValidationError.self) {
            _ = try MobileNumber.recipients(["0912345678", expected == nil ? raw : "bad"], normalizeTaiwan: true)
        }
        #expect(listError.field == "DEST[2]")
    }

    @Test("JSON bodies: members in order, strings escaped, credentials first, nested recipient objects")
    func outgoingJSON() throws {
        let members = OutgoingJSON(estimatedSize: 8) { members in
            members.add("SB", "a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{1F}/é😀")
            members.add("RETRYTIME", -1440)
            members.addArray("RecipientDataList", of: [("0912", "x"), ("0913", "")]) { object, entry in
                object.add("Mobile", entry.0)
                object.add("Param", entry.1)
            }
            members.addArray("Empty", of: [Int]()) { _, _ in }
        }
        let expected = #""SB":"a\"b\\c\n\r\t\b\f\u0001\u001f/é😀","RETRYTIME":-1440,"#
            + #""RecipientDataList":[{"Mobile":"0912","Param":"x"},{"Mobile":"0913","Param":""}],"Empty":[]"#
        #expect(members.objectData() == Data(("{" + expected + "}").utf8))
        let head = (OutgoingJSON.Member("UID", .string("u\"1")), OutgoingJSON.Member("PWD", .string("p")))
        #expect(members.objectData(after: head) == Data((#"{"UID":"u\"1","PWD":"p","# + expected + "}").utf8))
        #expect(OutgoingJSON([]).objectData() == Data("{}".utf8))
        #expect(OutgoingJSON([]).objectData(after: head) == Data(#"{"UID":"u\"1","PWD":"p"}"#.utf8))
        #expect(OutgoingJSON([]).bytes.isEmpty)
        // A long text with nothing to escape is copied as is; one with a quote at the end is escaped.
        let long = String(repeating: "訂單 A001 已出貨，", count: 20)
        #expect(OutgoingJSON([.init("Param", .string(long))]).bytes == Array(#""Param":""#.utf8) + Array(long.utf8) + [UInt8(ascii: "\"")])
        #expect(OutgoingJSON([.init("Param", .string(long + "\""))]).bytes
                == Array(#""Param":""#.utf8) + Array(long.utf8) + Array(#"\"""#.utf8))
        #expect(OutgoingJSON([.init("HandlerType", .int(3)), .init("VerifyType", .string("1"))]).objectData()
                == Data(#"{"HandlerType":3,"VerifyType":"1"}"#.utf8))
        // Every JSON reader reads it back to the same values.
        let object = try #require(JSONSerialization.jsonObject(with: members.objectData(after: head)) as? [String: Any])
        #expect(object["SB"] as? String == "a\"b\\c\n\r\t\u{08}\u{0C}\u{01}\u{1F}/é😀")
        #expect((object["RecipientDataList"] as? [[String: String]])?.map { $0["Mobile"] } == ["0912", "0913"])
    }

    @Test("the JSON escape scan finds a byte that needs escaping wherever it is")
    func escapeScan() {
        let special: [UInt8] = Array(0..<0x20) + [UInt8(ascii: "\""), UInt8(ascii: "\\")]
        let plain: [UInt8] = [UInt8(ascii: "a"), 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xE6, 0xFF]
        for length in 0...19 {
            for filler in plain {
                let clean = [UInt8](repeating: filler, count: length)
                #expect(!clean.withUnsafeBufferPointer(OutgoingJSON.Writer.needsEscaping))
                for position in 0..<length {
                    for byte in special {
                        var bytes = clean
                        bytes[position] = byte
                        #expect(bytes.withUnsafeBufferPointer(OutgoingJSON.Writer.needsEscaping), "\(byte) at \(position) of \(length)")
                    }
                }
            }
        }
        // Bytes just around the special ones, in every lane.
        let near: [UInt8] = [0x20, 0x21, 0x23, 0x5B, 0x5D, 0xA0, 0xA2, 0xDC]
        for position in 0..<8 {
            for byte in near {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 8)
                bytes[position] = byte
                #expect(!bytes.withUnsafeBufferPointer(OutgoingJSON.Writer.needsEscaping), "\(byte) at \(position)")
            }
        }
    }

    @Test("without a logger, errors still blank out the password and a token held in password mode")
    func secretsWithoutLogger() async throws {
        let answers: [TransportResponse] = [
            TransportResponse(status: 500, body: Data("echo \(Fixture.token) \(Fixture.password)".utf8)),
            .ok("<html>\(Fixture.token) \(Fixture.password)</html>"),
            .json(#"{"Result":false,"Status":"-99","Msg":"bad token \#(Fixture.token) \#(Fixture.password)"}"#),
            .ok("-99,\(Fixture.token) \(Fixture.password)"),
        ]
        for answer in answers {
            let transport = RecordingTransport { request, _ in
                request.url.path.hasSuffix("ConnectionHandler.ashx") ? .token(Fixture.token) : answer
            }
            let configuration = Fixture.configuration(authentication: .password, readRetryPolicy: .none)
            let client = Every8DClient(credentials: Fixture.credentials, configuration: configuration, transport: transport)
            _ = try await client.connect()
            let calls: [@Sendable () async throws -> Void] = [
                { _ = try await client.credit() },
                { _ = try await client.sendSMS(to: ["0912345678"], text: "x") },
                { _ = try await client.sendPersonalizedSMS([.init(mobile: "0912345678", text: "x")]) },
            ]
            for call in calls {
                do {
                    try await call()
                    Issue.record("the call should have failed on \(answer.status)")
                } catch {
                    var texts = [String(describing: error), String(reflecting: error)]
                    if let unknown = error as? SendOutcomeUnknownError { texts.append(String(describing: unknown.cause)) }
                    for text in texts {
                        #expect(!text.contains(Fixture.password) && !text.contains(Fixture.token), "\(text)")
                    }
                }
            }
        }
    }

    @Test("line breaks are found as Character.isNewline found them")
    func lineBreaks() {
        var samples = ["", "OTP", "出貨通知", "\r\n", "a\r\nb", "\r\u{301}", "\n\u{301}", "e\u{301}\u{2028}", "\u{200D}\u{85}", "🇹🇼\u{2029}", "\u{1F468}\u{200D}\u{0A}"]
        for value in UInt32(0)...0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            samples += ["\(scalar)", "a\(scalar)", "\u{301}\(scalar)\u{301}", "\r\(scalar)", "\(scalar)\n"]
        }
        for text in samples {
            #expect(SendValidation.hasLineBreak(text) == text.contains(where: \.isNewline), "\(text.debugDescription)")
        }
    }
}
