import Foundation
import Testing
import SMSSandbox

@Suite("EVERY8D sandbox: SendParam.ashx")
struct Every8DSendParamTests {
    private func send(_ sandbox: Every8DSandbox, _ body: String) async throws -> String {
        E8D.text(try await sandbox.send(E8D.json("SendParam.ashx", body)))
    }

    private func message(_ answer: String) throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any])
        #expect(object["Result"] as? Bool == true)
        return try #require(object["Msg"] as? String)
    }

    @Test("exclusive: no MSG, each Param is the whole text; Mr echoed, or numbered when empty")
    func exclusive() async throws {
        let sandbox = E8D.sandbox()
        let answer = try await send(sandbox, """
            {"UID":"sandbox","PWD":"sandbox-password","SB":"主旨","RETRYTIME":1440,"RecipientDataList":[
            {"Name":"Test01","Mobile":"+886900000001","Email":"a@example.com","SendTime":"","Param":"客戶:小明您好","Mr":"A-1"},
            {"Name":"Test02","Mobile":"0900000002","Email":"","SendTime":"","Param":"客戶:大明您好","Mr":""}]}
            """)
        #expect(answer.hasPrefix(#"{"Result":true,"Msg":""#))
        let fields = E8D.fields(try message(answer))
        #expect(Array(fields.prefix(4)) == ["998.00", "2", "2", "0"])
        let batch = try #require(await sandbox.state.batch(id: fields[4]))
        #expect(batch.messages.map(\.text) == ["客戶:小明您好", "客戶:大明您好"])
        #expect(batch.messages.map(\.messageReference) == ["A-1", "2"])
        #expect(batch.messages.map(\.name) == ["Test01", "Test02"])
        #expect(batch.messages.map(\.email) == ["a@example.com", ""])
        #expect(batch.kind == .sms)
    }

    @Test("param: %field1%…%field5% substituted from exactly five |-separated values")
    func parameters() async throws {
        let sandbox = E8D.sandbox()
        let answer = try await send(sandbox, #"""
            {"uid":"sandbox","pwd":"sandbox-password","msg":"客戶:%field1%您好、您於%field2%到期。%field5%","recipientdatalist":[
            {"mobile":"0900000001","param":"小明|2021/09/30|||%field1%"}]}
            """#)
        let batchID = E8D.fields(try message(answer))[4]
        #expect(await sandbox.state.batch(id: batchID)?.messages.first?.text == "客戶:小明您好、您於2021/09/30到期。%field1%")

        let missingPipes = try await send(sandbox, #"""
            {"UID":"sandbox","PWD":"sandbox-password","MSG":"%field1%","RecipientDataList":[{"Mobile":"0900000001","Param":"小明 2021/09/30 "}]}
            """#)
        #expect(missingPipes == #"{"Result":false,"Status":"-1","Msg":"參數錯誤:Param"}"#)
    }

    @Test("Mr must be unique; numbers, times and empty lists are checked")
    func validation() async throws {
        let sandbox = E8D.sandbox()
        let auth = #""UID":"sandbox","PWD":"sandbox-password""#
        #expect(try await send(sandbox, "{\(auth),\"RecipientDataList\":[{\"Mobile\":\"0900000001\",\"Param\":\"a\",\"Mr\":\"1\"},{\"Mobile\":\"0900000002\",\"Param\":\"b\",\"Mr\":\"1\"}]}")
                == #"{"Result":false,"Status":"-1","Msg":"參數錯誤:Mr"}"#)
        #expect(try await send(sandbox, "{\(auth),\"RecipientDataList\":[]}") == #"{"Result":false,"Status":"-27","Msg":"電話號碼不得為空"}"#)
        #expect(try await send(sandbox, "{\(auth),\"RecipientDataList\":[{\"Mobile\":\"12345\",\"Param\":\"a\"}]}")
                == #"{"Result":false,"Status":"-306","Msg":"手機格式不符:12345"}"#)
        #expect(try await send(sandbox, "{\(auth),\"RecipientDataList\":[{\"Mobile\":\"0900000001\",\"Param\":\"a\",\"SendTime\":\"2099-01-01\"}]}")
                == #"{"Result":false,"Status":"-28","Msg":"The sendTime format error: yyyyMMddHHmm"}"#)
        #expect(try await send(sandbox, "{\(auth),\"RecipientDataList\":[{\"Mobile\":\"0900000001\",\"Param\":\"\"}]}")
                == #"{"Result":false,"Status":"-26","Msg":"簡訊內容不得為空"}"#)
        #expect(try await send(sandbox, "not json") == #"{"Result":false,"Status":"-99","Msg":"發生例外錯誤"}"#)
        #expect(await sandbox.state.acceptedSendCount == 0)
    }

    @Test("per-recipient SendTime books each message for its own time")
    func perRecipientSchedule() async throws {
        let sandbox = E8D.sandbox()
        let answer = try await send(sandbox, #"""
            {"UID":"sandbox","PWD":"sandbox-password","RecipientDataList":[
            {"Mobile":"0900000001","Param":"now","SendTime":""},{"Mobile":"0900000002","Param":"later","SendTime":"20250301100000"}]}
            """#)
        let batchID = E8D.fields(try message(answer))[4]
        #expect(await sandbox.state.status(batchID: batchID, mobile: "0900000001") == 100)
        #expect(await sandbox.state.status(batchID: batchID, mobile: "0900000002") == 300)
        await sandbox.clock.advance(by: .seconds(3600))
        #expect(await sandbox.state.status(batchID: batchID, mobile: "0900000002") == 100)
    }

    @Test("ATTACHMENT and TYPE make it an MMS batch, priced by size")
    func mmsVariant() async throws {
        let sandbox = E8D.sandbox()
        let picture = Data(repeating: 7, count: 60 * 1024).base64EncodedString()
        let answer = try await send(sandbox, """
            {"UID":"sandbox","PWD":"sandbox-password","SB":"圖","MSG":"%field1%好","ATTACHMENT":"\(picture)","TYPE":"jpeg",
            "RecipientDataList":[{"Mobile":"0900000001","Param":"你||||"}]}
            """)
        let fields = E8D.fields(try message(answer))
        #expect(fields[2] == "5")
        let batch = try #require(await sandbox.state.batch(id: fields[4]))
        #expect(batch.kind == .mms)
        #expect(batch.attachment == Every8DSandboxAttachment(type: "jpeg", byteCount: 60 * 1024))
        #expect(batch.messages.first?.text == "你好")
        #expect(try await E8D.deliveryPage(sandbox, batch: fields[4]) == "0\r\n")
        let mms = E8D.tabRows(try await E8D.deliveryPage(sandbox, batch: fields[4], endpoint: "MMS/GetDeliveryStatus.ashx"))
        #expect(mms.map { $0[4] } == ["700"])
    }
}
