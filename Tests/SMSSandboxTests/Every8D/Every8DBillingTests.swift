import Foundation
import Testing
import SMSSandbox

@Suite("EVERY8D sandbox: billing")
struct Every8DBillingTests {
    @Test("SMS length edges of the billing table", arguments: [
        (1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4), (268, 4), (269, 5), (333, 5), (334, 6), (666, 10), (667, 11),
    ])
    func lengthEdges(characters: Int, points: Int) async throws {
        let sandbox = E8D.sandbox()
        let fields = E8D.fields(try await E8D.sendSMS(sandbox, text: String(repeating: "測", count: characters), to: ["0912345670"]))
        #expect(fields[2] == String(points))
        #expect(await sandbox.state.credit(of: "sandbox") == Decimal(1000 - points))
    }

    @Test("length counts UTF-16 code units, so an emoji counts two")
    func utf16Length() async throws {
        let sandbox = E8D.sandbox()
        #expect(E8D.fields(try await E8D.sendSMS(sandbox, text: String(repeating: "😀", count: 35), to: ["0912345670"]))[2] == "1")
        #expect(E8D.fields(try await E8D.sendSMS(sandbox, text: String(repeating: "😀", count: 36), to: ["0912345670"]))[2] == "2")
    }

    @Test("an EventID adds 17 characters")
    func eventLink() async throws {
        let sandbox = E8D.sandbox()
        let event = [FormField("EventID", "1234")]
        #expect(E8D.fields(try await E8D.sendSMS(sandbox, text: String(repeating: "a", count: 53), to: ["0912345670"], extra: event))[2] == "1")
        #expect(E8D.fields(try await E8D.sendSMS(sandbox, text: String(repeating: "a", count: 54), to: ["0912345670"], extra: event))[2] == "2")
        #expect(E8D.fields(try await E8D.sendSMS(sandbox, text: String(repeating: "a", count: 54), to: ["0912345670"]))[2] == "1")
    }

    @Test("international numbers cost three times, and need international sending enabled")
    func international() async throws {
        let sandbox = E8D.sandbox()
        let fields = E8D.fields(try await E8D.sendSMS(sandbox, text: String(repeating: "a", count: 71), to: ["+14155550100", "0912345670"]))
        #expect(Array(fields.prefix(4)) == ["992.00", "2", "8", "0"])

        let closed = Every8DSandboxAccount(userID: "local", password: "pw", credit: 10, internationalEnabled: false)
        let local = E8D.sandbox(accounts: [closed])
        let request = E8D.form("SendSMS.ashx", [FormField("UID", "local"), FormField("PWD", "pw"), FormField("MSG", "hi"),
                                                FormField("DEST", "+85291234560,0912345670")])
        let line = E8D.fields(E8D.text(try await local.send(request)))
        #expect(Array(line.prefix(4)) == ["9.00", "1", "1", "0"])
        let rows = E8D.tabRows(try await deliveryPage(local, batch: line[4], uid: "local", pwd: "pw"))
        #expect(rows.map { $0[4] } == ["500", "100"])
        #expect(rows.map { $0[3] } == ["0.00", "1.00"])
    }

    @Test("short of credit: messages from the first unaffordable one are UNSEND with status 301")
    func unsend() async throws {
        let poor = Every8DSandboxAccount(userID: "poor", password: "pw", credit: Decimal(string: "2.5")!)
        let sandbox = E8D.sandbox(accounts: [poor])
        let request = E8D.form("SendSMS.ashx", [FormField("UID", "poor"), FormField("PWD", "pw"), FormField("MSG", "hi"),
                                                FormField("DEST", "0912345670,0912345671,0912345672")])
        let fields = E8D.fields(E8D.text(try await sandbox.send(request)))
        #expect(Array(fields.prefix(4)) == ["0.50", "2", "2", "1"])
        let rows = E8D.tabRows(try await deliveryPage(sandbox, batch: fields[4], uid: "poor", pwd: "pw"))
        #expect(rows.map { $0[4] } == ["100", "100", "301"])
        let credit = try await sandbox.send(E8D.form("GetCredit.ashx", [FormField("UID", "poor"), FormField("PWD", "pw")]))
        #expect(E8D.text(credit) == "0.50")
    }

    @Test("MMS costs 3 points up to 50 KB and 5 up to 300 KB; larger is refused")
    func mmsBilling() async throws {
        let sandbox = E8D.sandbox()
        func send(bytes: Int) async throws -> String {
            let picture = Data(repeating: 0xAB, count: bytes).base64EncodedString()
            let fields = E8D.auth + [FormField("SB", "主旨"), FormField("MSG", ""), FormField("DEST", "0912345670,0912345671"),
                                     FormField("ATTACHMENT", picture), FormField("TYPE", "JPG")]
            return E8D.text(try await sandbox.send(E8D.form("MMS/SendMMS.ashx", fields)))
        }
        #expect(E8D.fields(try await send(bytes: 50 * 1024))[2] == "6")
        #expect(E8D.fields(try await send(bytes: 50 * 1024 + 1))[2] == "10")
        #expect(E8D.fields(try await send(bytes: 300 * 1024))[2] == "10")
        #expect(try await send(bytes: 300 * 1024 + 1) == "-1,參數錯誤:ATTACHMENT")
        #expect(await sandbox.state.batches().allSatisfy { $0.kind == .mms })
        #expect(await sandbox.state.credit(of: "sandbox") == 974)
    }

    @Test("MMS refuses international numbers, bad types, bad subjects and base64 broken by a raw +")
    func mmsValidation() async throws {
        let sandbox = E8D.sandbox()
        func send(_ changes: [String: String]) async throws -> String {
            var values = ["SB": "Hello", "DEST": "0912345670", "ATTACHMENT": Data([0xFB, 0xEF, 0xBE]).base64EncodedString(), "TYPE": "png"]
            for (key, value) in changes { values[key] = value }
            let fields = E8D.auth + values.sorted { $0.key < $1.key }.map { FormField($0.key, $0.value) }
            return E8D.text(try await sandbox.send(E8D.form("MMS/SendMMS.ashx", fields)))
        }
        #expect(E8D.fields(try await send([:])).count == 5)
        #expect(try await send(["DEST": "+14155550100"]) == "-306,手機格式不符:+14155550100")
        #expect(try await send(["TYPE": "bmp"]) == "-1,參數錯誤:TYPE")
        #expect(E8D.fields(try await send(["SB": ""])).count == 5)  // an empty subject is accepted
        #expect(try await send(["SB": String(repeating: "字", count: 16)]) == "-1,參數錯誤:SB")
        #expect(E8D.fields(try await send(["SB": String(repeating: "a", count: 39)])).count == 5)
        #expect(try await send(["SB": String(repeating: "a", count: 40)]) == "-1,參數錯誤:SB")
        // "+7++" is valid base64; sent raw in a form its pluses would arrive as spaces.
        var raw = E8D.form("MMS/SendMMS.ashx", [])
        raw.body = Data("UID=sandbox&PWD=sandbox-password&SB=x&DEST=0912345670&TYPE=png&ATTACHMENT=+7++".utf8)
        #expect(E8D.text(try await sandbox.send(raw)) == "-1,參數錯誤:ATTACHMENT")
        #expect(await sandbox.state.acceptedSendCount == 3)
    }

    private func deliveryPage(_ sandbox: Every8DSandbox, batch: String, uid: String, pwd: String) async throws -> String {
        let fields = [FormField("UID", uid), FormField("PWD", pwd), FormField("BID", batch)]
        return E8D.text(try await sandbox.send(E8D.form("GetDeliveryStatus.ashx", fields)))
    }
}
