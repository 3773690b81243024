import Foundation
import Testing
import SMSSandbox

@Suite("EVERY8D sandbox: reading requests as the server does")
struct Every8DWireTests {
    @Test("a + sent unencoded arrives as a space and the number is refused; %2B arrives as a plus")
    func plusDecoding() async throws {
        let sandbox = E8D.sandbox()
        let raw = "UID=sandbox&PWD=sandbox-password&MSG=hi&DEST=+886912345670"
        var request = E8D.form("SendSMS.ashx", [])
        request.body = Data(raw.utf8)
        #expect(E8D.text(try await sandbox.send(request)) == "-306,手機格式不符: 886912345670")
        #expect(await sandbox.state.acceptedSendCount == 0)

        let line = try await E8D.sendSMS(sandbox, text: "a+b c", to: ["+886912345670"])
        let batchID = E8D.fields(line)[4]
        let batch = try #require(await sandbox.state.batch(id: batchID))
        #expect(batch.messages.map(\.mobile) == ["+886912345670"])
        #expect(batch.messages.map(\.text) == ["a+b c"])
    }

    @Test("form + in the text decodes to a space, as an HTML form")
    func plusInText() async throws {
        let sandbox = E8D.sandbox()
        var request = E8D.form("SendSMS.ashx", [])
        request.body = Data("UID=sandbox&PWD=sandbox-password&MSG=hello+world%2B1&DEST=0912345670".utf8)
        let batchID = E8D.fields(E8D.text(try await sandbox.send(request)))[4]
        #expect(await sandbox.state.batch(id: batchID)?.messages.first?.text == "hello world+1")
    }

    @Test("a JSON body on a form endpoint and a form on a JSON endpoint are refused with -99")
    func wrongContentType() async throws {
        let sandbox = E8D.sandbox()
        let jsonOnForm = E8D.json("SendSMS.ashx", #"{"UID":"sandbox","PWD":"sandbox-password","MSG":"hi","DEST":"0912345670"}"#)
        #expect(E8D.text(try await sandbox.send(jsonOnForm)).hasPrefix("-99,"))
        let formOnJSON = E8D.form("SendParam.ashx", E8D.auth)
        #expect(E8D.text(try await sandbox.send(formOnJSON)).hasPrefix(#"{"Result":false,"Status":"-99""#))
        let formOnToken = E8D.form("ConnectionHandler.ashx", [FormField("HandlerType", "3"), FormField("VerifyType", "1")] + E8D.auth)
        #expect(E8D.text(try await sandbox.send(formOnToken)).hasPrefix(#"{"Result":false,"Status":"-99""#))
        var noType = E8D.form("GetCredit.ashx", E8D.auth)
        noType.headers.remove(name: "Content-Type")
        #expect(E8D.text(try await sandbox.send(noType)).hasPrefix("-99,"))
        #expect(await sandbox.state.acceptedSendCount == 0)
        #expect(await sandbox.state.tokensIssued == 0)
    }

    @Test("any host and path prefix route, paths ignore case; unknown paths get 404 and GET 405")
    func routing() async throws {
        let sandbox = E8D.sandbox()
        var request = E8D.form("GetCredit.ashx", E8D.auth)
        request.url = URL(string: "http://biz3.every8d.com.tw/prepaid/api21/http/getcredit.ashx")!
        #expect(E8D.text(try await sandbox.send(request)) == "1000.00")

        request.url = URL(string: "https://new.e8d.tw/API21/HTTP/NoSuchThing.ashx")!
        let missing = try await sandbox.send(request)
        #expect(missing.status == 404)
        #expect(missing.headers.mediaType == "text/html")
        #expect(E8D.text(missing).contains("404"))

        var get = E8D.form("GetCredit.ashx", [])
        get.method = .get
        #expect(try await sandbox.send(get).status == 405)
        #expect(await sandbox.network.requestCount() == 3)
        #expect(await sandbox.network.requestCount(endpoint: "getcredit.ashx") == 2)
        #expect(await sandbox.network.requests(endpoint: "").count == 1)
    }

    @Test("send validation: empty MSG -26, empty DEST -27, bad ST -28, bad RETRYTIME -1, bad number -306")
    func sendValidation() async throws {
        let sandbox = E8D.sandbox()
        #expect(try await E8D.sendSMS(sandbox, text: "", to: ["0912345670"]) == "-26,簡訊內容不得為空")
        #expect(try await E8D.sendSMS(sandbox, text: "hi", to: []) == "-27,電話號碼不得為空")
        #expect(try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345670"], extra: [FormField("ST", "2025-03-02")]) == "-28,The sendTime format error: yyyyMMddHHmm")
        #expect(try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345670"], extra: [FormField("ST", "20250230120000")]) == "-28,The sendTime format error: yyyyMMddHHmm")
        #expect(try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345670"], extra: [FormField("RETRYTIME", "abc")]) == "-1,參數錯誤:RETRYTIME")
        #expect(try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345670", "+1-202-895-1800"]) == "-306,手機格式不符:+1-202-895-1800")
        #expect(try await E8D.sendSMS(sandbox, text: "hi", to: ["0212345678"]) == "-306,手機格式不符:0212345678")
        #expect(await sandbox.state.acceptedSendCount == 0)
        #expect(await sandbox.state.credit(of: "sandbox") == 1000)
    }

    @Test("a send result is CREDIT,SENDED,COST,UNSEND,BATCHID with two-decimal credit")
    func sendResultShape() async throws {
        let sandbox = E8D.sandbox()
        let fields = E8D.fields(try await E8D.sendSMS(sandbox, text: "您的驗證碼 123456", to: ["0912345670", "+886912345671"]))
        #expect(Array(fields.prefix(4)) == ["998.00", "2", "2", "0"])
        #expect(UUID(uuidString: fields[4]) != nil)
        #expect(fields[4] == fields[4].lowercased())
        let batch = try #require(await sandbox.state.batches().first)
        #expect(batch.id == fields[4])
        #expect(batch.endpoint == "SendSMS.ashx")
        #expect(batch.subject == "test")
        #expect(batch.retryMinutes == 1440)
        #expect(batch.messages.map(\.mobile) == ["+886912345670", "+886912345671"])
        #expect(batch.messages.map(\.messageReference) == ["1", "2"])
    }
}
