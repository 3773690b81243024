import Foundation
import Testing
import LoopbackHTTPServer
import SandboxHTTPServer
import OmiCard
import SMSSandbox
@_spi(SMSInternals) import SMSTransport

/// Every `omicard` option, checked where it matters: the `SMS.aspx` or `Status.aspx` field it
/// sets, over real HTTP to a loopback server in front of the sandbox; the credential modes; the
/// list and content URLs of the built-in sandbox; and the refusals.
@Suite("omicard options on the wire")
struct OmiCardOptionWireTests {
    static let password = "omi-Wire#Pw-9"
    static let account = OmiCardSandboxAccount(loginName: "wire-user", password: password)

    struct Setup {
        let sandbox: OmiCardSandbox
        let server: SandboxServer
        let environment: [String: String]

        func run(_ arguments: [String], extra: [String: String] = [:], removing: [String] = []) async -> RunResult {
            var environment = self.environment.merging(extra) { $1 }
            for name in removing { environment[name] = nil }
            return await CLI.omicard(arguments, environment: environment)
        }

        /// The fields of the last request, by name.
        func lastFields() throws -> [String: String] {
            let request = try #require(server.server.requests.last)
            var fields = FormEncoding.decode(request.query ?? "")
            if request.header("Content-Type")?.hasPrefix("application/x-www-form-urlencoded") == true { fields += FormEncoding.decode(request.body) }
            return Dictionary(fields.map { ($0.name, $0.value) }) { first, _ in first }
        }
    }

    static func setup() throws -> Setup {
        let sandbox = OmiCardSandbox(accounts: [account])
        let server = try SandboxServer(sandbox)
        return Setup(sandbox: sandbox, server: server, environment: [
            "OMICARD_LOGIN": account.loginName, "OMICARD_PASSWORD": password, "OMICARD_BASE_URL": server.baseURL + "/WebAPI", "OMICARD_TIMEOUT": "10",
        ])
    }

    static func dashed(fromNow seconds: TimeInterval) -> String {
        TaiwanTime.dashed(Date().addingTimeInterval(seconds))
    }

    @Test("send: one option per SMS.aspx field, each value on the wire as the field documents it; several recipient sources at once")
    func everyField() async throws {
        let setup = try Self.setup()
        await setup.sandbox.state.register(url: "https://files.test/more.csv", text: "SMSNumber,Name\n0912345673,小華\n")
        let list = try CLI.temporaryFile(named: "members.csv", text: "SMSNumber,Name\n0912345672,小明\n")
        defer { CLI.cleanUp(list) }
        let start = Self.dashed(fromNow: 3600), expire = Self.dashed(fromNow: 90_000), dispatch = Self.dashed(fromNow: 7200)
        let result = await setup.run([
            "--json", "send", "--sms-list", "0912345670", "--to", "0912345671", "--sms-list-file", list.path, "--sms-url", "https://files.test/more.csv",
            "--sms-list-option", "remove-duplicates,4", "--remove-blacklist", "--content", "%Name% 您好", "--character-set-id", "en",
            "--body-format", "long", "--country-code", "886", "--area-code", "2", "--job-name", "J 1", "--ref-number", "RN-1", "--ref-id", "RID-1",
            "--launch-type", "send", "--job-option", "trim-spaces,16", "--start-time", start, "--launch-expire-time", expire,
            "--tracking-expire-time", "1d12h30m", "--auto-generate-report", "true", "--dispatch-list", "a@x.test,b@x.test", "--dispatch-list", "c@x.test",
            "--dispatch-start-time", dispatch, "--dispatch-max-count", "3", "--dispatch-interval", "60",
            "--successful-url", "https://back.test/ok?%omisquerystring%", "--failed-url", "https://back.test/failed?code=%errorcode%",
        ])
        #expect(result.code == 0, "\(result)")
        let launchID = try #require(try result.jsonObject()["launchID"] as? String, "read from the redirect to SuccessfulUrl")
        let job = try #require(await setup.sandbox.state.job(launchID: Int(launchID) ?? 0))
        let fields = Dictionary(job.fields.map { ($0.name, $0.value) }) { first, _ in first }
        let expected: [String: String] = [
            "SMSList": "0912345670,0912345671", "SMSUrl": "https://files.test/more.csv", "SMSListOption": "196", "Content": "%Name% 您好",
            "CharacterSetID": "117", "BodyFormat": "2", "CountryCode": "886", "AreaCode": "2", "JobName": "J 1", "RefNumber": "RN-1",
            "RefID": "RID-1", "LaunchType": "0", "JobOption": "17", "StartTime": start, "LaunchExpireTime": expire,
            "TrackingExpireTime": "131400", "AutoGenerateReport": "true", "DispatchList": "a@x.test,b@x.test,c@x.test",
            "DispatchStartTime": dispatch, "DispatchMaxCount": "3", "DispatchInterval": "60",
            "SuccessfulUrl": "https://back.test/ok?%omisquerystring%", "FailedUrl": "https://back.test/failed?code=%errorcode%",
            "ManagerLoginName": Self.account.loginName,
        ]
        for (name, value) in expected { #expect(fields[name] == value, "\(name): \(fields[name] ?? "absent")") }
        #expect(job.recipients.map(\.listedNumber) == ["0912345670", "0912345671", "0912345672", "0912345673"],
                "SMSList, SMSListFile and SMSUrl combined")
        #expect(job.recipients.map(\.text).suffix(2) == ["小明 您好", "小華 您好"])
        let upload = try #require(setup.server.server.requests.last)
        #expect(upload.header("Content-Type")?.hasPrefix("multipart/form-data") == true)
        #expect(String(decoding: upload.body, as: UTF8.self).contains("filename=\"members.csv\""))
        #expect(!result.everything.contains(Self.password))
    }

