import Foundation
import Testing
@testable import Every8D

@Suite("Validation before anything is sent")
struct ValidationTests {
    /// Runs `call` against a client whose transport fails the test if reached, and returns the
    /// validation error.
    static func validationError(
        configuration: Every8DClient.Configuration = Fixture.configuration(),
        credentials: Every8DClient.Credentials = Fixture.credentials,
        _ call: (Every8DClient) async throws -> Void
    ) async throws -> ValidationError {
        let transport = RecordingTransport(responses: [])
        let client = Every8DClient(credentials: credentials, configuration: configuration, transport: transport)
        let error = try await #require(throws: ValidationError.self) { try await call(client) }
        #expect(transport.requests.isEmpty)
        return error
    }

    static let later = Fixture.now.addingTimeInterval(3600)

    @Test("SMS: recipients, numbers, text, send time, validity, event id, subject")
    func sms() async throws {
        var error = try await Self.validationError { try await $0.sendSMS(to: [], text: "x") }
        #expect(error.field == "DEST")
        for bad in ["0912-345-678", "912345678", "886912345678", "+1234567", "+1234567890123456", "09123456789", "", "+886 912345678", "０９１２３４５６７８"] {
            error = try await Self.validationError { try await $0.sendSMS(to: ["0912345678", bad], text: "x") }
            #expect(error.field == "DEST[2]", "\(bad)")
        }
        error = try await Self.validationError { try await $0.sendSMS(to: ["0912345678"], text: " \n ") }
        #expect(error.field == "MSG")
        error = try await Self.validationError { try await $0.sendSMS(to: ["0912345678"], text: "x", at: Fixture.now) }
        #expect(error.field == "ST")
        error = try await Self.validationError { try await $0.sendSMS(to: ["0912345678"], text: "x", at: Fixture.now.addingTimeInterval(-60)) }
        #expect(error.field == "ST")
        for validity: Duration in [.seconds(30), .seconds(90), .zero, .seconds(-60), .milliseconds(60_500)] {
            error = try await Self.validationError { try await $0.sendSMS(to: ["0912345678"], text: "x", validity: validity) }
            #expect(error.field == "RETRYTIME")
        }
        error = try await Self.validationError { try await $0.sendSMS(to: ["0912345678"], text: "x", eventID: " ") }
        #expect(error.field == "EventID")
        error = try await Self.validationError { try await $0.sendSMS(to: ["0912345678"], text: "x", subject: "a\nb") }
        #expect(error.field == "SB")
    }

    @Test("accepted numbers: 09xxxxxxxx and + with 8 to 15 digits")
    func acceptedNumbers() throws {
        #expect(try MobileNumber.normalized("0912345678", field: "DEST", normalizeTaiwan: true) == "+886912345678")
        #expect(try MobileNumber.normalized(" +886912345678\t", field: "DEST", normalizeTaiwan: true) == "+886912345678")
        #expect(try MobileNumber.normalized("+12345678", field: "DEST", normalizeTaiwan: true) == "+12345678")
        #expect(try MobileNumber.normalized("+123456789012345", field: "DEST", normalizeTaiwan: true) == "+123456789012345")
        #expect(try MobileNumber.normalized("0912345678", field: "DEST", normalizeTaiwan: false) == "0912345678")
    }

    @Test("duplicate filter validates like SMS")
    func duplicateFilter() async throws {
        let error = try await Self.validationError { try await $0.sendSMSFilteringDuplicates(to: ["abc"], text: "x", dryRun: true) }
        #expect(error.field == "DEST[1]")
    }

    @Test("personalized: recipients, numbers, texts, send times, unique MRs")
    func personalized() async throws {
        var error = try await Self.validationError { try await $0.sendPersonalizedSMS([]) }
        #expect(error.field == "RecipientDataList")
        error = try await Self.validationError { try await $0.sendPersonalizedSMS([.init(mobile: "0912345678", text: "a"), .init(mobile: "12", text: "b")]) }
        #expect(error.field == "RecipientDataList[2].Mobile")
        error = try await Self.validationError { try await $0.sendPersonalizedSMS([.init(mobile: "0912345678", text: "")]) }
        #expect(error.field == "RecipientDataList[1].Param")
        error = try await Self.validationError {
            try await $0.sendPersonalizedSMS([.init(mobile: "0912345678", text: "a", sendAt: Fixture.now.addingTimeInterval(-1))])
        }
        #expect(error.field == "RecipientDataList[1].SendTime")
        error = try await Self.validationError {
            try await $0.sendPersonalizedSMS([
                .init(mobile: "0912345678", text: "a", messageReference: "x"),
                .init(mobile: "0912345679", text: "b", messageReference: ""),
                .init(mobile: "0912345670", text: "c", messageReference: ""),
                .init(mobile: "0912345671", text: "d", messageReference: "x"),
            ])
        }
        #expect(error.field == "RecipientDataList[4].Mr")
    }

