import Foundation
import Testing
@testable import Every8D

@Suite("Every8DSOAPClient envelopes on the wire")
struct SOAPEnvelopeTests {
    typealias Version = Every8DSOAPClient.SOAPVersion

    /// The request the client made for `method` after `getConnection`.
    static func request(_ method: String, in transport: RecordingTransport) throws -> TransportRequest {
        try #require(transport.requests.last { SOAPFixture.method(of: $0) == method })
    }

    static func expectEnvelope(_ request: TransportRequest, method: String, inner: String, version: Version,
                               service: String = "SMS.asmx", sourceLocation: SourceLocation = #_sourceLocation) {
        let body = version == .soap11
            ? SOAPFixture.envelope11Head + "<\(method) xmlns=\"http://tempuri.org/\">\(inner)</\(method)>" + SOAPFixture.envelope11Tail
            : SOAPFixture.envelope12Head + "<\(method) xmlns=\"http://tempuri.org/\">\(inner)</\(method)>" + SOAPFixture.envelope12Tail
        #expect(request.bodyText == body, sourceLocation: sourceLocation)
        #expect(request.method == .post, sourceLocation: sourceLocation)
        #expect(request.url.absoluteString == "https://oms.every8d.com/API21/SOAP/\(service)", sourceLocation: sourceLocation)
        switch version {
        case .soap11:
            #expect(request.headers.fields.map(\.name) == ["Content-Type", "SOAPAction"], sourceLocation: sourceLocation)
            #expect(request.headers["Content-Type"] == "text/xml; charset=utf-8", sourceLocation: sourceLocation)
            #expect(request.headers["SOAPAction"] == "\"http://tempuri.org/\(method)\"", sourceLocation: sourceLocation)
        case .soap12:
            #expect(request.headers.fields.map(\.name) == ["Content-Type"], sourceLocation: sourceLocation)
            #expect(request.headers["Content-Type"] == "application/soap+xml; charset=utf-8; action=\"http://tempuri.org/\(method)\"",
                    sourceLocation: sourceLocation)
        }
    }

    static let key = "<sessionKey>\(SOAPFixture.sessionKey)</sessionKey>"

    @Test("getConnection carries the user id and the password, escaped", arguments: Version.allCases)
    func getConnection(_ version: Version) async throws {
        let transport = SOAPFixture.transport([:])
        try await SOAPFixture.client(transport, version: version).connect()
        #expect(transport.requests.count == 1)
        Self.expectEnvelope(try Self.request("getConnection", in: transport), method: "getConnection",
                            inner: "<userID>Test1234</userID><password>S3cr3t+P@ss&amp;=word</password>", version: version)
    }

    @Test("closeConnection carries the session key", arguments: Version.allCases)
    func closeConnection(_ version: Version) async throws {
        let transport = SOAPFixture.transport(["closeConnection": "1"])
        let client = SOAPFixture.client(transport, version: version)
        try await client.connect()
        #expect(try await client.disconnect())
        Self.expectEnvelope(try Self.request("closeConnection", in: transport), method: "closeConnection", inner: Self.key, version: version)
    }

    @Test("sendSMS: subject, content, mobile joined with commas, empty sendTime", arguments: Version.allCases)
    func sendSMS(_ version: Version) async throws {
        let transport = SOAPFixture.transport(["sendSMS": SOAPFixture.receipt])
        let receipt = try await SOAPFixture.client(transport, version: version)
            .sendSMS(to: ["0912345678", "+14155550100"], text: "Hello & <world>", subject: "otp")
        #expect(receipt.batchID == SOAPFixture.receiptBatch)
        Self.expectEnvelope(
            try Self.request("sendSMS", in: transport), method: "sendSMS",
            inner: Self.key + "<subject>otp</subject><content>Hello &amp; &lt;world&gt;</content>"
                + "<mobile>+886912345678,+14155550100</mobile><sendTime></sendTime>",
            version: version)
    }

    @Test("a validity makes it sendMessage with retryTime in minutes; the send time in Taiwan time", arguments: Version.allCases)
    func sendMessage(_ version: Version) async throws {
        let transport = SOAPFixture.transport(["sendMessage": SOAPFixture.receipt])
        try await SOAPFixture.client(transport, version: version).sendSMS(
            to: ["0912345678"], text: "預約", subject: "", at: Fixture.now.addingTimeInterval(3600), validity: .seconds(600))
        #expect(transport.requests.filter { SOAPFixture.method(of: $0) == "sendSMS" }.isEmpty)
        Self.expectEnvelope(
            try Self.request("sendMessage", in: transport), method: "sendMessage",
            inner: Self.key + "<subject></subject><content>預約</content><mobile>+886912345678</mobile>"
                + "<sendTime>20240115130000</sendTime><retryTime>10</retryTime>",
            version: version)
    }

    @Test("sendParamSMS: contentXML as a document escaped once, empty top-level sendTime", arguments: Version.allCases)
    func sendParamSMS(_ version: Version) async throws {
        let transport = SOAPFixture.transport(["sendParamSMS": SOAPFixture.receipt])
        try await SOAPFixture.client(transport, version: version).sendPersonalizedSMS([
            .init(mobile: "0912345678", text: "ok <>&", name: "TEST"),
            .init(mobile: "+886900000002", text: "測試]]>", name: "Eric \"1\"", email: "service@every8d.com.tw",
                  sendAt: Fixture.now.addingTimeInterval(60)),
        ], subject: "個人化")
        let contentXML = "&lt;REPS&gt;"
            + "&lt;USER NAME=&quot;TEST&quot; MOBILE=&quot;+886912345678&quot; EMAIL=&quot;&quot; SENDTIME=&quot;&quot;&gt;"
            + "&lt;![CDATA[ok &lt;&gt;&amp;]]&gt;&lt;/USER&gt;"
            + "&lt;USER NAME=&quot;Eric &amp;quot;1&amp;quot;&quot; MOBILE=&quot;+886900000002&quot; "
            + "EMAIL=&quot;service@every8d.com.tw&quot; SENDTIME=&quot;20240115120100&quot;&gt;"
            + "&lt;![CDATA[測試]]]]&gt;&lt;![CDATA[&gt;]]&gt;&lt;/USER&gt;"
            + "&lt;/REPS&gt;"
        Self.expectEnvelope(
            try Self.request("sendParamSMS", in: transport), method: "sendParamSMS",
            inner: Self.key + "<subject>個人化</subject><contentXML>\(contentXML)</contentXML><sendTime></sendTime>",
            version: version)
    }

    @Test("getDeliveryStatus: batch id and page number", arguments: Version.allCases)
    func getDeliveryStatus(_ version: Version) async throws {
        let transport = SOAPFixture.transport(["getDeliveryStatus": ""])
        _ = try await SOAPFixture.client(transport, version: version).deliveryReportPage(batch: Fixture.batchID, page: 2)
        Self.expectEnvelope(try Self.request("getDeliveryStatus", in: transport), method: "getDeliveryStatus",
                            inner: Self.key + "<batchID>\(Fixture.batchID)</batchID><pageNo>2</pageNo>", version: version)
    }

    @Test("getCredit: the session key only", arguments: Version.allCases)
    func getCredit(_ version: Version) async throws {
        let transport = SOAPFixture.transport(["getCredit": "2310.00"])
        #expect(try await SOAPFixture.client(transport, version: version).credit() == Decimal(string: "2310.00"))
        Self.expectEnvelope(try Self.request("getCredit", in: transport), method: "getCredit", inner: Self.key, version: version)
    }

    @Test("eraseBooking and eraseMMSBooking on SMS.asmx", arguments: Version.allCases)
    func eraseBooking(_ version: Version) async throws {
        let transport = SOAPFixture.transport(["eraseBooking": "2,2.00", "eraseMMSBooking": "1,3.00"])
        let client = SOAPFixture.client(transport, version: version)
        #expect(try await client.cancelBooking(batch: Fixture.batchID) == CancelResult(cancelled: 2, refundedPoints: 2))
        #expect(try await client.cancelBooking(batch: Fixture.batchID, kind: .mms) == CancelResult(cancelled: 1, refundedPoints: 3))
        for method in ["eraseBooking", "eraseMMSBooking"] {
            Self.expectEnvelope(try Self.request(method, in: transport), method: method,
                                inner: Self.key + "<batchID>\(Fixture.batchID)</batchID>", version: version)
        }
    }

    @Test("sendMMS on MMS.asmx: retryTime always, the picture base64 then percent-encoded", arguments: Version.allCases)
    func sendMMS(_ version: Version) async throws {
        // Bytes whose base64 has '+', '/' and '=' padding.
        var picture = Data([0xFF, 0xD8, 0xFF, 0xE0])
        picture.append(Data([0xFB, 0xFF, 0xBF, 0x00]))
        #expect(picture.base64EncodedString() == "/9j/4Pv/vwA=")
        let transport = SOAPFixture.transport(["sendMMS": SOAPFixture.receipt])
        try await SOAPFixture.client(transport, version: version)
            .sendMMS(to: ["0912345678"], subject: "週年慶", text: "全館 5 折", attachment: try MMSAttachment(data: picture))
        Self.expectEnvelope(
            try Self.request("sendMMS", in: transport), method: "sendMMS",
            inner: Self.key + "<subject>週年慶</subject><content>全館 5 折</content><mobile>+886912345678</mobile><sendTime></sendTime>"
                + "<retryTime>1440</retryTime><attachment>%2F9j%2F4Pv%2FvwA%3D</attachment><type>jpg</type>",
            version: version, service: "MMS.asmx")
    }

    @Test("getMMSDeliveryStatus on MMS.asmx", arguments: Version.allCases)
    func getMMSDeliveryStatus(_ version: Version) async throws {
        let transport = SOAPFixture.transport(["getMMSDeliveryStatus": ""])
        _ = try await SOAPFixture.client(transport, version: version).deliveryReportPage(batch: Fixture.batchID, kind: .mms)
        Self.expectEnvelope(try Self.request("getMMSDeliveryStatus", in: transport), method: "getMMSDeliveryStatus",
                            inner: Self.key + "<batchID>\(Fixture.batchID)</batchID><pageNo>1</pageNo>", version: version,
                            service: "MMS.asmx")
    }

    @Test("the site URL keeps its prefix and gets /API21/SOAP/<service>")
    func serviceURLs() throws {
        let cases: [(String, String)] = [
            ("https://oms.every8d.com", "https://oms.every8d.com/API21/SOAP/SMS.asmx"),
            ("https://oms.every8d.com/", "https://oms.every8d.com/API21/SOAP/SMS.asmx"),
            ("https://biz3.every8d.com.tw/prepaid", "https://biz3.every8d.com.tw/prepaid/API21/SOAP/SMS.asmx"),
            ("https://oms.every8d.com/API21/SOAP", "https://oms.every8d.com/API21/SOAP/SMS.asmx"),
            ("https://oms.every8d.com/API21/SOAP/SMS.asmx", "https://oms.every8d.com/API21/SOAP/SMS.asmx"),
            ("https://oms.every8d.com/api21/soap/MMS.asmx?x=1#f", "https://oms.every8d.com/api21/soap/SMS.asmx"),
        ]
        for (site, expected) in cases {
            #expect(try SOAPFixture.configuration(site: site).serviceURL(.sms).absoluteString == expected)
        }
        #expect(try SOAPFixture.configuration(site: "https://x.test/p").serviceURL(.mms).absoluteString == "https://x.test/p/API21/SOAP/MMS.asmx")
        let insecure = #expect(throws: ValidationError.self) { try SOAPFixture.configuration(site: "http://api.every8d.com").serviceURL(.sms) }
        #expect(insecure?.field == "siteURL")
        var allowed = SOAPFixture.configuration(site: "http://api.every8d.com")
        allowed.allowsInsecureHTTP = true
        #expect(try allowed.serviceURL(.sms).absoluteString == "http://api.every8d.com/API21/SOAP/SMS.asmx")
        #expect(throws: ValidationError.self) { try SOAPFixture.configuration(site: "ftp://x.test").serviceURL(.sms) }
    }

    @Test("the defaults: oms.every8d.com, SOAP 1.1")
    func defaults() {
        let configuration = Every8DSOAPClient.Configuration()
        #expect(configuration.siteURL.absoluteString == "https://oms.every8d.com")
        #expect(configuration.soapVersion == .soap11)
        #expect(configuration.timeout == .seconds(30))
        #expect(!configuration.allowsInsecureHTTP)
        #expect(configuration.normalizesTaiwanNumbers)
    }
}