    @Test("--launch-type triggered needs no recipients; a job option or list option given as numbers is sent as is")
    func triggered() async throws {
        let setup = try Self.setup()
        let result = await setup.run(["--json", "send", "--launch-type", "1", "--content", "x", "--job-option", "2", "--sms-list-option", "8,256"])
        #expect(result.code == 0, "\(result)")
        let job = try #require(await setup.sandbox.state.jobs().last)
        #expect(job.launchType == 1)
        #expect(job.jobOption == 2)
        #expect(job.listOption == 264)
        #expect(job.recipients.isEmpty)
    }

    @Test("--content-url is sent as ContentUrl, and a list file of numbers only is uploaded without a header")
    func contentURL() async throws {
        let setup = try Self.setup()
        await setup.sandbox.state.register(url: "https://files.test/text.txt", text: "from the url")
        let numbers = try CLI.temporaryFile(named: "numbers.txt", text: "0912345670\n+886912345671\n")
        defer { CLI.cleanUp(numbers) }
        let result = await setup.run(["send", "--list-file", numbers.path, "--content-url", "https://files.test/text.txt"])
        #expect(result.code == 0, "\(result)")
        let job = try #require(await setup.sandbox.state.jobs().last)
        #expect(job.content == "from the url")
        #expect(job.recipients.count == 2)
        #expect(job.fields.first { $0.name == "ContentUrl" }?.value == "https://files.test/text.txt")
    }

