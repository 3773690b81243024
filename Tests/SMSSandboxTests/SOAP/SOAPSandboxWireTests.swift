import Foundation
import Testing
import SMSSandbox
@_spi(SMSInternals) import SMSTransport

@Suite("EVERY8D sandbox over SOAP: the wire")
struct SOAPSandboxWireTests {
    @Test("getConnection answers the seed's XML; the account keeps one key until it is closed")
    func oneSessionKey() async throws {
        let sandbox = E8D.sandbox()
        let answer = try await sandbox.send(SOAPWire.request("getConnection", [("userID", "sandbox"), ("password", "sandbox-password")]))
        #expect(answer.headers["Content-Type"] == "text/xml; charset=utf-8")
        let xml = try SOAPWire.result(answer, "getConnection")
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<SMS>\r\n  <GET_CONNECTION>\r\n    <CODE>0</CODE>\r\n    <SESSION_KEY>"))
        #expect(xml.hasSuffix("</SESSION_KEY>\r\n    <DESCRIPTION>取得連線成功</DESCRIPTION>\r\n  </GET_CONNECTION>\r\n</SMS>"))
        let key = try await SOAPWire.connect(sandbox)
        let again = try await SOAPWire.connect(sandbox)
        #expect(key == again)
        #expect(again.count == 32)
        #expect(await sandbox.state.tokensIssued == 1)

        #expect(try await SOAPWire.call(sandbox, "closeConnection", [("sessionKey", again)]) == "1")
        #expect(try await SOAPWire.call(sandbox, "getCredit", [("sessionKey", again)]) == "-301,Session 資料不存在，請重新登入。")
        #expect(try await SOAPWire.call(sandbox, "closeConnection", [("sessionKey", again)]) == "-1")
        let fresh = try await SOAPWire.connect(sandbox)
        #expect(fresh != again)
        #expect(try await SOAPWire.call(sandbox, "getCredit", [("sessionKey", fresh)]) == "1000.00")
    }

    @Test("a session key lasts until the end of the Taiwan day")
    func endOfDay() async throws {
        let clock = SandboxClock(taiwanTime: "2025-03-01 23:00:00")!
        let sandbox = Every8DSandbox(clock: clock)
        let key = try await SOAPWire.connect(sandbox)
        await clock.advance(by: .seconds(3599))
        #expect(try await SOAPWire.call(sandbox, "getCredit", [("sessionKey", key)]) == "1000.00")
        await clock.advance(by: .seconds(1))
        #expect(try await SOAPWire.call(sandbox, "getCredit", [("sessionKey", key)]).hasPrefix("-301,"))
        #expect(try await SOAPWire.connect(sandbox) != key)
    }

    @Test("-100 unknown account, -101 wrong password; ten wrong passwords lock the login (-999) until unlocked")
    func loginFailures() async throws {
        let sandbox = E8D.sandbox()
        #expect(try await SOAPWire.loginCode(sandbox, userID: "nobody", password: "x") == -100)
        for attempt in 1...10 {
            #expect(try await SOAPWire.loginCode(sandbox, password: "wrong") == -101, "attempt \(attempt)")
        }
        #expect(await sandbox.state.soapFailedLogins(userID: "sandbox") == 10)
        #expect(try await SOAPWire.loginCode(sandbox, password: "wrong") == -999)
        #expect(try await SOAPWire.loginCode(sandbox, password: "sandbox-password") == -999)
        let xml = try await SOAPWire.call(sandbox, "getConnection", [("userID", "sandbox"), ("password", "sandbox-password")])
        #expect(xml.contains("<SESSION_KEY />"))
        #expect(xml.contains("<DESCRIPTION>帳號已封鎖"))
        await sandbox.state.unlockSOAPLogin(userID: "sandbox")
        #expect(try await SOAPWire.loginCode(sandbox, password: "sandbox-password") == 0)
        // A success resets the count.
        #expect(try await SOAPWire.loginCode(sandbox, password: "wrong") == -101)
        _ = try await SOAPWire.connect(sandbox)
        #expect(await sandbox.state.soapFailedLogins(userID: "sandbox") == 0)
    }

