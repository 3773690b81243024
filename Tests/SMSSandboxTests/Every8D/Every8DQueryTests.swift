import Foundation
import Testing
import SMSSandbox
@_spi(SMSInternals) import SMSTransport

@Suite("EVERY8D sandbox: delivery status and replies")
struct Every8DQueryTests {
    @Test("2500 recipients come back in pages of 1000, 1000 and 500, each with the total count")
    func deliveryPaging() async throws {
        let sandbox = E8D.sandbox()
        let numbers = E8D.numbers(2500, endingIn: 1)
        let batch = E8D.fields(try await E8D.sendSMS(sandbox, text: "hi", to: numbers))[4]
        var seen: [String] = []
        for (page, expected) in [(1, 1000), (2, 1000), (3, 500), (4, 0)] {
            let body = try await E8D.deliveryPage(sandbox, batch: batch, page: page)
            #expect(body.hasPrefix("2500\r\n"))
            let rows = E8D.tabRows(body)
            #expect(rows.count == expected)
            seen += rows.map { $0[1] }
        }
        #expect(seen == numbers.map { "+886" + $0.dropFirst() })

        let json = try await E8D.deliveryPage(sandbox, batch: batch, page: 3, format: 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["SMS_COUNT"] as? Int == 2500)
        #expect((object["DATA"] as? [[String: Any]])?.count == 500)
        #expect((object["DATA"] as? [[String: Any]])?.first?["MR"] as? String == "2001")
    }

    @Test("statuses follow the last digit, in TAB, JSON and XML")
    func scenarioInEveryFormat() async throws {
        let sandbox = E8D.sandbox()
        let numbers = (0...9).map { "091234567\($0)" }
        let batch = E8D.fields(try await E8D.sendSMS(sandbox, text: "hi", to: numbers))[4]
        let expected = ["100", "100", "100", "100", "100", "100", "101", "103", "0", "100"]

        let tab = try await E8D.deliveryPage(sandbox, batch: batch)
        #expect(tab.hasPrefix("10\r\n"))
        let rows = E8D.tabRows(tab)
        #expect(rows.map { $0[4] } == expected)
        #expect(rows.allSatisfy { $0.count == 6 && $0[0].isEmpty && $0[3] == "1.00" && $0[2] == "2025/03/01 09:00:00" })
        #expect(rows[8][5].isEmpty)
        #expect(rows[0][5] == "2025/03/01 09:00:00")

        let json = try await E8D.deliveryPage(sandbox, batch: batch, format: 1)
        #expect(json.hasPrefix("{\"SMS_COUNT\":10,\"BID\":\"\(batch)\",\"DATA\":[{\"MR\":\"1\",\"NAME\":\"\",\"MOBILE\":\"+886912345670\",\"SEND_TIME\":\"2025-03-01 09:00:00\",\"COST\":\"1.00\",\"STATUS\":\"100\",\"REAL_COST\":\"1.00\",\"RECEIVED_TIME\":\"2025-03-01 09:00:00\"}"))

        let xml = try await E8D.deliveryPage(sandbox, batch: batch, format: 2)
        let root = try XMLTree.parse(Data(xml.utf8))
        #expect(root.name == "SMS_LOG")
        #expect(root.childText("CODE") == "0")
        let log = try #require(root.child("GET_DELIVERY_STATUS"))
        #expect(log.attribute("COUNT") == "10")
        let sms = log.children("SMS")
        #expect(sms.map { $0.childText("STATUS") } == expected)
        #expect(sms[9].child("REPLY_SMS")?.childText("MESSAGE") == Every8DScenario.replyText)
        #expect(sms[0].child("REPLY_SMS") == nil)
        #expect(sms[0].childText("SENT_TIME") == "2025/03/01 09:00:00")
    }

    @Test("an unknown batch answers 0 in TAB, SMS_COUNT 0 in JSON, COUNT 0 in XML; bad RESPFORMAT or PNO is refused")
    func unknownBatch() async throws {
        let sandbox = E8D.sandbox()
        #expect(try await E8D.deliveryPage(sandbox, batch: "f370a403-df23-4122-a7e6-261563a071cd") == "0\r\n")
        #expect(try await E8D.deliveryPage(sandbox, batch: "f370a403-df23-4122-a7e6-261563a071cd", format: 1)
                == #"{"SMS_COUNT":0,"BID":"f370a403-df23-4122-a7e6-261563a071cd"}"#)
        let xml = try XMLTree.parse(Data(try await E8D.deliveryPage(sandbox, batch: "x", format: 2).utf8))
        #expect(xml.child("GET_DELIVERY_STATUS")?.attribute("COUNT") == "0")
        #expect(try await E8D.deliveryPage(sandbox, batch: "x", format: 3) == "-1,參數錯誤:RESPFORMAT")
        #expect(try await E8D.deliveryPage(sandbox, batch: "x", page: 0) == "-1,參數錯誤:PNO")
    }