    @Test("template: the template, more than five values, a value with |, repeated MRs")
    func template() async throws {
        var error = try await Self.validationError { try await $0.sendTemplateSMS(template: "", recipients: [.init(mobile: "0912345678", values: [])]) }
        #expect(error.field == "MSG")
        error = try await Self.validationError { try await $0.sendTemplateSMS(template: "%field6% hi", recipients: [.init(mobile: "0912345678", values: [])]) }
        #expect(error.field == "MSG")
        error = try await Self.validationError { try await $0.sendTemplateSMS(template: "%field1%", recipients: []) }
        #expect(error.field == "RecipientDataList")
        error = try await Self.validationError {
            try await $0.sendTemplateSMS(template: "%field1%", recipients: [.init(mobile: "0912345678", values: ["1", "2", "3", "4", "5", "6"])])
        }
        #expect(error.field == "RecipientDataList[1].Param")
        error = try await Self.validationError {
            try await $0.sendTemplateSMS(template: "%field1%", recipients: [.init(mobile: "0912345678", values: ["a|b"])])
        }
        #expect(error.field == "RecipientDataList[1].Param")
        error = try await Self.validationError {
            try await $0.sendTemplateSMS(template: "%field1%", recipients: [
                .init(mobile: "0912345678", values: ["a"], messageReference: "1"), .init(mobile: "0912345679", values: ["b"], messageReference: "1"),
            ])
        }
        #expect(error.field == "RecipientDataList[2].Mr")
        // Text that merely looks like a placeholder without digits is fine.
        try TemplateValidation.template("50%fieldwork %field1% %field5%")
    }

    @Test("MMS: subject one line of at most 15 characters (39 in ASCII), text length, size, picture bytes, Taiwan only")
    func mms() async throws {
        let attachment = try MMSAttachment(data: Fixture.jpeg())
        var error = try await Self.validationError {
            try await $0.sendMMS(to: ["0912345678"], subject: "two\nlines", attachment: attachment)
        }
        #expect(error.field == "SB")
        #expect(error.reason.contains("one line"))
        error = try await Self.validationError {
            try await $0.sendMMS(to: ["0912345678"], subject: String(repeating: "中", count: 16), attachment: attachment)
        }
        #expect(error.field == "SB")
        error = try await Self.validationError {
            try await $0.sendMMS(to: ["0912345678"], subject: String(repeating: "a", count: 14) + "中a", attachment: attachment)
        }
        #expect(error.field == "SB")
        error = try await Self.validationError {
            try await $0.sendMMS(to: ["0912345678"], subject: String(repeating: "a", count: 40), attachment: attachment)
        }
        #expect(error.field == "SB")
        error = try await Self.validationError {
            try await $0.sendMMS(to: ["0912345678"], subject: "s", text: String(repeating: "x", count: 4001), attachment: attachment)
        }
        #expect(error.field == "MSG")
        let big = try MMSAttachment(data: Fixture.jpeg(size: 300 * 1024 - 10))
        error = try await Self.validationError { try await $0.sendMMS(to: ["0912345678"], subject: "s", text: "中文字中", attachment: big) }
        #expect(error.field == "MSG")
        error = try await Self.validationError { try await $0.sendMMS(to: ["0912345678", "+12025550123"], subject: "s", attachment: attachment) }
        #expect(error.field == "DEST[2]")
        error = try await Self.validationError {
            try await $0.sendPersonalizedMMS([.init(mobile: "+12025550123", text: "x")], subject: "s", attachment: attachment)
        }
        #expect(error.field == "RecipientDataList[1].Mobile")
        error = try await Self.validationError {
            try await $0.sendTemplateMMS(template: "%field1%", recipients: [.init(mobile: "0912345678", values: [String(repeating: "x", count: 4001)])],
                                         subject: "s", attachment: attachment)
        }
        #expect(error.field == "RecipientDataList[1].Param")

        // At the limits, and empty (the vendor's own SendParam examples send "SB": ""): accepted.
        let transport = RecordingTransport(responses: Array(repeating: .success(.ok("1,1,3,0,b")), count: 4))
        let client = Fixture.passwordClient(transport)
        try await client.sendMMS(to: ["0912345678"], subject: String(repeating: "中", count: 15), text: String(repeating: "x", count: 4000), attachment: attachment)
        try await client.sendMMS(to: ["0912345678"], subject: String(repeating: "a", count: 39), attachment: attachment)
        try await client.sendMMS(to: ["0912345678"], attachment: attachment)
        try await client.sendPersonalizedMMS([.init(mobile: "0912345678", text: "x")], subject: "", attachment: attachment)
        #expect(transport.requests.count == 4)
        #expect(String(decoding: transport.requests[2].body, as: UTF8.self).hasPrefix("UID=Test1234&PWD=S3cr3t%2BP%40ss%26%3Dword&SB=&MSG="))
        #expect(String(decoding: transport.requests[3].body, as: UTF8.self).contains(#""SB":"","#))
    }

