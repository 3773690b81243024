import Foundation
import Testing
import SMSSandbox

@Suite("OMICard sandbox: SMS.aspx")
struct OmiCardSMSTests {
    @Test("a GET with SMSList creates a job with an incrementing LaunchID, answered in XML")
    func getCreatesJob() async throws {
        let sandbox = OMI.sandbox()
        let response = try await sandbox.send(OMI.get("SMS.aspx", OMI.auth + [FormField("SMSList", "0912345670,0912345671"), FormField("Content", "您好 a+b")]))
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/xml; charset=utf-8")
        #expect(String(decoding: response.body, as: UTF8.self)
                == "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Response>\r\n  <ErrorCode>0</ErrorCode>\r\n  <ErrorMsg />\r\n  <LaunchID>1001</LaunchID>\r\n</Response>\r\n")
        #expect(try await OMI.launch(sandbox, numbers: ["0912345672"]) == 1002)
        let job = try #require(await sandbox.state.job(launchID: 1001))
        #expect(job.recipients.map(\.number) == ["+886912345670", "+886912345671"])
        #expect(job.recipients.map(\.text) == ["您好 a+b", "您好 a+b"])
        #expect(job.loginName == "sandbox")
        #expect(!job.fields.contains { $0.name == "ManagerPassword" })
        #expect(await sandbox.state.acceptedJobCount == 2)
    }

    @Test("field names ignore case, page names too")
    func caseInsensitive() async throws {
        let sandbox = OMI.sandbox()
        var request = OMI.post("sms.ASPX", [FormField("managerloginname", "sandbox"), FormField("MANAGERPASSWORD", "sandbox-password"),
                                            FormField("smslist", "0912345670"), FormField("content", "x")])
        request.url = URL(string: "https://host.example/any/prefix/sms.ASPX")!
        #expect(try await OMI.call(sandbox, request)["ErrorCode"] == "0")
    }

    @Test("credentials: missing 102, wrong 1000, unlicensed 1000; values are case-sensitive")
    func credentials() async throws {
        let sandbox = OMI.sandbox()
        await sandbox.state.addAccount(OmiCardSandboxAccount(loginName: "expired", password: "pw", licensed: false))
        let body = [FormField("SMSList", "0912345670"), FormField("Content", "x")]
        #expect(try await OMI.call(sandbox, OMI.post("SMS.aspx", body)) == ["ErrorCode": "102", "ErrorMsg": "Incorrect Request"])
        let wrong = [FormField("ManagerLoginName", "sandbox"), FormField("ManagerPassword", "SANDBOX-PASSWORD")] + body
        #expect(try await OMI.call(sandbox, OMI.post("SMS.aspx", wrong)) == ["ErrorCode": "1000", "ErrorMsg": "No Licence at Page"])
        let unlicensed = [FormField("ManagerLoginName", "expired"), FormField("ManagerPassword", "pw")] + body
        #expect(try await OMI.call(sandbox, OMI.post("SMS.aspx", unlicensed))["ErrorCode"] == "1000")
        #expect(await sandbox.state.acceptedJobCount == 0)
    }

    @Test("credentials from XmlRequest, an uploaded XmlReqFilePath, or a registered XmlReqUrl")
    func xmlRequest() async throws {
        let sandbox = OMI.sandbox()
        let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><REQUEST><ManagerLoginName>sandbox</ManagerLoginName><ManagerPassword>sandbox-password</ManagerPassword></REQUEST>"
        let body = [FormField("SMSList", "0912345670"), FormField("Content", "x")]
        #expect(try await OMI.call(sandbox, OMI.get("SMS.aspx", [FormField("XmlRequest", xml)] + body))["ErrorCode"] == "0")

        var form = MultipartFormData()
        form.append(name: "XmlReqFilePath", fileName: "request.xml", contentType: "text/xml", data: Data(xml.utf8))
        form.append(name: "SMSList", value: "0912345670")
        form.append(name: "Content", value: "x")
        #expect(try await OMI.call(sandbox, OMI.multipart("SMS.aspx", form))["ErrorCode"] == "0")

        var wrongName = MultipartFormData()
        wrongName.append(name: "XmlReqFilePath", fileName: "request.txt", contentType: "text/plain", data: Data(xml.utf8))
        #expect(try await OMI.call(sandbox, OMI.multipart("SMS.aspx", wrongName))["ErrorCode"] == "102")

        let url = "https://files.example/api-request.xml"
        #expect(try await OMI.call(sandbox, OMI.post("SMS.aspx", [FormField("XmlReqUrl", url)] + body))["ErrorCode"] == "102")
        await sandbox.state.register(url: url, text: xml)
        #expect(try await OMI.call(sandbox, OMI.post("SMS.aspx", [FormField("XmlReqUrl", url)] + body))["ErrorCode"] == "0")
        #expect(try await OMI.call(sandbox, OMI.post("SMS.aspx", [FormField("XmlRequest", "<REQUEST><oops>")] + body))["ErrorCode"] == "102")
        #expect(await sandbox.state.acceptedJobCount == 3)
    }

    @Test("a list file personalises %Name% and %Gender% per row")
    func listFile() async throws {
        let sandbox = OMI.sandbox()
        var form = MultipartFormData()
        for field in OMI.auth { form.append(name: field.name, value: field.value) }
        form.append(name: "SMSListFile", fileName: "SMSList.csv", contentType: "text/csv",
                    data: Data("\u{FEFF}SMSNumber,Name,Gender\r\n0912345670,小明,先生\r\n0928345671,\"王, 小美\",小姐\r\n".utf8))
        form.append(name: "Content", value: "親愛的%Name%%gender%，您好！")
        let answer = try await OMI.call(sandbox, OMI.multipart("SMS.aspx", form))
        let launchID = try #require(answer["LaunchID"].flatMap { Int($0) })
        let job = try #require(await sandbox.state.job(launchID: launchID))
        #expect(job.recipients.map(\.text) == ["親愛的小明先生，您好！", "親愛的王, 小美小姐，您好！"])
        #expect(job.recipients.map(\.name) == ["小明", "王, 小美"])
        #expect(job.content == "親愛的%Name%%gender%，您好！")
    }

    @Test("SMSUrl and ContentUrl read registered URLs only; Content wins over ContentUrl")
    func remoteFiles() async throws {
        let sandbox = OMI.sandbox()
        await sandbox.state.register(url: "https://files.example/list.txt", text: "0912345670\n0912345671\n")
        await sandbox.state.register(url: "https://files.example/content.txt", text: "from the url")
        var answer = try await OMI.call(sandbox, OMI.post("SMS.aspx", OMI.auth + [FormField("SMSUrl", "https://files.example/list.txt"),
                                                                                   FormField("ContentUrl", "https://files.example/content.txt")]))
        var job = try #require(await sandbox.state.job(launchID: Int(answer["LaunchID"] ?? "") ?? 0))
        #expect(job.recipients.map(\.number) == ["+886912345670", "+886912345671"])
        #expect(job.recipients.first?.text == "from the url")

        answer = try await OMI.call(sandbox, OMI.post("SMS.aspx", OMI.auth + [FormField("SMSList", "0912345670"), FormField("Content", "direct"),
                                                                               FormField("ContentUrl", "https://files.example/content.txt")]))
        job = try #require(await sandbox.state.job(launchID: Int(answer["LaunchID"] ?? "") ?? 0))
        #expect(job.content == "direct")

        for (field, url) in [("SMSUrl", "https://elsewhere.example/list.csv"), ("ContentUrl", "https://elsewhere.example/c.txt")] {
            let other = field == "SMSUrl" ? FormField("Content", "x") : FormField("SMSList", "0912345670")
            let answer = try await OMI.call(sandbox, OMI.post("SMS.aspx", OMI.auth + [FormField(field, url), other]))
            #expect(answer["ErrorCode"] == "102")
            #expect(answer["ErrorMsg"] == "Incorrect Request: the sandbox cannot fetch \(field) \(url): it never goes online and reads only "
                + "URLs registered with OmiCardSandboxState.register(url:contents:)", "an unreadable URL says why, not a bare 102")
        }
    }

    @Test("validation: no list for LaunchType 0, no content, bad LaunchType, bad StartTime, wrong body type")
    func validation() async throws {
        let sandbox = OMI.sandbox()
        let cases: [[FormField]] = [
            [FormField("Content", "x")],
            [FormField("SMSList", "0912345670")],
            [FormField("SMSList", "0912345670"), FormField("Content", "x"), FormField("LaunchType", "2")],
            [FormField("SMSList", "0912345670"), FormField("Content", "x"), FormField("StartTime", "tomorrow")],
            [FormField("SMSList", "0912345670"), FormField("Content", "x"), FormField("JobOption", "abc")],
            [FormField("SMSList", "0912345670"), FormField("Content", "x"), FormField("ResponseFormat", "yaml")],
        ]
        for fields in cases {
            #expect(try await OMI.call(sandbox, OMI.post("SMS.aspx", OMI.auth + fields)) == ["ErrorCode": "102", "ErrorMsg": "Incorrect Request"])
        }
        var json = OMI.post("SMS.aspx", [])
        json.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        json.body = Data(#"{"ManagerLoginName":"sandbox"}"#.utf8)
        #expect(try await OMI.call(sandbox, json)["ErrorCode"] == "102")
        // A triggered job may come without a list.
        #expect(try await OMI.call(sandbox, OMI.post("SMS.aspx", OMI.auth + [FormField("Content", "x"), FormField("LaunchType", "1")]))["ErrorCode"] == "0")
        #expect(await sandbox.state.acceptedJobCount == 1)
    }

    @Test("list options: 4 keeps numbers as listed, 64 drops repeats; invalid numbers are kept as state 6")
    func listOptions() async throws {
        let sandbox = OMI.sandbox()
        let plain = try await OMI.launch(sandbox, numbers: ["0912345670", "+886912345670", "12345"], extra: [FormField("SMSListOption", "4")])
        let plainJob = try #require(await sandbox.state.job(launchID: plain))
        #expect(plainJob.recipients.map(\.number) == ["0912345670", "+886912345670", "12345"])
        #expect(plainJob.recipients.map(\.isValidNumber) == [true, true, false])
        #expect(await sandbox.state.currentState(launchID: plain, number: "12345") == 6)

        let deduped = try await OMI.launch(sandbox, numbers: ["0912345670", "+886912345670", "0912345671"], extra: [FormField("SMSListOption", "64")])
        #expect(await sandbox.state.job(launchID: deduped)?.recipients.map(\.number) == ["+886912345670", "+886912345671"])
    }

    @Test("CSV and file-download answers")
    func formats() async throws {
        let sandbox = OMI.sandbox()
        let csv = try await sandbox.send(OMI.post("SMS.aspx", OMI.auth + [FormField("SMSList", "0912345670"), FormField("Content", "x"), FormField("ResponseFormat", "csv")]))
        #expect(csv.headers.mediaType == "text/csv")
        #expect(String(decoding: csv.body, as: UTF8.self) == "ErrorCode,ErrorMsg,LaunchID\r\n0,,1001\r\n")

        let file = try await sandbox.send(OMI.post("SMS.aspx", OMI.auth + [FormField("SMSList", "0912345670"), FormField("Content", "x"), FormField("ResponseFormat", "File")]))
        #expect(file.headers["Content-Disposition"] == "attachment; filename=\"SMS_Result.csv\"")
        #expect(String(decoding: file.body, as: UTF8.self) == "ErrorCode,ErrorMsg,LaunchID\r\n0,,1002\r\n")

        let csvSandbox = OMI.sandbox(configuration: .init(responseFormat: .csv))
        let error = try await csvSandbox.send(OMI.post("Status.aspx", OMI.auth + [FormField("LaunchID", "1")]))
        #expect(String(decoding: error.body, as: UTF8.self) == "ErrorCode,ErrorMsg\r\n102,Incorrect Request\r\n")
    }

    @Test("UTF-16 answers carry a BOM and charset=utf-16")
    func utf16() async throws {
        let sandbox = OMI.sandbox(configuration: .init(charset: .utf16))
        let response = try await sandbox.send(OMI.post("SMS.aspx", OMI.auth + [FormField("SMSList", "0912345670"), FormField("Content", "x")]))
        #expect(response.body.starts(with: [0xFF, 0xFE]))
        let text = try TextDecoding.decode(response.body, contentType: response.headers["Content-Type"])
        #expect(text.contains("<LaunchID>1001</LaunchID>"))
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-16\"?>"))
    }

    @Test("SuccessfulUrl and FailedUrl redirect with the placeholders filled in")
    func redirects() async throws {
        let sandbox = OMI.sandbox()
        let success = try await sandbox.send(OMI.post("SMS.aspx", OMI.auth + [
            FormField("SMSList", "0912345670"), FormField("Content", "x"),
            FormField("SuccessfulUrl", "https://app.example/ok?id=%LaunchID%&code=%errorcode%"),
            FormField("FailedUrl", "https://app.example/failed?msg=%errormsg%"),
        ]))
        #expect(success.status == 302)
        #expect(success.headers["Location"] == "https://app.example/ok?id=1001&code=0")
        let failure = try await sandbox.send(OMI.post("SMS.aspx", OMI.auth + [FormField("FailedUrl", "https://app.example/failed?%omisquerystring%")]))
        #expect(failure.headers["Location"] == "https://app.example/failed?ErrorCode=102&ErrorMsg=Incorrect%20Request")
    }

    @Test("unknown pages get 404, other methods 405")
    func routing() async throws {
        let sandbox = OMI.sandbox()
        #expect(try await sandbox.send(OMI.get("Email.aspx", OMI.auth)).status == 404)
        var put = OMI.post("SMS.aspx", OMI.auth)
        put.method = HTTPMethod(rawValue: "PUT")
        #expect(try await sandbox.send(put).status == 405)
    }
}
