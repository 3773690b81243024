import Foundation
import Testing
@testable import Every8D
@_spi(SMSInternals) import SMSTransport

@Suite("Every8DSOAPClient escaping")
struct SOAPEscapingTests {
    static let tricky = [
        "A & B < C > D",
        "end with ]]> and ]]]]> and ]]",
        "\"雙引號\" 'single' 中文簡訊，含全形標點！",
        "<![CDATA[ nested ]]> &amp; &lt; literal entities",
        "tab\there\nnew line\r\nCRLF\rCR",
        "emoji 😀 and 𠀋",
    ]

    static func sentParameters(_ transport: RecordingTransport, method: String) throws -> [String: String] {
        try SOAPFixture.parameters(of: try #require(transport.requests.last { SOAPFixture.method(of: $0) == method }))
    }

    @Test("every string parameter reads back exactly as given", arguments: tricky.indices)
    func parametersRoundTrip(_ index: Int) async throws {
        let text = Self.tricky[index]
        let subject = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        let transport = SOAPFixture.transport(["sendSMS": SOAPFixture.receipt])
        try await SOAPFixture.client(transport).sendSMS(to: ["0912345678"], text: text, subject: subject)
        let parameters = try Self.sentParameters(transport, method: "sendSMS")
        #expect(parameters["content"] == text)
        #expect(parameters["subject"] == subject)
    }

    @Test("sendParamSMS: the contentXML parameter parses as XML and gives back every text, name and e-mail exactly")
    func contentXMLRoundTrip() async throws {
        let messages = Self.tricky.enumerated().map { index, text in
            PersonalizedMessage(mobile: "+88691234567\(index)", text: text,
                                name: "名 \"\(index)\" <&> ]]>\tx\ny", email: "a&b@example.com",
                                sendAt: index == 0 ? Fixture.now.addingTimeInterval(3600) : nil)
        }
        for version in Every8DSOAPClient.SOAPVersion.allCases {
            let transport = SOAPFixture.transport(["sendParamSMS": SOAPFixture.receipt])
            try await SOAPFixture.client(transport, version: version).sendPersonalizedSMS(messages, subject: "S&P")
            let parameters = try Self.sentParameters(transport, method: "sendParamSMS")
            #expect(parameters["subject"] == "S&P")
            #expect(parameters["sendTime"] == "")
            let contentXML = try #require(parameters["contentXML"])
            #expect(contentXML.hasPrefix("<REPS><USER NAME=\""))

            let document = try XMLTree.parse(Data(contentXML.utf8))
            #expect(document.name == "REPS")
            let users = document.children("USER")
            #expect(users.count == messages.count)
            for (user, message) in zip(users, messages) {
                // A conforming XML parser turns a CR inside CDATA into LF (line-end normalisation;
                // libxml2 through XMLParser keeps it): no XML document can promise more for a CR.
                let normalized = message.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                #expect(user.text == message.text || user.text == normalized)
                #expect(user.attributes["NAME"] == message.name)
                #expect(user.attributes["MOBILE"] == message.mobile)
                #expect(user.attributes["EMAIL"] == "a&b@example.com")
            }
            #expect(users[0].attributes["SENDTIME"] == "20240115130000")
            #expect(users[1].attributes["SENDTIME"] == "")
        }
    }

    @Test("a text with ]]> is split across CDATA sections, never cut")
    func cdataSplit() {
        let xml = ParamContent.xml([.init(name: "", mobile: "+886912345678", email: "", sendTime: "", text: "a]]>b")])
        #expect(xml == #"<REPS><USER NAME="" MOBILE="+886912345678" EMAIL="" SENDTIME=""><![CDATA[a]]]]><![CDATA[>b]]></USER></REPS>"#)
    }

    @Test("characters XML cannot carry are refused before anything is sent")
    func invalidCharacters() async throws {
        let transport = SOAPFixture.transport([:])
        let client = SOAPFixture.client(transport)
        let text = try await #require(throws: ValidationError.self) { try await client.sendSMS(to: ["0912345678"], text: "bell \u{07}") }
        #expect(text.field == "MSG")
        #expect(text.reason.contains("U+7"))
        let subject = try await #require(throws: ValidationError.self) { try await client.sendSMS(to: ["0912345678"], text: "x", subject: "\u{FFFF}") }
        #expect(subject.field == "SB")
        let name = try await #require(throws: ValidationError.self) {
            try await client.sendPersonalizedSMS([.init(mobile: "0912345678", text: "x"), .init(mobile: "0912345679", text: "y", name: "\u{0}")])
        }
        #expect(name.field == "RecipientDataList[2].Name")
        #expect(transport.requests.isEmpty)
    }

    @Test("SOAPText refuses characters XML cannot carry, naming the field")
    func invalidCharacters() {
        #expect(throws: ValidationError(field: "MSG", reason: "contains U+1, which XML cannot carry")) {
            try SOAPText.check("a\u{1}b", field: "MSG")
        }
        #expect(throws: Never.self) { try SOAPText.check("a\tb\r\n中文", field: "MSG") }
    }
}
