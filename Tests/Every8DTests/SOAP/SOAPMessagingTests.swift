import Foundation
import Testing
@testable import Every8D

@Suite("Every8DMessaging: one protocol for both clients")
struct SOAPMessagingTests {
    /// Code written once against the protocol.
    static func sendAndRead(_ gateway: any Every8DMessaging) async throws -> (SendReceipt, Decimal, DeliveryPage) {
        let receipt = try await gateway.sendSMS(to: ["0912345678"], text: "hi", subject: "", at: nil, validity: nil, eventID: nil)
        let credit = try await gateway.credit()
        let page = try await gateway.deliveryReportPage(batch: receipt.batchID, page: 1)
        return (receipt, credit, page)
    }

    @Test("the same code drives the HTTP and the SOAP client to the same results")
    func sameResults() async throws {
        let log = "<SMS_LOG><CODE>0</CODE><GET_DELIVERY_STATUS COUNT=\"1\"><SMS><NAME/><MOBILE>+886912345678</MOBILE>"
            + "<SENT_TIME>2024/01/15 12:00:00</SENT_TIME><COST>1.00</COST><STATUS>100</STATUS></SMS></GET_DELIVERY_STATUS></SMS_LOG>"
        let json = #"{"SMS_COUNT":1,"BID":"b","DATA":[{"NAME":"","MOBILE":"+886912345678","SEND_TIME":"2024-01-15 12:00:00","COST":"1.00","STATUS":"100"}]}"#
        let soap = SOAPFixture.client(SOAPFixture.transport(["sendSMS": SOAPFixture.receipt, "getCredit": "1229.00", "getDeliveryStatus": log]))
        let httpTransport = RecordingTransport(routes: [
            "ConnectionHandler.ashx": { _ in .token(Fixture.token) },
            "SendSMS.ashx": { _ in .ok(SOAPFixture.receipt) },
            "GetCredit.ashx": { _ in .ok("1229.00") },
            "GetDeliveryStatus.ashx": { _ in .json(json) },
        ])
        let http = Fixture.tokenClient(httpTransport)

        let viaSOAP = try await Self.sendAndRead(soap)
        let viaHTTP = try await Self.sendAndRead(http)
        #expect(viaSOAP.0 == viaHTTP.0)
        #expect(viaSOAP.1 == viaHTTP.1)
        #expect(viaSOAP.2.reports == viaHTTP.2.reports)
        // The HTTP client's protocol methods use its default format, JSON.
        let request = try #require(httpTransport.requests(to: "GetDeliveryStatus.ashx").first)
        #expect(request.bodyText.hasSuffix("RESPFORMAT=1"))
    }

    @Test("the HTTP client's protocol methods are its own with the default format")
    func httpWitnesses() async throws {
        let transport = RecordingTransport { request, _ in
            if request.url.path.hasSuffix("ConnectionHandler.ashx") { return .token(Fixture.token) }
            return .json(#"{"SMS_COUNT":0,"BID":"b"}"#)
        }
        let client: any Every8DMessaging = Fixture.tokenClient(transport)
        _ = try await client.deliveryReportPage(batch: "b", page: 2)
        _ = try await client.deliveryReportPage(batch: "b", page: 3, kind: .mms)
        for try await _ in client.deliveryReports(batch: "b") {}
        for try await _ in client.deliveryReports(batch: "b", kind: .mms) {}
        let bodies = transport.requests.filter { !$0.url.path.hasSuffix("ConnectionHandler.ashx") }.map(\.bodyText)
        #expect(bodies == ["BID=b&PNO=2&RESPFORMAT=1", "BID=b&PNO=3&RESPFORMAT=1", "BID=b&PNO=1&RESPFORMAT=1", "BID=b&PNO=1&RESPFORMAT=1"])
        #expect(transport.requests.filter { $0.url.path.hasSuffix("MMS/GetDeliveryStatus.ashx") }.count == 2)
    }

    @Test("delivery reports walk the SOAP pages until the count is reached")
    func soapPaging() async throws {
        @Sendable func page(_ rows: Range<Int>, total: Int) -> String {
            var xml = "<SMS_LOG><CODE>0</CODE><GET_DELIVERY_STATUS COUNT=\"\(total)\">"
            for row in rows {
                xml += "<SMS><NAME>n\(row)</NAME><MOBILE>+88691234\(String(format: "%04d", row))</MOBILE><SENT_TIME>2024/1/15 12:00:00</SENT_TIME>"
                    + "<COST>1.00</COST><STATUS>100</STATUS></SMS>"
            }
            return xml + "</GET_DELIVERY_STATUS></SMS_LOG>"
        }
        let transport = RecordingTransport { request, _ in
            let method = SOAPFixture.method(of: request)
            if method == "getConnection" { return SOAPFixture.answer(method, SOAPFixture.connection()) }
            let pageNo = try SOAPFixture.parameters(of: request)["pageNo"]
            return SOAPFixture.answer(method, pageNo == "1" ? page(0..<3, total: 5) : page(3..<5, total: 5))
        }
        var names: [String] = []
        for try await report in SOAPFixture.client(transport).deliveryReports(batch: "b", kind: .mms) { names.append(report.name) }
        #expect(names == ["n0", "n1", "n2", "n3", "n4"])
        let pages = try transport.requests.filter { SOAPFixture.method(of: $0) == "getMMSDeliveryStatus" }.map { try SOAPFixture.parameters(of: $0)["pageNo"] }
        #expect(pages == ["1", "2"])
    }

    @Test("a template send is the personalized send of the filled-in texts")
    func templateSend() async throws {
        let transport = SOAPFixture.transport(["sendParamSMS": SOAPFixture.receipt])
        try await SOAPFixture.client(transport).sendTemplateSMS(
            template: "%field1% 您好，取件碼 %field2%", recipients: [.init(mobile: "0912345678", values: ["小明", "A&1"], name: "小明")])
        let parameters = try SOAPFixture.parameters(of: try #require(transport.requests.last))
        #expect(parameters["contentXML"] == #"<REPS><USER NAME="小明" MOBILE="+886912345678" EMAIL="" SENDTIME=""><![CDATA[小明 您好，取件碼 A&1]]></USER></REPS>"#)
    }
}