    @Test("sendSMS and sendMessage: the send result, a batch recorded under the SOAP method")
    func sends() async throws {
        let sandbox = E8D.sandbox()
        let key = try await SOAPWire.connect(sandbox)
        let line = try await SOAPWire.call(sandbox, "sendSMS", [
            ("sessionKey", key), ("subject", "s"), ("content", "A & <B>"), ("mobile", "0912345670,+886912345671"), ("sendTime", ""),
        ])
        let fields = E8D.fields(line)
        #expect(Array(fields.prefix(4)) == ["998.00", "2", "2", "0"])
        let batch = try #require(await sandbox.state.batch(id: fields[4]))
        #expect(batch.endpoint == "SMS.asmx/sendSMS")
        #expect(batch.messages.map(\.text) == ["A & <B>", "A & <B>"])
        #expect(batch.retryMinutes == 1440)

        let booked = try await SOAPWire.call(sandbox, "sendMessage", [
            ("sessionKey", key), ("subject", ""), ("content", "later"), ("mobile", "0912345670"), ("sendTime", "20250301100000"),
            ("retryTime", "30"),
        ])
        let later = try #require(await sandbox.state.batch(id: E8D.fields(booked)[4]))
        #expect(later.endpoint == "SMS.asmx/sendMessage")
        #expect(later.retryMinutes == 30)
        #expect(later.messages.first?.scheduledAt == TaiwanTime.parse("20250301100000"))

        let bad = try await SOAPWire.call(sandbox, "sendSMS", [
            ("sessionKey", key), ("subject", ""), ("content", "x"), ("mobile", "0912-345"), ("sendTime", ""),
        ])
        #expect(bad == "-306,手機格式不符:0912-345")
    }

    @Test("getDeliveryStatus: the XML log with padded mobiles and REPLY_SMS; MMS rows on MMS.asmx")
    func deliveryLog() async throws {
        let sandbox = E8D.sandbox()
        let key = try await SOAPWire.connect(sandbox)
        let line = try await SOAPWire.call(sandbox, "sendSMS", [
            ("sessionKey", key), ("subject", ""), ("content", "hi"), ("mobile", "0912345670,0912345679"), ("sendTime", ""),
        ])
        let batch = E8D.fields(line)[4]
        await sandbox.state.addReply(batchID: batch, mobile: "0912345679", text: "second ]]> & <reply>")
        let log = try await SOAPWire.call(sandbox, "getDeliveryStatus", [("sessionKey", key), ("batchID", batch), ("pageNo", "")])
        let root = try XMLTree.parse(Data(log.utf8))
        #expect(root.childText("CODE") == "0")
        let status = try #require(root.child("GET_DELIVERY_STATUS"))
        #expect(status.attribute("COUNT") == "2")
        let rows = status.children("SMS")
        #expect(rows.map { $0.child("MOBILE")?.text } == ["+886912345670       ", "+886912345679       "])
        let replies = rows[1].children("REPLY_SMS").map { $0.child("MESSAGE")?.text }
        #expect(replies == ["收到，謝謝！", "second ]]> & <reply>"])
        #expect(rows[0].children("REPLY_SMS").isEmpty)

        // The same batch is not an MMS batch.
        let mms = try await SOAPWire.call(sandbox, "getMMSDeliveryStatus", [("sessionKey", key), ("batchID", batch), ("pageNo", "1")], service: "MMS.asmx")
        #expect(try XMLTree.parse(Data(mms.utf8)).child("GET_DELIVERY_STATUS")?.attribute("COUNT") == "0")
        #expect(try await SOAPWire.call(sandbox, "getDeliveryStatus", [("sessionKey", key), ("batchID", batch), ("pageNo", "x")]) == "-1,參數錯誤:pageNo")
    }

