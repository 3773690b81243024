import Foundation
import Testing
@_spi(SMSInternals) @testable import Every8D

@Suite("Every8DSOAPClient reads real-looking answers")
struct SOAPResponseParsingTests {
    /// A getDeliveryStatus answer as ASMX writes it: the log escaped inside the result, values
    /// padded with spaces, an unpadded date, two replies on one row, none on the other.
    static let deliveryEnvelope = """
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
          <soap:Body>
            <getDeliveryStatusResponse xmlns="http://tempuri.org/">
              <getDeliveryStatusResult>&lt;?xml version="1.0" encoding="utf-16"?&gt;
        &lt;SMS_LOG&gt;
          &lt;CODE&gt;0&lt;/CODE&gt;
          &lt;DESCRIPTION&gt;發送狀態查詢成功&lt;/DESCRIPTION&gt;
          &lt;GET_DELIVERY_STATUS COUNT="1230"&gt;
            &lt;SMS&gt;
              &lt;NAME&gt;Roger&lt;/NAME&gt;
              &lt;MOBILE&gt;+886921859698       &lt;/MOBILE&gt;
              &lt;SENT_TIME&gt;2010/3/20 03:27:50&lt;/SENT_TIME&gt;
              &lt;COST&gt;1.00&lt;/COST&gt;
              &lt;STATUS&gt;100&lt;/STATUS&gt;
              &lt;REPLY_SMS&gt;
                &lt;REPLY_TIME&gt;2010/03/23 12:05:09 &lt;/REPLY_TIME&gt;
                &lt;MESSAGE&gt;&lt;![CDATA[回覆簡訊 &amp; &lt;ok&gt;]]&gt;&lt;/MESSAGE&gt;
              &lt;/REPLY_SMS&gt;
              &lt;REPLY_SMS&gt;
                &lt;REPLY_TIME&gt;2010/3/23 13:00:00&lt;/REPLY_TIME&gt;
                &lt;MESSAGE&gt;&lt;![CDATA[第二則]]&gt;&lt;/MESSAGE&gt;
              &lt;/REPLY_SMS&gt;
            &lt;/SMS&gt;
            &lt;SMS&gt;
              &lt;NAME&gt;&lt;/NAME&gt;
              &lt;MOBILE&gt;+886933123123       &lt;/MOBILE&gt;
              &lt;SENT_TIME&gt;2010/03/20 03:27:51&lt;/SENT_TIME&gt;
              &lt;COST&gt;  2.00 &lt;/COST&gt;
              &lt;STATUS&gt; 101 &lt;/STATUS&gt;
            &lt;/SMS&gt;
          &lt;/GET_DELIVERY_STATUS&gt;
        &lt;/SMS_LOG&gt;</getDeliveryStatusResult>
            </getDeliveryStatusResponse>
          </soap:Body>
        </soap:Envelope>
        """