    @Test("another account's batch is not found")
    func otherAccount() async throws {
        let other = Every8DSandboxAccount(userID: "other", password: "pw")
        let sandbox = E8D.sandbox(accounts: [E8D.demo, other])
        let batch = E8D.fields(try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345670"]))[4]
        let fields = [FormField("UID", "other"), FormField("PWD", "pw"), FormField("BID", batch)]
        #expect(E8D.text(try await sandbox.send(E8D.form("GetDeliveryStatus.ashx", fields))) == "0\r\n")
    }

    @Test("replies come 10 a page, in TAB and JSON")
    func replyPaging() async throws {
        let sandbox = E8D.sandbox()
        let numbers = E8D.numbers(25, endingIn: 9)
        let batch = E8D.fields(try await E8D.sendSMS(sandbox, text: "要不要？", to: numbers + ["0912345670"]))[4]
        func page(_ number: Int, format: Int = 0) async throws -> String {
            let fields = E8D.auth + [FormField("BID", batch), FormField("PNO", String(number)), FormField("RESPFORMAT", String(format))]
            return E8D.text(try await sandbox.send(E8D.form("GetReplyMessage.ashx", fields)))
        }
        var counts: [Int] = []
        for number in 1...4 {
            let body = try await page(number)
            #expect(body.hasPrefix("25\r\n"))
            counts.append(E8D.tabRows(body).count)
        }
        #expect(counts == [10, 10, 5, 0])
        let first = try #require(E8D.tabRows(try await page(1)).first)
        #expect(first == ["", "+886900000009", Every8DScenario.replyText, "2025/03/01 09:00:00"])

        let json = try await page(3, format: 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["SMS_COUNT"] as? Int == 25)
        let data = try #require(object["DATA"] as? [[String: String]])
        #expect(data.count == 5)
        #expect(Set(data[0].keys) == ["NAME", "MOBILE", "CONTENT", "RECEIVED_TIME"])
        #expect(try await page(1, format: 2) == "-1,參數錯誤:RESPFORMAT")
    }

    @Test("addReply and setStatus steer a message; replies show from their time on")
    func steering() async throws {
        let sandbox = E8D.sandbox()
        let batch = E8D.fields(try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345670", "0912345671"]))[4]
        #expect(await sandbox.state.setStatus(107, batchID: batch, mobile: "+886912345671"))
        #expect(await sandbox.state.setStatus(107, batchID: batch, mobile: "0999999999") == false)
        let later = try #require(TaiwanTime.parse("2025-03-01 09:05:00"))
        #expect(await sandbox.state.addReply(batchID: batch, mobile: "0912345670", text: "好\t的", at: later))

        let rows = E8D.tabRows(try await E8D.deliveryPage(sandbox, batch: batch))
        #expect(rows.map { $0[4] } == ["100", "107"])
        let fields = E8D.auth + [FormField("BID", batch)]
        #expect(E8D.text(try await sandbox.send(E8D.form("GetReplyMessage.ashx", fields))) == "0\r\n")
        await sandbox.clock.advance(by: .seconds(300))
        #expect(E8D.text(try await sandbox.send(E8D.form("GetReplyMessage.ashx", fields)))
                == "1\r\n\t+886912345670\t好 的\t2025/03/01 09:05:00\r\n")
    }

    @Test("with a carrier delay a due message is at the carrier (0) first")
    func carrierDelay() async throws {
        let sandbox = E8D.sandbox(state: .init(carrierDelay: .seconds(60)))
        let batch = E8D.fields(try await E8D.sendSMS(sandbox, text: "hi", to: ["0912345676"]))[4]
        #expect(await sandbox.state.status(batchID: batch, mobile: "0912345676") == 0)
        await sandbox.clock.advance(by: .seconds(60))
        #expect(await sandbox.state.status(batchID: batch, mobile: "0912345676") == 101)
        #expect(E8D.tabRows(try await E8D.deliveryPage(sandbox, batch: batch))[0][5] == "2025/03/01 09:01:00")
    }
}