    @Test("status: --extern-ref-num and --job-type, --email-address, --sms-number and the redirect options set their Status.aspx fields")
    func status() async throws {
        let setup = try Self.setup()
        let launched = try await setup.run(["--json", "send", "--to", "0912345670", "--content", "x", "--ref-id", "R-9"]).jsonObject()
        let launchID = try #require(launched["launchID"] as? String)
        let byReference = await setup.run(["status", "--launch-id", launchID, "--extern-ref-num", "R-9", "--job-type", "1"])
        #expect(byReference.code == 0, "\(byReference)")
        var fields = try setup.lastFields()
        #expect(fields["LaunchID"] == launchID)
        #expect(fields["ExternRefNum"] == "R-9")
        #expect(fields["JobType"] == "1")
        let byEmail = await setup.run(["status", "--launch-id", launchID, "--email-address", "a@x.test"])
        #expect(byEmail.code == 1, "the sandbox has no e-mail jobs: 110")
        #expect(try setup.lastFields()["EmailAddress"] == "a@x.test")
        let redirected = await setup.run(["status", "--launch-id", launchID, "--sms-number", "0912345670", "--refer-url", "https://back.test/r?%omisquerystring%",
                                          "--method", "get"])
        #expect(redirected.code == 0, "\(redirected)")
        #expect(redirected.out.contains("CurrentState 3"))
        fields = try setup.lastFields()
        #expect(fields["ReferUrl"] == "https://back.test/r?%omisquerystring%")
        #expect(fields["SMSNumber"] == "0912345670")
        #expect(setup.server.server.requests.last?.method == "GET")
    }

    @Test("the credential modes: XmlRequest, XmlReqFilePath and XmlReqUrl instead of ManagerLoginName and ManagerPassword")
    func credentialModes() async throws {
        let setup = try Self.setup()
        let xml = await setup.run(["send", "--to", "0912345670", "--content", "x"], extra: ["OMICARD_CREDENTIALS": "xml-request"])
        #expect(xml.code == 0, "\(xml)")
        let xmlFields = try setup.lastFields()
        #expect(xmlFields["XmlRequest"]?.contains("<ManagerLoginName>wire-user</ManagerLoginName>") == true)
        #expect(xmlFields["ManagerPassword"] == nil)
        #expect(xmlFields["ManagerLoginName"] == nil)

        let file = await setup.run(["send", "--to", "0912345670", "--content", "x"], extra: ["OMICARD_CREDENTIALS": "XmlReqFilePath"])
        #expect(file.code == 0, "\(file)")
        let upload = try #require(setup.server.server.requests.last)
        #expect(upload.header("Content-Type")?.hasPrefix("multipart/form-data") == true)
        #expect(String(decoding: upload.body, as: UTF8.self).contains("name=\"XmlReqFilePath\"; filename=\"request.xml\""))

        let hosted = "https://secrets.test/omicard/account-7f3a.xml"
        await setup.sandbox.state.register(url: hosted, text: "<REQUEST><ManagerLoginName>wire-user</ManagerLoginName>"
            + "<ManagerPassword>\(Self.password)</ManagerPassword></REQUEST>")
        let viaURL = await setup.run(["send", "--to", "0912345670", "--content", "x"], extra: ["OMICARD_XML_REQ_URL": hosted],
                                     removing: ["OMICARD_LOGIN", "OMICARD_PASSWORD"])
        #expect(viaURL.code == 0, "\(viaURL)")
        #expect(try setup.lastFields()["XmlReqUrl"] == hosted)
        #expect(viaURL.stderr.isEmpty, "an account is set: no sandbox notice")
        for output in [xml, file, viaURL] {
            #expect(!output.everything.contains(Self.password))
            #expect(!output.everything.contains(hosted))
        }
        let doctor = await setup.run(["doctor"], extra: ["OMICARD_CREDENTIALS": "xml-request"])
        #expect(doctor.code == 0, "\(doctor)")
        #expect(doctor.out.contains("credentials as XmlRequest"))
    }