    @Test("eraseBooking: a,b; empty when nothing is found; -4 when nothing is still booked")
    func eraseBooking() async throws {
        let sandbox = E8D.sandbox()
        let key = try await SOAPWire.connect(sandbox)
        let line = try await SOAPWire.call(sandbox, "sendSMS", [
            ("sessionKey", key), ("subject", ""), ("content", "later"), ("mobile", "0912345670,0912345671"), ("sendTime", "20250301100000"),
        ])
        let batch = E8D.fields(line)[4]
        let unknown = try await sandbox.send(SOAPWire.request("eraseBooking", [("sessionKey", key), ("batchID", "no-such-batch")]))
        #expect(String(decoding: unknown.body, as: UTF8.self).contains("<eraseBookingResult />"))
        #expect(try SOAPWire.result(unknown, "eraseBooking") == "")
        #expect(try await SOAPWire.call(sandbox, "eraseMMSBooking", [("sessionKey", key), ("batchID", batch)]) == "")
        #expect(try await SOAPWire.call(sandbox, "eraseBooking", [("sessionKey", key), ("batchID", batch)]) == "2,2.00")
        #expect(try await SOAPWire.call(sandbox, "eraseBooking", [("sessionKey", key), ("batchID", batch)]).hasPrefix("-4,"))
        #expect(try await SOAPWire.call(sandbox, "getCredit", [("sessionKey", key)]) == "1000.00")
    }

    @Test("sendParamSMS reads contentXML: CDATA split at ]]>, escaped attributes, per-user SENDTIME")
    func sendParam() async throws {
        let sandbox = E8D.sandbox()
        let key = try await SOAPWire.connect(sandbox)
        let content = #"<REPS><USER NAME="A &amp; &quot;B&quot;" MOBILE="+886912345670" EMAIL="" SENDTIME=""><![CDATA[x]]]]><![CDATA[>y <&>]]></USER>"#
            + #"<USER NAME="" MOBILE="0912345671" EMAIL="e@x.test" SENDTIME="20250301100000"><![CDATA[中文]]></USER></REPS>"#
        let line = try await SOAPWire.call(sandbox, "sendParamSMS", [("sessionKey", key), ("subject", "p"), ("contentXML", content), ("sendTime", "")])
        let batch = try #require(await sandbox.state.batch(id: E8D.fields(line)[4]))
        #expect(batch.endpoint == "SMS.asmx/sendParamSMS")
        #expect(batch.messages.map(\.text) == ["x]]>y <&>", "中文"])
        #expect(batch.messages.map(\.name) == ["A & \"B\"", ""])
        #expect(batch.messages.map(\.email) == ["", "e@x.test"])
        #expect(batch.messages[0].scheduledAt == nil)
        #expect(batch.messages[1].scheduledAt == TaiwanTime.parse("20250301100000"))

        let broken = try await SOAPWire.call(sandbox, "sendParamSMS", [("sessionKey", key), ("subject", ""), ("contentXML", "<REPS><USER>"), ("sendTime", "")])
        #expect(broken == "-1,參數錯誤:contentXML")
        let empty = try await SOAPWire.call(sandbox, "sendParamSMS", [("sessionKey", key), ("subject", ""), ("contentXML", "<REPS></REPS>"), ("sendTime", "")])
        #expect(empty.hasPrefix("-27,"))
    }