    @Test("pictures whose bytes are not JPEG, PNG or GIF are refused", arguments: [
        Data(), Data("hello".utf8), Data([0xFF, 0xD8]), Data("GIF88a".utf8), Data([0x89, 0x50, 0x4E, 0x47]), Data("%PDF-1.4".utf8),
    ])
    func badPictures(_ bytes: Data) {
        let error = #expect(throws: ValidationError.self) { try MMSAttachment(data: bytes) }
        #expect(error?.field == "ATTACHMENT")
    }

    @Test("a picture over 300 KB is refused")
    func bigPicture() {
        let error = #expect(throws: ValidationError.self) { try MMSAttachment(data: Fixture.png(size: 300 * 1024 + 1)) }
        #expect(error?.field == "ATTACHMENT")
    }

    @Test("queries: batch id and page")
    func queries() async throws {
        var error = try await Self.validationError { _ = try await $0.deliveryReportPage(batch: "") }
        #expect(error.field == "BID")
        error = try await Self.validationError { _ = try await $0.deliveryReportPage(batch: "b", page: 0) }
        #expect(error.field == "PNO")
        error = try await Self.validationError { _ = try await $0.replyPage(batch: "a\nb") }
        #expect(error.field == "BID")
        error = try await Self.validationError { _ = try await $0.cancelBooking(batch: " ") }
        #expect(error.field == "BID")
        error = try await Self.validationError { _ = try await $0.cancelBooking(batch: "", kind: .mms) }
        #expect(error.field == "BID")
    }

    @Test("configuration: plain http only when allowed, an absolute site, non-empty credentials")
    func configuration() async throws {
        var error = try await Self.validationError(configuration: Fixture.configuration(site: "http://new.e8d.tw")) { _ = try await $0.credit() }
        #expect(error.field == "siteURL")
        error = try await Self.validationError(configuration: Fixture.configuration(site: "ftp://new.e8d.tw")) { _ = try await $0.credit() }
        #expect(error.field == "siteURL")
        error = try await Self.validationError(configuration: Fixture.configuration(site: "/relative")) { _ = try await $0.credit() }
        #expect(error.field == "siteURL")
        error = try await Self.validationError(credentials: .init(userID: "", password: "p")) { _ = try await $0.credit() }
        #expect(error.field == "UID")
        error = try await Self.validationError(credentials: .init(userID: "u", password: "")) { _ = try await $0.credit() }
        #expect(error.field == "PWD")

        var insecure = Fixture.configuration(site: "http://127.0.0.1:8080/sim", authentication: .password)
        insecure.allowsInsecureHTTP = true
        let transport = RecordingTransport(responses: [.success(.ok("1.00"))])
        _ = try await Every8DClient(credentials: Fixture.credentials, configuration: insecure, transport: transport).credit()
        #expect(transport.requests.first?.url.absoluteString == "http://127.0.0.1:8080/sim/API21/HTTP/GetCredit.ashx")
    }
}

@Suite("Every8DClient.Configuration")
struct ConfigurationTests {
    @Test("documented defaults")
    func defaults() {
        let configuration = Every8DClient.Configuration()
        #expect(configuration.siteURL.absoluteString == "https://new.e8d.tw")
        #expect(configuration.authentication == .token)
        #expect(configuration.timeout == .seconds(30))
        #expect(configuration.readRetryPolicy == .default)
        #expect(configuration.unsentRetryPolicy == .default)
        #expect(configuration.tokenLifetime == .seconds(28_800))
        #expect(configuration.allowsInsecureHTTP == false)
        #expect(configuration.normalizesTaiwanNumbers == true)
        #expect(configuration.logger == nil)
        #expect(abs(configuration.now().timeIntervalSinceNow) < 60)
    }

    @Test("endpoint URLs keep the path prefix and append /API21/HTTP/", arguments: [
        ("https://new.e8d.tw", "https://new.e8d.tw/API21/HTTP/SendSMS.ashx"),
        ("https://new.e8d.tw/", "https://new.e8d.tw/API21/HTTP/SendSMS.ashx"),
        ("https://biz3.every8d.com.tw/prepaid", "https://biz3.every8d.com.tw/prepaid/API21/HTTP/SendSMS.ashx"),
        ("https://biz3.every8d.com.tw/hotaimotor/", "https://biz3.every8d.com.tw/hotaimotor/API21/HTTP/SendSMS.ashx"),
        ("https://api.e8d.tw/API21/HTTP", "https://api.e8d.tw/API21/HTTP/SendSMS.ashx"),
        ("https://oms.e8d.tw:8443/x?y=1#z", "https://oms.e8d.tw:8443/x/API21/HTTP/SendSMS.ashx"),
    ])
    func endpointURL(_ site: String, _ expected: String) throws {
        let configuration = Every8DClient.Configuration(siteURL: URL(string: site)!)
        #expect(try configuration.endpointURL("SendSMS.ashx").absoluteString == expected)
    }
}
