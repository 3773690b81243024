import Foundation
import Testing
import SMSSandbox

@Suite("EVERY8D sandbox: scheduled sends and cancellation")
struct Every8DBookingTests {
    private func erase(_ sandbox: Every8DSandbox, _ batch: String, mms: Bool = false) async throws -> String {
        E8D.text(try await sandbox.send(E8D.form(mms ? "MMS/EraseBooking.ashx" : "EraseBooking.ashx", E8D.auth + [FormField("BID", batch)])))
    }

    @Test("a booking stays 300 until due, then takes the scenario's status")
    func staysScheduled() async throws {
        let sandbox = E8D.sandbox()
        let batch = E8D.fields(try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345670", "0912345676"],
                                                     extra: [FormField("ST", "20250302090000")]))[4]
        #expect(await sandbox.state.credit(of: "sandbox") == 998)
        await sandbox.clock.advance(by: .seconds(86_399))
        var rows = E8D.tabRows(try await E8D.deliveryPage(sandbox, batch: batch))
        #expect(rows.map { $0[4] } == ["300", "300"])
        #expect(rows.map { $0[2] } == ["2025/03/02 09:00:00", "2025/03/02 09:00:00"])
        await sandbox.clock.advance(by: .seconds(1))
        rows = E8D.tabRows(try await E8D.deliveryPage(sandbox, batch: batch))
        #expect(rows.map { $0[4] } == ["100", "101"])
        #expect(try await erase(sandbox, batch) == "-4,發送資料為刪除狀態或已經送出")
    }

    @Test("cancelling refunds the points and marks the messages 303")
    func cancelRefunds() async throws {
        let sandbox = E8D.sandbox()
        let batch = E8D.fields(try await E8D.sendSMS(sandbox, text: String(repeating: "長", count: 71), to: ["0912345670", "0912345671"],
                                                     extra: [FormField("ST", "20991124120000")]))[4]
        #expect(await sandbox.state.credit(of: "sandbox") == 996)
        #expect(try await erase(sandbox, batch) == "2,4.00")
        #expect(await sandbox.state.credit(of: "sandbox") == 1000)
        let rows = E8D.tabRows(try await E8D.deliveryPage(sandbox, batch: batch, format: 0))
        #expect(rows.map { $0[4] } == ["303", "303"])
        #expect(try await erase(sandbox, batch) == "-4,發送資料為刪除狀態或已經送出")
        let json = try await E8D.deliveryPage(sandbox, batch: batch, format: 1)
        #expect(json.contains(#""COST":"2.00","STATUS":"303","REAL_COST":"0.00""#))
    }

    @Test("a booking in the past is sent at once; unknown batches and the wrong kind are -3")
    func edges() async throws {
        let sandbox = E8D.sandbox()
        let past = E8D.fields(try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345670"], extra: [FormField("ST", "20200101000000")]))[4]
        #expect(await sandbox.state.status(batchID: past, mobile: "0912345670") == 100)
        #expect(try await erase(sandbox, "00000000-0000-0000-0000-000000000000") == "-3,無法取得指定發送資料")
        let booked = E8D.fields(try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345670"], extra: [FormField("ST", "20991124120000")]))[4]
        #expect(try await erase(sandbox, booked, mms: true) == "-3,無法取得指定發送資料")
        #expect(try await erase(sandbox, booked.uppercased()) == "1,1.00")
    }

    @Test("MMS bookings are cancelled through MMS/EraseBooking.ashx")
    func mmsCancel() async throws {
        let sandbox = E8D.sandbox()
        let fields = E8D.auth + [FormField("SB", "s"), FormField("DEST", "0912345670,0912345671"), FormField("ST", "20991124120000"),
                                 FormField("ATTACHMENT", Data([1, 2, 3]).base64EncodedString()), FormField("TYPE", "gif")]
        let batch = E8D.fields(E8D.text(try await sandbox.send(E8D.form("MMS/SendMMS.ashx", fields))))[4]
        #expect(try await erase(sandbox, batch) == "-3,無法取得指定發送資料")
        #expect(try await erase(sandbox, batch, mms: true) == "2,6.00")
        #expect(await sandbox.state.credit(of: "sandbox") == 1000)
    }
}