    @Test("sendMMS on MMS.asmx: the attachment base64 then percent-encoded; a raw '+' breaks it; GIF refused")
    func sendMMS() async throws {
        let sandbox = E8D.sandbox()
        let key = try await SOAPWire.connect(sandbox)
        let picture = Data([0xFF, 0xD8, 0xFF, 0xFB, 0xEF, 0xBE, 0x00])
        let base64 = picture.base64EncodedString()
        #expect(base64.contains("+"))
        func send(_ attachment: String, type: String = "jpg") async throws -> String {
            try await SOAPWire.call(sandbox, "sendMMS", [
                ("sessionKey", key), ("subject", "週年慶"), ("content", "全館 5 折"), ("mobile", "0912345670"), ("sendTime", ""),
                ("retryTime", ""), ("attachment", attachment), ("type", type),
            ], service: "MMS.asmx")
        }
        let line = try await send(FormEncoding.percentEncode(base64))
        let batch = try #require(await sandbox.state.batch(id: E8D.fields(line)[4]))
        #expect(batch.kind == .mms)
        #expect(batch.endpoint == "MMS.asmx/sendMMS")
        #expect(batch.attachment == Every8DSandboxAttachment(type: "jpg", byteCount: picture.count))
        #expect(E8D.fields(line)[2] == "3")
        #expect(try await send(base64) == "-1,參數錯誤:ATTACHMENT")
        #expect(try await send(FormEncoding.percentEncode(base64), type: "gif") == "-1,參數錯誤:type")
        let mms = try await SOAPWire.call(sandbox, "getMMSDeliveryStatus", [("sessionKey", key), ("batchID", batch.id), ("pageNo", "1")], service: "MMS.asmx")
        #expect(mms.contains("<STATUS>700</STATUS>"))
    }

    @Test("SOAP 1.2: application/soap+xml in and out, the action parameter optional but checked")
    func soap12() async throws {
        let sandbox = E8D.sandbox()
        let answer = try await sandbox.send(SOAPWire.request("getConnection", [("userID", "sandbox"), ("password", "sandbox-password")], version: .soap12))
        #expect(answer.headers["Content-Type"] == "application/soap+xml; charset=utf-8")
        #expect(String(decoding: answer.body, as: UTF8.self).contains(#"xmlns:soap="http://www.w3.org/2003/05/soap-envelope""#))
        #expect(try SOAPWire.result(answer, "getConnection").contains("<CODE>0</CODE>"))

        let noAction = SOAPWire.raw(SOAPWire.envelope("getCredit", [("sessionKey", "x")], version: .soap12), action: nil, version: .soap12)
        #expect(try SOAPWire.result(try await sandbox.send(noAction), "getCredit").hasPrefix("-301,"))
        let wrongAction = SOAPWire.raw(SOAPWire.envelope("getCredit", [("sessionKey", "x")], version: .soap12), action: "sendSMS", version: .soap12)
        let fault = try SOAPWire.fault(try await sandbox.send(wrongAction))
        #expect(fault.code == "soap:Sender")
    }

