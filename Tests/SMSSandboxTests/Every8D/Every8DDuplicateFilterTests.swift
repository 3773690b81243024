import Foundation
import Testing
import SMSSandbox

@Suite("EVERY8D sandbox: the 24-hour duplicate filter")
struct Every8DDuplicateFilterTests {
    private func filtered(_ sandbox: Every8DSandbox, text: String, to numbers: [String], isSend: String? = nil) async throws -> String {
        var fields = E8D.auth + [FormField("MSG", text), FormField("DEST", numbers.joined(separator: ","))]
        if let isSend { fields.append(FormField("IsSend", isSend)) }
        return E8D.text(try await sandbox.send(E8D.form("SendSMS4FilterMessage.ashx", fields)))
    }

    @Test("every documented answer shape")
    func shapes() async throws {
        let sandbox = E8D.sandbox()
        let first = E8D.fields(try await filtered(sandbox, text: "同一則", to: ["0900000001", "0900000002"]))
        #expect(first.count == 5)
        #expect(Array(first.prefix(4)) == ["998.00", "2", "2", "0"])
        let batchA = first[4]

        #expect(try await filtered(sandbox, text: "另一則", to: ["0900000001"], isSend: "false") == "0,0,0,")

        let dry = try await filtered(sandbox, text: "同一則", to: ["0900000001", "0900000002", "0900000003"], isSend: "FALSE")
        #expect(dry == "0,0,0,,+886900000001/+886900000002,\(batchA)/\(batchA)")
        #expect(await sandbox.state.acceptedSendCount == 1)

        let second = E8D.fields(try await filtered(sandbox, text: "同一則", to: ["0900000001", "0900000002", "0900000003"]))
        #expect(second.count == 7)
        #expect(Array(second.prefix(4)) == ["997.00", "1", "1", "0"])
        #expect(second[5] == "+886900000001/+886900000002")
        #expect(second[6] == "\(batchA)/\(batchA)")
        let batchB = try #require(await sandbox.state.batch(id: second[4]))
        #expect(batchB.messages.map(\.mobile) == ["+886900000003"])
        #expect(batchB.endpoint == "SendSMS4FilterMessage.ashx")
    }

    @Test("sends through SendSMS.ashx count too; the newest earlier batch is named")
    func newestEarlierBatch() async throws {
        let sandbox = E8D.sandbox()
        _ = try await E8D.sendSMS(sandbox, text: "x", to: ["0900000001"])
        let newer = E8D.fields(try await E8D.sendSMS(sandbox, text: "x", to: ["0900000001"]))[4]
        let dry = try await filtered(sandbox, text: "x", to: ["+886900000001"], isSend: "0")
        #expect(dry == "0,0,0,,+886900000001,\(newer)")
    }

    @Test("when every number is a duplicate nothing is sent and BATCHID is empty")
    func everyNumberFiltered() async throws {
        let sandbox = E8D.sandbox()
        let batch = E8D.fields(try await filtered(sandbox, text: "x", to: ["0900000001"]))[4]
        let again = try await filtered(sandbox, text: "x", to: ["0900000001"])
        #expect(again == "999.00,0,0,0,,+886900000001,\(batch)")
        #expect(await sandbox.state.acceptedSendCount == 1)
    }

    @Test("after 24 hours the same text goes out again")
    func windowEnds() async throws {
        let sandbox = E8D.sandbox()
        _ = try await filtered(sandbox, text: "x", to: ["0900000001"])
        await sandbox.clock.advance(by: .seconds(86_399))
        #expect(try await filtered(sandbox, text: "x", to: ["0900000001"], isSend: "false") != "0,0,0,")
        await sandbox.clock.advance(by: .seconds(1))
        #expect(try await filtered(sandbox, text: "x", to: ["0900000001"], isSend: "false") == "0,0,0,")
    }

    @Test("a bad IsSend is refused")
    func badIsSend() async throws {
        let sandbox = E8D.sandbox()
        #expect(try await filtered(sandbox, text: "x", to: ["0900000001"], isSend: "maybe") == "-1,參數錯誤:IsSend")
    }
}
