import Foundation
import Testing
@_spi(SMSInternals) import OmiCard

@Suite("OmiCardResponseParser")
struct ResponseParserTests {
    static func parse(_ text: String, contentType: String = "text/plain; charset=utf-8") throws -> OmiCardResponse {
        try OmiCardResponseParser.parse(Data(text.utf8), headers: ["Content-Type": contentType])
    }

    static func names(_ response: OmiCardResponse) -> [String] { response.fields.map(\.name) }

    // MARK: XML

    @Test("XML with child elements, declaration and indentation")
    func xmlChildren() throws {
        let response = try Self.parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <Response>
              <ErrorCode>0</ErrorCode>
              <ErrorMsg></ErrorMsg>
              <LaunchID>123</LaunchID>
            </Response>
            """, contentType: "text/xml")
        #expect(response.format == .xml)
        #expect(Self.names(response) == ["ErrorCode", "ErrorMsg", "LaunchID"])
        #expect(response.errorCode.rawValue == 0)
        #expect(response.isSuccess)
        #expect(response.errorMessage == "")
        #expect(try OmiCardResponseParser.smsLaunch(from: response).launchID == "123")
    }

    @Test("XML names in any case, self-closing empty ErrorMsg, padded values and extra fields kept in order")
    func xmlOddCasing() throws {
        let response = try Self.parse("<RESULT><errorcode> 0 </errorcode><ERRORMSG/><launchId>\n 77 \n</launchId><UserID>u1</UserID><JobID>j9</JobID></RESULT>")
        #expect(response.errorCode.rawValue == 0)
        #expect(response["ERRORCODE"] == "0")
        #expect(response["LaunchID"] == "77")
        #expect(response["errormsg"] == "")
        #expect(Self.names(response) == ["errorcode", "ERRORMSG", "launchId", "UserID", "JobID"])
        #expect(response["jobid"] == "j9")
        #expect(response["CustomerID"] == nil)
    }

    @Test("XML with the fields as attributes")
    func xmlAttributes() throws {
        let response = try Self.parse(#"<Result LaunchID="5" ErrorMsg="" errorCode="0"/>"#)
        #expect(Self.names(response) == ["ErrorMsg", "LaunchID", "errorCode"])
        #expect(response["launchid"] == "5")
        #expect(response.errorCode.rawValue == 0)
    }

    @Test("XML with fields nested at any depth, CDATA included")
    func xmlNested() throws {
        let response = try Self.parse("<Root><Head><ErrorCode>102</ErrorCode></Head><Body><ErrorMsg><![CDATA[Incorrect <Request>]]></ErrorMsg></Body></Root>")
        #expect(response.errorCode == .incorrectRequest)
        #expect(response.errorMessage == "Incorrect <Request>")
    }

    @Test("a lone ErrorCode element is a whole answer")
    func xmlLoneElement() throws {
        #expect(try Self.parse("<ErrorCode>1000</ErrorCode>").errorCode == .noLicence)
    }

    @Test("XML in UTF-16LE with a BOM whose declaration says utf-16")
    func xmlUTF16WithBOM() throws {
        let text = "<?xml version=\"1.0\" encoding=\"utf-16\"?><Response><ErrorCode>0</ErrorCode><ErrorMsg>完成</ErrorMsg><LaunchID>8</LaunchID></Response>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let response = try OmiCardResponseParser.parse(Data(bytes), headers: ["Content-Type": "text/xml; charset=utf-16"])
        #expect(response.errorMessage == "完成")
        #expect(response["LaunchID"] == "8")
    }

    @Test("UTF-16LE without a BOM labelled utf-16 (ASP.NET's \"Unicode\"), and UTF-16BE with one")
    func utf16WithoutBOM() throws {
        let text = "<Response><ErrorCode>0</ErrorCode><ErrorMsg>簡訊</ErrorMsg></Response>"
        var little: [UInt8] = []
        var big: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 {
            little += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            big += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        #expect(try OmiCardResponseParser.parse(Data(little), headers: ["Content-Type": "text/xml; charset=utf-16"]).errorMessage == "簡訊")
        #expect(try OmiCardResponseParser.parse(Data(little), headers: [:]).errorMessage == "簡訊")
        #expect(try OmiCardResponseParser.parse(Data(big), headers: ["Content-Type": "text/xml"]).errorMessage == "簡訊")
    }

    // MARK: CSV

    @Test("CSV as a header line and a value line, CRLF, empty ErrorMsg")
    func csvHeaderForm() throws {
        let response = try Self.parse("ErrorCode,ErrorMsg,LaunchID\r\n0,,123\r\n", contentType: "text/csv")
        #expect(response.format == .csv)
        #expect(response.fields == [.init(name: "ErrorCode", value: "0"), .init(name: "ErrorMsg", value: ""), .init(name: "LaunchID", value: "123")])
        #expect(response.additionalRecords.isEmpty)
    }

    @Test("CSV as name,value lines, odd casing, no final line end")
    func csvPairForm() throws {
        let response = try Self.parse("LAUNCHID,123\nerrorcode,0\nErrorMSG,")
        #expect(response.fields == [.init(name: "LAUNCHID", value: "123"), .init(name: "errorcode", value: "0"), .init(name: "ErrorMSG", value: "")])
        #expect(response["LaunchID"] == "123")
        #expect(response.errorCode.rawValue == 0)
    }

    @Test("a two-column header line is not mistaken for name,value lines")
    func csvTwoColumnHeader() throws {
        let response = try Self.parse("ErrorCode,ErrorMsg\n102,Incorrect Request\n")
        #expect(response.errorCode == .incorrectRequest)
        #expect(response.errorMessage == "Incorrect Request")
    }

    @Test("CSV with quoted commas, extra columns and a value line longer than the header")
    func csvExtras() throws {
        let response = try Self.parse("ErrorCode,ErrorMsg,LaunchID,CustomerID\n100,\"Exception, at line 3\",,c1,surplus\n")
        #expect(response.errorCode == .exception)
        #expect(response.errorMessage == "Exception, at line 3")
        #expect(Self.names(response) == ["ErrorCode", "ErrorMsg", "LaunchID", "CustomerID", "_5"])
        #expect(response["_5"] == "surplus")
    }

    @Test("CSV with several value lines keeps the others")
    func csvSeveralRecords() throws {
        let response = try Self.parse("ErrorCode,EmailOpenStatus\n0,2025-01-01 10:00:00\n0,2025-01-02 11:00:00\n")
        #expect(response["EmailOpenStatus"] == "2025-01-01 10:00:00")
        #expect(response.additionalRecords.count == 1)
        #expect(response.additionalRecords[0][1].value == "2025-01-02 11:00:00")
    }

    @Test("a query-string answer")
    func queryString() throws {
        let response = try Self.parse("ErrorCode=0&ErrorMsg=&LaunchID=5&UserID=a%2Bb")
        #expect(response.format == .queryString)
        #expect(response["LaunchID"] == "5")
        #expect(response["UserID"] == "a+b")
    }

    // MARK: Downloads and HTTP

    @Test("a file download keeps its name and bytes and is read like any answer")
    func attachment() throws {
        let body = Data("ErrorCode,ErrorMsg,LaunchID\n0,,321\n".utf8)
        let response = try OmiCardResponseParser.parse(body, headers: [
            "Content-Type": "application/octet-stream", "Content-Disposition": "attachment; filename=\"result.csv\"",
        ])
        #expect(response.attachment == OmiCardResponse.Attachment(fileName: "result.csv", data: body))
        #expect(response.format == .csv)
        #expect(response["LaunchID"] == "321")
        let xml = try OmiCardResponseParser.parse(Data("<R><ErrorCode>0</ErrorCode></R>".utf8), headers: [
            "Content-Disposition": "ATTACHMENT; filename=r.xml; filename*=UTF-8''%E7%B5%90%E6%9E%9C.xml",
        ])
        #expect(xml.attachment?.fileName == "結果.xml")
        #expect(xml.format == .xml)
        let inline = try OmiCardResponseParser.parse(Data("<R><ErrorCode>0</ErrorCode></R>".utf8), headers: ["Content-Disposition": "inline"])
        #expect(inline.attachment == nil)
    }

    @Test("a redirect's Location query is read when it carries ErrorCode")
    func redirectLocation() throws {
        let response = try OmiCardResponseParser.parse(TransportResponse(
            status: 302, headers: ["Location": "https://example.com/ok?ErrorCode=0&ErrorMsg=&LaunchID=44#top"]))
        #expect(response.format == .queryString)
        #expect(response["LaunchID"] == "44")
        #expect(throws: HTTPStatusError.self) {
            try OmiCardResponseParser.parse(TransportResponse(status: 302, headers: ["Location": "https://example.com/thanks"]))
        }
    }

    @Test("a status outside 2xx is an HTTPStatusError, whatever the body")
    func httpStatus() throws {
        let error = #expect(throws: HTTPStatusError.self) {
            try OmiCardResponseParser.parse(TransportResponse(status: 500, body: Data("<R><ErrorCode>0</ErrorCode></R>".utf8)))
        }
        #expect(error?.status == 500)
    }

    // MARK: Unreadable

    @Test("answers without a readable ErrorCode are parse errors",
          arguments: ["", "   \r\n", "<Response><LaunchID>1</LaunchID></Response>", "LaunchID,ErrorMsg\n1,\n",
                      "ErrorCode,ErrorMsg\n", "<Response><ErrorCode>zero</ErrorCode></Response>", "ErrorCode,1.5\n",
                      "<html><body>Server Error</body></html>", "<Response><ErrorCode>0</ErrorCode>",
                      "<!DOCTYPE r [<!ENTITY x \"y\">]><r><ErrorCode>0</ErrorCode></r>", "just text", "ErrorCode,\"0\n"])
    func unreadable(_ body: String) {
        #expect(throws: ResponseParseError.self) { try Self.parse(body) }
    }

    @Test("parse errors carry a redacted body preview")
    func parseErrorPreview() {
        let error = #expect(throws: ResponseParseError.self) {
            try OmiCardResponseParser.parse(Data("<R><ManagerPassword>hunter2</ManagerPassword><Note>secret-value</Note></R>".utf8),
                                            headers: [:], secrets: ["secret-value"])
        }
        #expect(error?.bodyPreview.contains("hunter2") == false)
        #expect(error?.bodyPreview.contains("secret-value") == false)
        #expect(error?.bodyPreview.contains("<R>") == true)
    }

    // MARK: Error codes

    @Test("every documented ErrorCode, and an unknown one, becomes an OmiCardError",
          arguments: [(100, "Exception", OmiCardError.Code.exception), (102, "Incorrect Request", .incorrectRequest),
                      (110, "Data is not found", .notFound), (111, "Incorrect JobType", .incorrectJobType),
                      (1000, "No Licence at Page", .noLicence), (7, "", OmiCardError.Code(rawValue: 7))])
    func errorCodes(_ number: Int, message: String, code: OmiCardError.Code) throws {
        let response = try Self.parse("<Response><ErrorCode>\(number)</ErrorCode><ErrorMsg>\(message)</ErrorMsg></Response>")
        let error = #expect(throws: OmiCardError.self) { try OmiCardResponseParser.smsLaunch(from: response) }
        #expect(error?.code == code)
        #expect(error?.code.rawValue == number)
        #expect(error?.message == message)
        #expect(error?.operation == "SMS.aspx")
        if number == 7 {
            #expect(error?.code.meaning == nil)
            #expect(error?.description == "SMS.aspx: OMICard error 7")
        } else {
            #expect(error?.code.meaning != nil)
            #expect(error?.description.contains(message) == true)
        }
        let statusError = #expect(throws: OmiCardError.self) {
            try OmiCardResponseParser.recipientStatus(from: response, launchID: "1", query: .smsNumber("0912345678"))
        }
        #expect(statusError?.operation == "Status.aspx")
    }

    @Test("error descriptions name the code and its meaning")
    func errorDescription() {
        let error = OmiCardError(code: .notFound, message: "Data is not found", operation: "Status.aspx")
        #expect(error.description == "Status.aspx: OMICard error 110 (data not found (or not yours)): Data is not found")
        #expect(OmiCardError.Code.incorrectRequest.description == "102 (incorrect request)")
    }

    @Test("a success without LaunchID is a parse error for a send")
    func successWithoutLaunchID() throws {
        let response = try Self.parse("ErrorCode,ErrorMsg,LaunchID\n0,,\n")
        #expect(throws: ResponseParseError.self) { try OmiCardResponseParser.smsLaunch(from: response) }
    }
}