    @Test("faults: unreadable envelopes, unknown or mismatched actions, missing parameters, the other version")
    func faults() async throws {
        let sandbox = E8D.sandbox()
        let credit = SOAPWire.envelope("getCredit", [("sessionKey", "k")])
        let cases: [(TransportRequest, String, String)] = [
            (SOAPWire.raw("<soap:Envelope", action: "getCredit"), "soap:Client", "Server was unable to read request"),
            (SOAPWire.raw("<x/>", action: "getCredit"), "soap:Client", "Server was unable to read request"),
            (SOAPWire.raw(credit, action: nil), "soap:Client", "Server did not recognize the value of HTTP Header SOAPAction: ."),
            (SOAPWire.raw(credit, action: "sendSMS"), "soap:Client", "SOAPAction: http://tempuri.org/sendSMS."),
            (SOAPWire.raw(SOAPWire.envelope("getBalance", []), action: "getBalance"), "soap:Client", "SOAPAction: http://tempuri.org/getBalance."),
            (SOAPWire.request("sendSMS", [("sessionKey", "k"), ("subject", "")]), "soap:Client", "The parameter content of sendSMS is missing."),
            (SOAPWire.raw(credit.replacingOccurrences(of: "http://tempuri.org/", with: "http://example.com/"), action: "getCredit"),
             "soap:Client", "is not in the namespace"),
            (SOAPWire.raw(SOAPWire.envelope("getCredit", [("sessionKey", "k")], version: .soap12), action: "getCredit"),
             "soap:VersionMismatch", "Possible SOAP version mismatch"),
            (SOAPWire.request("getCredit", [("sessionKey", "k")], service: "MMS.asmx"), "soap:Client", "SOAPAction: http://tempuri.org/getCredit."),
            (SOAPWire.raw(#"<!DOCTYPE x [<!ENTITY a "b">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"/>"#, action: "getCredit"),
             "soap:Client", "Server was unable to read request"),
        ]
        for (request, code, reason) in cases {
            let response = try await sandbox.send(request)
            let fault = try SOAPWire.fault(response)
            #expect(fault.code == code, "\(String(decoding: request.body, as: UTF8.self))")
            #expect(fault.reason.contains(reason), "\(fault.reason)")
        }
        let fault12 = try SOAPWire.fault(try await sandbox.send(SOAPWire.raw("garbage", action: "getCredit", version: .soap12)))
        #expect(fault12.code == "soap:Sender")

        var json = SOAPWire.request("getCredit", [("sessionKey", "k")])
        json.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        #expect(try await sandbox.send(json).status == 415)
        var get = SOAPWire.request("getCredit", [("sessionKey", "k")])
        get.method = .get
        #expect(try await sandbox.send(get).status == 405)
        let elsewhere = TransportRequest(method: .post, url: E8D.site.appendingPathComponent("API21/SOAP/Other.asmx"))
        #expect(try await sandbox.send(elsewhere).status == 404)
        #expect(await sandbox.state.acceptedSendCount == 0)
    }

    @Test("injected faults work on SOAP methods by name, and the log records them")
    func injectedFaults() async throws {
        let sandbox = E8D.sandbox()
        let key = try await SOAPWire.connect(sandbox)
        let send = SOAPWire.request("sendSMS", [("sessionKey", key), ("subject", ""), ("content", "x"), ("mobile", "0912345670"), ("sendTime", "")])
        await sandbox.network.enqueueFault(.connectionDropped, endpoint: "SMS.asmx/sendSMS")
        await #expect(throws: TransportError.self) { try await sandbox.send(send) }
        #expect(await sandbox.state.acceptedSendCount == 1)
        await sandbox.network.enqueueFault(.connectionRefused, endpoint: "SMS.asmx/sendSMS")
        await #expect(throws: TransportError.self) { try await sandbox.send(send) }
        #expect(await sandbox.state.acceptedSendCount == 1)
        await sandbox.network.enqueueFault(.internalServerError, endpoint: "SMS.asmx/getCredit")
        #expect(try await sandbox.send(SOAPWire.request("getCredit", [("sessionKey", key)])).status == 500)
        await sandbox.network.enqueueFault(.expiredToken)
        #expect(try await SOAPWire.call(sandbox, "getCredit", [("sessionKey", key)]).hasPrefix("-301,"))
        let endpoints = await sandbox.network.requests().map(\.endpoint)
        #expect(endpoints == ["SMS.asmx/getConnection", "SMS.asmx/sendSMS", "SMS.asmx/sendSMS", "SMS.asmx/getCredit", "SMS.asmx/getCredit"])
        #expect(await sandbox.network.requestCount(endpoint: "SMS.asmx/sendSMS") == 2)
    }

    @Test("one state behind both APIs: a SOAP send shows in an HTTP report, and SMSSandbox routes SOAP paths")
    func sharedState() async throws {
        let sandbox = SMSSandbox(clock: SandboxClock(taiwanTime: E8D.start)!)
        let key = try await SOAPWire.connect(sandbox)
        let line = try await SOAPWire.call(sandbox, "sendSMS", [
            ("sessionKey", key), ("subject", ""), ("content", "both"), ("mobile", "0912345670"), ("sendTime", ""),
        ])
        let batch = E8D.fields(line)[4]
        let tab = try await E8D.deliveryPage(sandbox.every8d, batch: batch)
        #expect(E8D.tabRows(tab).first?[1] == "+886912345670")
        let soapOnly = Every8DSOAPSandbox(state: sandbox.every8d.state)
        #expect(try await SOAPWire.call(soapOnly, "getCredit", [("sessionKey", key)]) == "999.00")
        #expect(try await sandbox.every8d.send(E8D.form("GetCredit.ashx", E8D.auth)).body == Data("999.00".utf8))
    }
}
