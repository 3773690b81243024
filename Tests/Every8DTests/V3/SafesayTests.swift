import Foundation
import Testing
@_spi(Every8DV3) @testable import Every8D

private func data(_ text: String) -> Data { Data(text.utf8) }

@Suite("Safesay: requests, answers and webhook events (section 6)")
struct SafesayTests {
    static let token = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJlaWQiOjEsImFjdCI6ImhhbmNlIiwiZXhwIjoxNjY3NDU5MzUyfQ.mLfBhVLW8Kyj7s_qpKu8difItMcvgfbxExZMegO9xkwQsGGutusUGNw8tMzcsXak8whl_u7mzKWpluq6rhvSMw"

    private func body(_ request: SafesayRequest, token: String? = SafesayTests.token) -> (TransportRequest, String) {
        let http = request.transportRequest(url: V3Fixture.site.safesayURL(request.operation), token: token, timeout: .seconds(5))
        return (http, String(decoding: http.body, as: UTF8.self))
    }

    @Test("gettoken (6.1.4): Account and Password, no bearer")
    func tokenRequest() throws {
        let (http, text) = body(try SafesayRequest.token(account: "Test", password: "XXX"), token: nil)
        #expect(text == V3Fixture.compact(#"{ "Account":"Test", "Password":"XXX" }"#))
        #expect(http.headers["Authorization"] == nil && http.headers["Content-Type"] == "application/json")
        #expect(!http.description.contains("XXX"))
        // The answer holds the token in 2.1's envelope: the request's rules hide it when the answer is printed.
        var answer = TransportResponse(status: 200, headers: ["Content-Type": "application/json"], body: data(#"{"Result":true,"Msg":"\#(Self.token)"}"#))
        answer.redactionRules = http.redactionRules
        #expect(!answer.description.contains(Self.token))
        #expect(throws: ValidationError(field: "Account", reason: "the account is empty")) { try SafesayRequest.token(account: " ", password: "x") }
        #expect(throws: ValidationError(field: "Password", reason: "the password is empty")) { try SafesayRequest.token(account: "a", password: "") }
    }

    @Test("sendMessage (6.2.4): EventID a number, the bearer token in the header, never in the description")
    func sendMessage() throws {
        let (http, text) = body(try SafesayRequest.send(SafesayMessage(eventID: 22, to: .mobile("+886900000001"), content: .text("我是訊息內文"))))
        #expect(text == V3Fixture.compact(#"{ "EventID":22, "Mobile":"+886900000001", "Text":"我是訊息內文" }"#))
        #expect(http.headers["Authorization"] == "Bearer \(Self.token)")
        #expect(!http.description.contains(Self.token))
        #expect(!http.isIdempotent)

        let place = try #require(SafesayCoordinates("121.54069836039582,24.98475687523791"))
        #expect(body(try SafesayRequest.send(SafesayMessage(eventID: 7, to: .chatroom("room-1"), content: .location(place)))).1
            == #"{"EventID":7,"ChatroomID":"room-1","Coordinates":"121.54069836039582,24.98475687523791"}"#)
        #expect(body(try SafesayRequest.send(SafesayMessage(eventID: 7, to: .mobile("0912345678"), content: .attachment(Data([1, 2, 250]))))).1
            == #"{"EventID":7,"Mobile":"0912345678","Attachment":"AQL6"}"#)
    }

    @Test("sendMessage and downLoadFile validation", arguments: [
        (SafesayMessage(eventID: 0, to: .mobile("0912345678"), content: .text("x")), "EventID"),
        (SafesayMessage(eventID: 1, to: .mobile("912345678"), content: .text("x")), "Mobile"),
        (SafesayMessage(eventID: 1, to: .chatroom(" "), content: .text("x")), "ChatroomID"),
        (SafesayMessage(eventID: 1, to: .mobile("0912345678"), content: .text(" ")), "Text"),
        (SafesayMessage(eventID: 1, to: .mobile("0912345678"), content: .attachment(Data())), "Attachment"),
        (SafesayMessage(eventID: 1, to: .mobile("0912345678"), content: .location(.init(longitude: 200, latitude: 0))), "Coordinates"),
    ])
    func messageValidation(_ message: SafesayMessage, _ field: String) {
        #expect { try SafesayRequest.send(message) } throws: { ($0 as? ValidationError)?.field == field }
    }

    @Test("downLoadFile (6.3.4): EventID and FileID as numbers")
    func download() throws {
        let (http, text) = body(try SafesayRequest.download(eventID: 22, fileID: 1723024586142825))
        #expect(text == V3Fixture.compact(#"{ "EventID":22, "FileID": 1723024586142825 }"#))
        #expect(http.url.absoluteString == "https://e8dapi.e8d.tw/v2/downLoadFile" && http.isIdempotent)
        #expect { try SafesayRequest.download(eventID: 22, fileID: 0) } throws: { ($0 as? ValidationError)?.field == "FileID" }
        #expect { try SafesayRequest.download(eventID: -1, fileID: 5) } throws: { ($0 as? ValidationError)?.field == "EventID" }
    }

    @Test("gettoken answers (6.1.5)")
    func tokenAnswers() throws {
        #expect(try Every8DV3ResponseParser.safesayToken(data(#"{ "Result": true, "Msg":"\#(Self.token)" }"#)) == Self.token)
        #expect { try Every8DV3ResponseParser.safesayToken(data(#"{ "Result": false, "Status": "-99", "Msg": "發生例外錯誤" }"#)) } throws: {
            ($0 as? Every8DError) == Every8DError(code: .unknownError, message: "發生例外錯誤", operation: .safesayGetToken)
        }
    }

    @Test("sendMessage answers (6.2.5), the example's \"MessageID \" key included")
    func sendAnswers() throws {
        let receipt = try Every8DV3ResponseParser.safesayReceipt(data(#"{ "Result": true, "MessageID ":"eff1d50-8814-4f17-aa61-cb23b97987fa", "MessageTime":1729133590209232 }"#))
        #expect(receipt.messageID == "eff1d50-8814-4f17-aa61-cb23b97987fa")
        #expect(receipt.timestamp == 1_729_133_590_209_232)
        #expect(abs(receipt.sentAt.timeIntervalSince1970 - 1_729_133_590.209232) < 0.000_01)
        #expect { try Every8DV3ResponseParser.safesayReceipt(data(#"{ "Result": false, "Status": "-99", "Msg": "發生例外錯誤" }"#)) } throws: {
            ($0 as? Every8DError)?.operation == .safesaySendMessage
        }
        #expect(throws: ResponseParseError.self) { try Every8DV3ResponseParser.safesayReceipt(data(#"{"Result":true,"MessageTime":1}"#)) }
        #expect(throws: ResponseParseError.self) { try Every8DV3ResponseParser.safesayReceipt(data(#"{"Result":true,"MessageID":"m","MessageTime":"soon"}"#)) }
        #expect(throws: ResponseParseError.self) { try Every8DV3ResponseParser.safesayReceipt(data("<html/>")) }
    }

    @Test("downLoadFile answers (6.3.5): the bytes, or the JSON refusal")
    func fileAnswers() throws {
        let bytes = Data([0xFF, 0xD8, 0xFF, 0x00, 0x7B])
        let file = try Every8DV3ResponseParser.safesayFile(bytes, headers: ["Content-Type": "application/x-download", "Content-Disposition": "attachment; filename=a.jpg"])
        #expect(file == SafesayFile(data: bytes, contentType: "application/x-download", contentDisposition: "attachment; filename=a.jpg"))
        // A file that is itself JSON is still a file when the answer says it is a download.
        let json = data(#"{"Msg":"I am a file"}"#)
        #expect(try Every8DV3ResponseParser.safesayFile(json, headers: ["Content-Type": "application/x-download"]).data == json)
        #expect { try Every8DV3ResponseParser.safesayFile(data(#"{ "Msg": "檔案不存在" }"#), headers: ["Content-Type": "application/json; charset=utf-8"]) } throws: {
            ($0 as? Every8DError) == Every8DError(code: .unknownError, message: "檔案不存在", operation: .safesayDownloadFile)
        }
        #expect { try Every8DV3ResponseParser.safesayFile(data(#"{ "Msg": "檔案不存在" }"#), headers: [:]) } throws: { $0 is Every8DError }
        #expect(throws: ResponseParseError.self) { try Every8DV3ResponseParser.safesayFile(data(#"{ "Msg":"OK" }"#), headers: ["Content-Type": "application/json"]) }
        // Without a content type, bytes that are not a JSON refusal are the file.
        #expect(try Every8DV3ResponseParser.safesayFile(bytes, headers: [:]).data == bytes)
    }

    @Test("the webhook's eight documented messages (6.4.4)")
    func webhookExamples() throws {
        let time = Date(timeIntervalSince1970: 1_729_133_590.209232)
        func event(_ json: String) throws -> SafesayEvent {
            let event = try SafesayEvent(json: data(json))
            #expect(abs(event.sentAt.timeIntervalSince(time)) < 0.000_01)
            #expect(event.sendTime == 1_729_133_590_209_232 && event.eventID == 22 && event.mobile == "xxxxxxxxxx")
            return event
        }
        let text = try event(#"{ "MessageID": "eff1d50-8814-4f17-aa61-cb23b97987fa", "EventID": 22, "Mobile": "xxxxxxxxxx", "Text": "文字訊息", "Type": 1, "SendTime": 1729133590209232 }"#)
        #expect(text.type == .text && text.text == "文字訊息" && text.messageID == "eff1d50-8814-4f17-aa61-cb23b97987fa" && text.chatroomID == nil)
        for (type, kind) in [(6, SafesayEvent.MessageType.image), (11, .video), (7, .file), (5, .voice)] {
            let file = try event(#"{ "MessageID": "jd427k9-8814-3wk6-k0e8-c1f3b67984eb", "EventID": 22, "Mobile": "xxxxxxxxxx", "Type": \#(type), "FileID": 1723024586142825, "SendTime": 1729133590209232 }"#)
            #expect(file.type == kind && file.fileID == 1_723_024_586_142_825 && file.text == nil)
        }
        let map = try event(#"{ "MessageID": "m", "EventID": 22, "Mobile": "xxxxxxxxxx", "Type": 8, "Coordinates": "121.54069836039582,24.98475687523791", "SendTime": 1729133590209232 }"#)
        #expect(map.type == .location && map.coordinates == SafesayCoordinates(longitude: Decimal(string: "121.54069836039582")!, latitude: Decimal(string: "24.98475687523791")!))
        let opened = try event(#"{ "MessageID": "m", "EventID": 22, "Mobile": "xxxxxxxxxx", "Text": "用戶已點擊聊天室", "Type": 2, "SendTime": 1729133590209232 }"#)
        #expect(opened.type == .linkOpened && opened.text == "用戶已點擊聊天室")
        let sticker = try event(#"{ "MessageID": "m", "EventID": 22, "Mobile": "xxxxxxxxxx", "Type": 3, "StickerURL": "https://sticker.safesay.net/22/12.png", "SendTime": 1729133590209232 }"#)
        #expect(sticker.type == .sticker && sticker.stickerURL == "https://sticker.safesay.net/22/12.png")
        let withdrawn = try event(#"{ "MessageID": "m", "EventID": 22, "Mobile": "xxxxxxxxxx", "Type": 10, "SendTime": 1729133590209232 }"#)
        #expect(withdrawn.type == .withdrawn)
    }

    @Test("webhook details: a guest, a chat room id, strings for numbers, unknown kinds and members kept")
    func webhookDetails() throws {
        let event = try SafesayEvent(json: data(#"{"messageid":"m1","EventID":"22","Mobile":"+","ChatroomID":"c-9","Type":4,"SendTime":"1729133590209","Mood":"happy","Score":3,"Nested":{"a":1}}"#))
        #expect(event.isGuest && event.chatroomID == "c-9")
        #expect(event.type.rawValue == 4 && !event.type.isKnown && event.type.description == "4")
        #expect(abs(event.sentAt.timeIntervalSince1970 - 1_729_133_590.209) < 0.000_1)
        #expect(event.otherFields == ["Mood": "happy", "Score": "3"])
        #expect(SafesayEvent.MessageType.image.description == "6 (image)")
        let seconds = try SafesayEvent(json: data(#"{"MessageID":"m","EventID":1,"Type":1,"SendTime":1729133590}"#))
        #expect(seconds.sentAt == Date(timeIntervalSince1970: 1_729_133_590) && seconds.mobile == "")
    }

    @Test("webhook bodies that do not read", arguments: [
        "", "[]", #"{"EventID":22,"Type":1,"SendTime":1}"#, #"{"MessageID":"m","Type":1,"SendTime":1}"#, #"{"MessageID":"m","EventID":22,"SendTime":1}"#,
        #"{"MessageID":"m","EventID":22,"Type":1}"#, #"{"MessageID":"m","EventID":2.5,"Type":1,"SendTime":1}"#,
        #"{"MessageID":"m","EventID":22,"Type":8,"SendTime":1,"Coordinates":"east"}"#, #"{"MessageID":{"x":1},"EventID":22,"Type":1,"SendTime":1}"#,
        #"{"MessageID":"m","EventID":22,"Type":1,"SendTime":1} x"#,
    ])
    func badWebhooks(_ body: String) {
        #expect(throws: ResponseParseError.self) { try SafesayEvent(json: data(body)) }
    }

    @Test("coordinates: exact digits both ways, ranges checked")
    func coordinates() {
        let place = SafesayCoordinates("121.54069836039582, 24.98475687523791")
        #expect(place?.description == "121.54069836039582,24.98475687523791")
        #expect(SafesayCoordinates("-180,-90") != nil)
        for text in ["181,0", "0,91", "1", "1,2,3", "a,b", "1e2,3", ""] { #expect(SafesayCoordinates(text) == nil, "\(text)") }
    }

    @Test("the daily token ends at the next midnight in Taiwan")
    func tokenExpiry() {
        let issued = TaiwanTime.parse("2025-05-15 23:59:59")!
        #expect(Safesay.tokenExpiry(issuedAt: issued) == TaiwanTime.parse("2025-05-16 00:00:00"))
        let morning = TaiwanTime.parse("2025-05-16 00:00:00")!
        #expect(Safesay.tokenExpiry(issuedAt: morning) == TaiwanTime.parse("2025-05-17 00:00:00"))
    }
}