    @Test("a delivery log: padded values trimmed, unpadded dates, replies kept per row, count kept")
    func deliveryLog() async throws {
        let transport = RecordingTransport { request, _ in
            if SOAPFixture.method(of: request) == "getConnection" { return SOAPFixture.answer("getConnection", SOAPFixture.connection()) }
            return .ok(Self.deliveryEnvelope, contentType: "text/xml; charset=utf-8")
        }
        let page = try await SOAPFixture.client(transport).deliveryReportPage(batch: Fixture.batchID)

        #expect(page.totalCount == 1230)
        #expect(page.reports.count == 2)
        let first = try #require(page.reports.first)
        #expect(first.name == "Roger")
        #expect(first.mobile == "+886921859698")
        #expect(first.sentAt == TaiwanTime.makeDate(year: 2010, month: 3, day: 20, hour: 3, minute: 27, second: 50))
        #expect(first.cost == Decimal(string: "1.00"))
        #expect(first.status == .delivered)
        #expect(first.replies == [
            .init(receivedAt: TaiwanTime.makeDate(year: 2010, month: 3, day: 23, hour: 12, minute: 5, second: 9), text: "回覆簡訊 & <ok>"),
            .init(receivedAt: TaiwanTime.makeDate(year: 2010, month: 3, day: 23, hour: 13, minute: 0, second: 0), text: "第二則"),
        ])
        let second = page.reports[1]
        #expect(second.name == "")
        #expect(second.mobile == "+886933123123")
        #expect(second.cost == 2)
        #expect(second.status == .handsetUnreachable)
        #expect(second.replies.isEmpty)
    }

    @Test("a SOAP 1.2 answer reads the same")
    func soap12Answer() throws {
        let body = SOAPFixture.answer("getCredit", " 2310.00 ", version: .soap12).body
        let result = try Every8DSOAPResponseParser.result(body, method: "getCredit", operation: .soapCredit)
        #expect(result == " 2310.00 ")
        #expect(try Every8DResponseParser.credit(Data(result.utf8)) == Decimal(string: "2310.00"))
    }

    @Test("the result string is returned exactly: entities decoded, CDATA joined, whitespace kept")
    func resultExactness() throws {
        let body = Data("""
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>\
            <sendSMSResponse xmlns="http://tempuri.org/"><sendSMSResult> a&amp;b&#13;<![CDATA[<c>]]> </sendSMSResult>\
            </sendSMSResponse></soap:Body></soap:Envelope>
            """.utf8)
        #expect(try Every8DSOAPResponseParser.result(body, method: "sendSMS", operation: .soapSendSMS) == " a&b\r<c> ")
    }

    @Test("a response without a Result element (a null string) reads as empty")
    func nullResult() async throws {
        let body = SOAPFixture.answer("eraseBooking", nil).body
        #expect(try Every8DSOAPResponseParser.result(body, method: "eraseBooking", operation: .soapCancelBooking) == "")
        let selfClosing = Data(#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><eraseBookingResponse xmlns="http://tempuri.org/"><eraseBookingResult /></eraseBookingResponse></soap:Body></soap:Envelope>"#.utf8)
        #expect(try Every8DSOAPResponseParser.result(selfClosing, method: "eraseBooking", operation: .soapCancelBooking) == "")
    }

    @Test("empty answers mean nothing found: a cancel of 0 and 0, an empty delivery page")
    func emptyAnswers() async throws {
        let transport = SOAPFixture.transport(["eraseBooking": "", "eraseMMSBooking": "  ", "getDeliveryStatus": "", "getMMSDeliveryStatus": "\r\n"])
        let client = SOAPFixture.client(transport)
        #expect(try await client.cancelBooking(batch: Fixture.batchID) == CancelResult(cancelled: 0, refundedPoints: 0))
        #expect(try await client.cancelBooking(batch: Fixture.batchID, kind: .mms) == CancelResult(cancelled: 0, refundedPoints: 0))
        #expect(try await client.deliveryReportPage(batch: Fixture.batchID) == DeliveryPage(totalCount: 0, reports: []))
        #expect(try await client.deliveryReportPage(batch: Fixture.batchID, kind: .mms) == DeliveryPage(totalCount: 0, reports: []))
        var count = 0
        for try await _ in client.deliveryReports(batch: Fixture.batchID) { count += 1 }
        #expect(count == 0)
    }

    @Test("send results: five fields, the seed's four-field form, COST with a decimal point")
    func sendResults() async throws {
        for (answer, unsent) in [("1230.00,4,4.0,220478cc-8506-49b2-93b7-2505f651c12e", 0), ("4.0,1,1.0,2,220478cc-8506-49b2-93b7-2505f651c12e", 2)] {
            let transport = SOAPFixture.transport(["sendSMS": answer])
            let receipt = try await SOAPFixture.client(transport).sendSMS(to: ["0912345678"], text: "x")
            #expect(receipt.batchID == SOAPFixture.receiptBatch)
            #expect(receipt.unsent == unsent)
        }
        let transport = SOAPFixture.transport(["sendSMS": "1230.00,4,4.0,0,220478cc-8506-49b2-93b7-2505f651c12e"])
        let receipt = try await SOAPFixture.client(transport).sendSMS(to: ["0912345678"], text: "x")
        #expect(receipt == SendReceipt(credit: Decimal(string: "1230.00")!, sent: 4, cost: 4, unsent: 0, batchID: SOAPFixture.receiptBatch))
    }

    @Test("gateway errors in results are Every8DError with the code and the operation")
    func gatewayErrors() async throws {
        let transport = SOAPFixture.transport([
            "sendSMS": "-99,主機端發生不明錯誤，請與廠商窗口聯繫。", "getCredit": "-99, 錯誤",
            "eraseBooking": "-4,發送資料為刪除狀態或已經送出",
        ])
        let client = SOAPFixture.client(transport)
        let send = try await #require(throws: Every8DError.self) { try await client.sendSMS(to: ["0912345678"], text: "x") }
        #expect(send.code == .unknownError)
        #expect(send.operation == .soapSendSMS)
        #expect(send.message == "主機端發生不明錯誤，請與廠商窗口聯繫。")
        let credit = try await #require(throws: Every8DError.self) { try await client.credit() }
        #expect(credit.operation == .soapCredit)
        let cancel = try await #require(throws: Every8DError.self) { try await client.cancelBooking(batch: "b") }
        #expect(cancel.code == .bookingAlreadyErasedOrSent)
        // Reads are not repeated for a gateway error.
        #expect(transport.requests.filter { SOAPFixture.method(of: $0) == "getCredit" }.count == 1)
    }

    @Test("a delivery log with CODE other than 0 is the gateway's error")
    func deliveryLogError() async throws {
        let log = "<SMS_LOG><CODE>-3</CODE><DESCRIPTION>查無資料</DESCRIPTION></SMS_LOG>"
        let transport = SOAPFixture.transport(["getDeliveryStatus": log])
        let error = try await #require(throws: Every8DError.self) { try await SOAPFixture.client(transport).deliveryReportPage(batch: "x") }
        #expect(error.code == .batchNotFound)
        #expect(error.message == "查無資料")
        #expect(error.operation == .soapDeliveryStatus)
    }

    @Test("getConnection: the seed's layout, padding, a UTF-16 declaration, each failure code")
    func connectionResults() throws {
        let seed = """
            <?xml version="1.0" encoding="utf-16" ?>
            <SMS>
              <GET_CONNECTION>
                <CODE>0</CODE >
                <SESSION_KEY> e9df35fce357589a8e78c44c3e2abcdd</SESSION_KEY>
                <DESCRIPTION>取得連線成功</DESCRIPTION>
              </GET_CONNECTION>
            </SMS >
            """
        #expect(try Every8DSOAPResponseParser.sessionKey(seed) == SOAPFixture.sessionKey)
        let codes: [(Int, Every8DError.Code)] = [(-97, .systemBusy), (-100, .accountNotFound), (-101, .wrongPassword), (-999, .accountLocked)]
        for (number, code) in codes {
            let result = SOAPFixture.connection(code: number, key: "", description: "失敗 \(number)")
            let error = try #require(throws: Every8DError.self) { try Every8DSOAPResponseParser.sessionKey(result) }
            #expect(error.code == code)
            #expect(error.message == "失敗 \(number)")
            #expect(error.operation == .soapGetConnection)
        }
        #expect(throws: ResponseParseError.self) { try Every8DSOAPResponseParser.sessionKey(SOAPFixture.connection(key: "")) }
        #expect(throws: ResponseParseError.self) { try Every8DSOAPResponseParser.sessionKey("<SMS><GET_CONNECTION/></SMS>") }
        #expect(throws: ResponseParseError.self) { try Every8DSOAPResponseParser.sessionKey("not xml") }
        let text = try #require(throws: Every8DError.self) { try Every8DSOAPResponseParser.sessionKey("-97,系統忙碌中") }
        #expect(text.code == .systemBusy)
    }

    @Test("closeConnection results: 1 closed, -1 and -301 not, others refused")
    func closeResults() throws {
        #expect(try Every8DSOAPResponseParser.closeResult(" 1 "))
        #expect(try !Every8DSOAPResponseParser.closeResult("-1"))
        #expect(try !Every8DSOAPResponseParser.closeResult("-301,Session 資料不存在"))
        #expect(throws: Every8DError.self) { try Every8DSOAPResponseParser.closeResult("-99,x") }
        #expect(throws: ResponseParseError.self) { try Every8DSOAPResponseParser.closeResult("") }
        #expect(throws: ResponseParseError.self) { try Every8DSOAPResponseParser.closeResult("2") }
    }

    @Test("faults in SOAP 1.1 and 1.2, with HTTP 500, are Every8DSOAPFault, not HTTPStatusError")
    func faults() async throws {
        let faults: [(TransportResponse, String, Every8DSOAPFault.Kind, String)] = [
            (SOAPFixture.fault11("soap:Client", "Server did not recognize the value of HTTP Header SOAPAction: x."), "soap:Client", .sender,
             "Server did not recognize the value of HTTP Header SOAPAction: x."),
            (SOAPFixture.fault11("soap:Server", "Server was unable to process request. ---> boom\n   at X.Y()"), "soap:Server", .receiver,
             "Server was unable to process request. ---> boom\n   at X.Y()"),
            (SOAPFixture.fault12("soap:Sender", "Unable to handle request"), "soap:Sender", .sender, "Unable to handle request"),
            (SOAPFixture.fault12("soap:Receiver", "boom"), "soap:Receiver", .receiver, "boom"),
            (SOAPFixture.fault11("soap:VersionMismatch", "Possible SOAP version mismatch"), "soap:VersionMismatch", .versionMismatch,
             "Possible SOAP version mismatch"),
        ]
        for (response, code, kind, reason) in faults {
            let transport = RecordingTransport { request, _ in
                if SOAPFixture.method(of: request) == "getConnection" { return SOAPFixture.answer("getConnection", SOAPFixture.connection()) }
                return response
            }
            let client = Every8DSOAPClient(credentials: Fixture.credentials,
                                           configuration: SOAPFixture.configuration(readRetryPolicy: .none), transport: transport)
            let fault = try await #require(throws: Every8DSOAPFault.self) { try await client.credit() }
            #expect(fault.code == code)
            #expect(fault.kind == kind)
            #expect(fault.reason == reason)
            #expect(fault.operation == .soapCredit)
            #expect(fault.isRequestRefused == (kind != .receiver))
            #expect(!fault.description.contains("\n"))
        }
    }

    @Test("fault kinds from fault codes")
    func faultKinds() {
        #expect(Every8DSOAPFault.Kind(faultCode: "soap:Client") == .sender)
        #expect(Every8DSOAPFault.Kind(faultCode: "Client.Authentication") == .sender)
        #expect(Every8DSOAPFault.Kind(faultCode: "soap12:Sender") == .sender)
        #expect(Every8DSOAPFault.Kind(faultCode: "Server") == .receiver)
        #expect(Every8DSOAPFault.Kind(faultCode: "env:Receiver") == .receiver)
        #expect(Every8DSOAPFault.Kind(faultCode: "soap:MustUnderstand") == .mustUnderstand)
        #expect(Every8DSOAPFault.Kind(faultCode: "soap:Odd").rawValue == "Odd")
        #expect(Every8DSOAPFault(code: "c", reason: String(repeating: "x", count: 5000), operation: .soapCredit).reason.count
            == Every8DSOAPFault.reasonLimit + 1)
    }

    @Test("a read is repeated after a receiver fault, not after a sender fault")
    func faultRetries() async throws {
        for (fault, attempts) in [(SOAPFixture.fault11("soap:Server", "busy"), 3), (SOAPFixture.fault11("soap:Client", "bad"), 1)] {
            let transport = RecordingTransport { request, _ in
                if SOAPFixture.method(of: request) == "getConnection" { return SOAPFixture.answer("getConnection", SOAPFixture.connection()) }
                return fault
            }
            await #expect(throws: Every8DSOAPFault.self) { try await SOAPFixture.client(transport).credit() }
            #expect(transport.requests.filter { SOAPFixture.method(of: $0) == "getCredit" }.count == attempts)
        }
    }

    @Test("HTTP errors without a fault stay HTTPStatusError; odd bodies are parse errors")
    func nonEnvelopes() async throws {
        let cases: [(TransportResponse, Bool)] = [
            (TransportResponse(status: 502, body: Data("<html>Bad Gateway</html>".utf8)), true),
            (.ok("<html><body>系統維護中</body></html>", contentType: "text/html"), false),
            (.ok("1000.00"), false),
            (.ok(#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><otherResponse/></soap:Body></soap:Envelope>"#), false),
            (.ok(#"<!DOCTYPE x [<!ENTITY a "b">]><soap:Envelope/>"#), false),
        ]
        for (response, isStatus) in cases {
            let transport = RecordingTransport { request, _ in
                if SOAPFixture.method(of: request) == "getConnection" { return SOAPFixture.answer("getConnection", SOAPFixture.connection()) }
                return response
            }
            let client = Every8DSOAPClient(credentials: Fixture.credentials,
                                           configuration: SOAPFixture.configuration(readRetryPolicy: .none), transport: transport)
            do {
                _ = try await client.credit()
                Issue.record("no error for \(response)")
            } catch let error as HTTPStatusError {
                #expect(isStatus)
                #expect(error.status == 502)
            } catch let error as ResponseParseError {
                #expect(!isStatus)
                #expect(!error.bodyPreview.isEmpty)
            }
        }
    }
}