    @Test("credential settings that cannot work are refused before anything is sent", arguments: [
        (["OMICARD_CREDENTIALS": "soap"], "OMICARD_CREDENTIALS must be fields, xml-request"),
        (["OMICARD_CREDENTIALS": "xml-req-url"], "OMICARD_CREDENTIALS=xml-req-url needs OMICARD_XML_REQ_URL"),
        (["OMICARD_XML_REQ_URL": "https://x.test/a.xml"], "OMICARD_XML_REQ_URL carries the account; unset OMICARD_LOGIN and OMICARD_PASSWORD"),
        (["OMICARD_CREDENTIALS": "fields", "OMICARD_XML_REQ_URL": "https://x.test/a.xml"], "OMICARD_XML_REQ_URL is set but OMICARD_CREDENTIALS is fields"),
        (["OMICARD_CREDENTIALS": "xml-req-file-path", "OMICARD_METHOD": "get"], "OMICARD_CREDENTIALS=xml-req-file-path uploads a file, which needs POST"),
        (["OMICARD_METHOD": "put"], "OMICARD_METHOD must be get or post, got \"put\""),
        (["OMICARD_BASE_URL": "not a url"], "OMICARD_BASE_URL must be an absolute http or https URL"),
    ])
    func badCredentialSettings(extra: [String: String], expected: String) async throws {
        let setup = try Self.setup()
        let result = await setup.run(["send", "--to", "0912345670", "--content", "x"], extra: extra)
        #expect(result.code == 2, "\(result)")
        #expect(result.stderr.count == 1)
        #expect(result.stderr.first?.hasPrefix("omicard: " + expected) == true, "\(result)")
        #expect(setup.server.server.requests.isEmpty)
        // Without an account (the sandbox) the same settings are refused too; an XmlReqUrl alone is an account.
        if extra.keys.sorted() != ["OMICARD_XML_REQ_URL"] {
            let sandbox = await CLI.omicard(["send", "--to", "0912345670", "--content", "x"], environment: extra)
            #expect(sandbox.code == 2, "settings are checked without an account too: \(sandbox)")
        }
    }

    @Test("the built-in sandbox reads file:// list and content URLs from this machine; with an account they must be http or https")
    func localURLs() async throws {
        let list = try CLI.temporaryFile(named: "more.csv", text: "SMSNumber,Name\n0912345676,小明\n")
        let text = try CLI.temporaryFile(named: "text.txt", text: "%Name% 您好")
        defer { CLI.cleanUp(list); CLI.cleanUp(text) }
        let result = await CLI.omicard(["send", "--to", "0912345670", "--sms-url", list.absoluteString, "--content-url", text.absoluteString])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("the list at \(list.absoluteString)"))
        #expect(result.out.contains("content:    fetched from \(text.absoluteString)"))
        let missing = await CLI.omicard(["send", "--to", "0912345670", "--sms-url", "file:///nonexistent/list.csv", "--content", "x"])
        #expect(missing.code == 2)
        #expect(missing.stderr == ["omicard: --sms-url file:///nonexistent/list.csv: cannot read that file"])
        let setup = try Self.setup()
        let real = await setup.run(["send", "--to", "0912345670", "--sms-url", list.absoluteString, "--content", "x"])
        #expect(real.code == 2)
        #expect(real.stderr.first?.hasPrefix("omicard: --sms-url \(list.absoluteString): the gateway fetches this URL itself, so it must be http or https") == true,
                "\(real)")
        #expect(setup.server.server.requests.isEmpty)
    }

    @Test("a list file's header must name an SMSNumber column; a file of numbers only needs none", arguments: [
        ("Phone,Name\n0912345670,小明\n", "omicard: --sms-list-file list.csv: the header row (Phone, Name) has no SMSNumber column"),
        ("\u{FEFF}\"Name\"\n小明\n", "omicard: --sms-list-file list.csv: the header row (Name) has no SMSNumber column"),
    ])
    func header(file: String, expected: String) async throws {
        let list = try CLI.temporaryFile(named: "list.csv", text: file)
        defer { CLI.cleanUp(list) }
        let result = await CLI.omicard(["send", "--sms-list-file", list.path, "--content", "x"])
        #expect(result.code == 2, "\(result)")
        #expect(result.stderr.first?.hasPrefix(expected) == true, "\(result)")
        let good = try CLI.temporaryFile(named: "good.csv", text: "smsnumber,Name\n0912345670,小明\n")
        defer { CLI.cleanUp(good) }
        #expect(await CLI.omicard(["send", "--sms-list-file", good.path, "--content", "%Name%"]).code == 0)
    }
}
