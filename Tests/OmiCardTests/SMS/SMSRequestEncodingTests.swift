import Foundation
import Testing
import OmiCard
@_spi(SMSInternals) import SMSTransport

@Suite("SMS.aspx request encoding")
struct SMSRequestEncodingTests {
    static let escapingBody = "ManagerLoginName=api-user&ManagerPassword=Pa55%26w%2Brd%3C%22x&LaunchType=0"
        + "&Content=Hi%20%26%20bye%20%2B%2050%25&SMSList=%2B886912345678%2C0912345678"

    static var escapingJob: SMSJob {
        SMSJob(content: "Hi & bye + 50%", smsList: ["+886912345678", "0912345678"])
    }

    @Test("POST sends a url-encoded body with + as %2B and & as %26, credentials first")
    func postFormBody() async throws {
        let transport = RecordingTransport(.launched("90001"))
        let launch = try await Fixture.client(transport).sendSMS(Self.escapingJob)
        #expect(launch.launchID == "90001")
        let request = try #require(await transport.onlyRequest)
        #expect(request.method == .post)
        #expect(request.url.absoluteString == "http://api.itpison.com/WebAPI/SMS.aspx")
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(Fixture.text(request.body) == Self.escapingBody)
    }

    @Test("GET puts the same fields in the query and sends no body")
    func getQuery() async throws {
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport, method: .get).sendSMS(Self.escapingJob)
        let request = try #require(await transport.onlyRequest)
        #expect(request.method == .get)
        #expect(request.url.absoluteString == "http://api.itpison.com/WebAPI/SMS.aspx?" + Self.escapingBody)
        #expect(request.body.isEmpty)
        #expect(request.headers["Content-Type"] == nil)
    }

    @Test("every documented field goes out in the documented order with its wire format")
    func everyField() async throws {
        var job = SMSJob(content: "A+B 親愛的", contentURL: URL(string: "https://example.com/c.txt")!,
                         smsList: ["0912345678"], smsURL: URL(string: "https://example.com/list.csv")!)
        job.jobName = "春季 Sale"
        job.refNumber = "R-1"
        job.launchType = .sendNow
        job.jobOption = [.trimSpaces, .mergePlaceholders]
        job.startTime = Fixture.taipei(2025, 3, 4, 15, 6, 7)
        job.launchExpireTime = Fixture.taipei(2025, 3, 5, 9, 0, 0)
        job.trackingExpireTime = .seconds(1 * 86400 + 12 * 3600 + 30 * 60)
        job.characterSet = .chinese
        job.smsListOption = [.removeUnsubscribed, .removeDuplicates]
        job.bodyFormat = .long
        job.countryCode = "886"
        job.areaCode = "2"
        job.autoGenerateReport = true
        job.dispatchList = ["ops@example.com", "boss@example.com"]
        job.dispatchStartTime = Fixture.taipei(2025, 3, 6, 8, 30, 0)
        job.dispatchMaxCount = 3
        job.dispatchInterval = 7
        job.refID = "order&1"
        job.redirects = OmiCardRedirects(
            referURL: "https://example.com/r?all=\(RedirectPlaceholder.queryString)",
            successfulURL: "https://example.com/ok?id=\(RedirectPlaceholder.launchID)",
            failedURL: "https://example.com/ko?c=\(RedirectPlaceholder.errorCode)&m=\(RedirectPlaceholder.errorMessage)")

        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport).sendSMS(job)
        let request = try #require(await transport.onlyRequest)
        // Written out by hand (and checked with Python's urllib.parse.quote), not by the SDK's encoder.
        let expected = "ManagerLoginName=api-user&ManagerPassword=Pa55%26w%2Brd%3C%22x"
            + "&JobName=%E6%98%A5%E5%AD%A3%20Sale&RefNumber=R-1&LaunchType=0&JobOption=17"
            + "&StartTime=2025-03-04%2015%3A06%3A07&LaunchExpireTime=2025-03-05%2009%3A00%3A00&TrackingExpireTime=131400"
            + "&Content=A%2BB%20%E8%A6%AA%E6%84%9B%E7%9A%84&ContentUrl=https%3A%2F%2Fexample.com%2Fc.txt&CharacterSetID=17"
            + "&SMSList=0912345678&SMSUrl=https%3A%2F%2Fexample.com%2Flist.csv&SMSListOption=96&BodyFormat=2"
            + "&CountryCode=886&AreaCode=2&AutoGenerateReport=true&DispatchList=ops%40example.com%2Cboss%40example.com"
            + "&DispatchStartTime=2025-03-06%2008%3A30%3A00&DispatchMaxCount=3&DispatchInterval=7&RefID=order%261"
            + "&ReferUrl=https%3A%2F%2Fexample.com%2Fr%3Fall%3D%25omisquerystring%25"
            + "&SuccessfulUrl=https%3A%2F%2Fexample.com%2Fok%3Fid%3D%25launchid%25"
            + "&FailedUrl=https%3A%2F%2Fexample.com%2Fko%3Fc%3D%25errorcode%25%26m%3D%25errormsg%25"
        #expect(Fixture.text(request.body) == expected)
    }

    @Test("times are Taiwan wall-clock time with a 24-hour clock, whatever the instant's zone")
    func taiwanTime() async throws {
        var job = SMSJob(content: "x", smsList: ["0912345678"])
        // 2025-01-31 23:30:00 UTC is 2025-02-01 07:30:00 in Taipei.
        job.startTime = Date(timeIntervalSince1970: 1_738_366_200)
        job.launchExpireTime = Fixture.taipei(2025, 2, 1, 23, 59, 59)
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport).sendSMS(job)
        let fields = FormEncoding.decode(try #require(await transport.onlyRequest).body)
        #expect(fields.value(named: "StartTime") == "2025-02-01 07:30:00")
        #expect(fields.value(named: "LaunchExpireTime") == "2025-02-01 23:59:59")
    }

    @Test("unset optional fields are not sent; LaunchType always is; false is sent as false")
    func minimalFields() async throws {
        var job = SMSJob(content: "x", smsURL: URL(string: "https://example.com/l.txt")!)
        job.autoGenerateReport = false
        job.jobOption = []
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport).sendSMS(job)
        let names = FormEncoding.decode(try #require(await transport.onlyRequest).body).map(\.name)
        #expect(names == ["ManagerLoginName", "ManagerPassword", "LaunchType", "JobOption", "Content", "SMSUrl", "AutoGenerateReport"])
        let fields = FormEncoding.decode(try #require(await transport.onlyRequest).body)
        #expect(fields.value(named: "AutoGenerateReport") == "false")
        #expect(fields.value(named: "JobOption") == "0")
    }

    @Test("a triggered job may have no recipients and sends LaunchType 1")
    func triggeredJob() async throws {
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport).sendSMS(SMSJob(content: "x", launchType: .triggered))
        let fields = FormEncoding.decode(try #require(await transport.onlyRequest).body)
        #expect(fields.value(named: "LaunchType") == "1")
        #expect(fields.value(named: "SMSList") == nil)
    }

    @Test("a list file goes as multipart/form-data with a file part in its place")
    func multipartWithListFile() async throws {
        let csv = Data("SMSNumber,Name,Gender\r\n0912345678,小明,先生\r\n+886928765432,\"Lee, Amy\",小姐\r\n".utf8)
        var job = SMSJob(content: "親愛的%Name%%Gender%，A+B & C", smsList: ["+886900000001"],
                         smsListFile: SMSListFile(data: csv, fileName: "SMSList.csv"))
        job.refID = "r&1"
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport).sendSMS(job)
        let request = try #require(await transport.onlyRequest)
        #expect(request.method == .post)
        let contentType = try #require(request.headers["Content-Type"])
        #expect(contentType.hasPrefix("multipart/form-data; boundary="))
        let body = try ParsedMultipart(body: request.body, contentType: contentType)
        #expect(body.parts.map(\.name) == ["ManagerLoginName", "ManagerPassword", "LaunchType", "Content", "SMSList", "SMSListFile", "RefID"])
        #expect(body.parts[0].text == "api-user")
        #expect(body.parts[1].text == Fixture.password)
        // Multipart carries values raw: no percent-encoding of + and &.
        #expect(body.parts[3].text == "親愛的%Name%%Gender%，A+B & C")
        #expect(body.parts[4].text == "+886900000001")
        #expect(body.parts[6].text == "r&1")
        let file = body.parts[5]
        #expect(file.fileName == "SMSList.csv")
        #expect(file.contentType == "text/csv")
        #expect(file.data == csv)
        for part in body.parts where part.name != "SMSListFile" {
            #expect(part.fileName == nil && part.contentType == nil)
        }
    }

    @Test("a .txt list is uploaded as text/plain")
    func textListFile() async throws {
        let job = SMSJob(content: "x", smsListFile: SMSListFile(data: Data("0912345678\n0922333444\n".utf8), fileName: "list.TXT", hasHeader: false))
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport).sendSMS(job)
        let request = try #require(await transport.onlyRequest)
        let body = try ParsedMultipart(body: request.body, contentType: try #require(request.headers["Content-Type"]))
        let file = try #require(body.parts.first { $0.name == "SMSListFile" })
        #expect(file.fileName == "list.TXT")
        #expect(file.contentType == "text/plain")
    }

    @Test("the base URL may be https, have a path prefix and a trailing slash")
    func baseURLVariants() async throws {
        let transport = RecordingTransport(.launched(), .launched())
        _ = try await Fixture.client(transport, baseURL: URL(string: "https://omi.example.com/tenant/WebAPI/")!)
            .sendSMS(SMSJob(content: "x", smsList: ["0912345678"]))
        _ = try await Fixture.client(transport, baseURL: URL(string: "https://omi.example.com:8443/WebAPI")!)
            .sendSMS(SMSJob(content: "x", smsList: ["0912345678"]))
        let urls = await transport.requests.map(\.url.absoluteString)
        #expect(urls == ["https://omi.example.com/tenant/WebAPI/SMS.aspx", "https://omi.example.com:8443/WebAPI/SMS.aspx"])
    }

    @Test("the configured timeout is on every request")
    func timeoutIsPassed() async throws {
        let transport = RecordingTransport(.launched())
        let configuration = OmiCardClient.Configuration(timeout: .seconds(7))
        _ = try await OmiCardClient(credentials: Fixture.credentials, configuration: configuration, transport: transport)
            .sendSMS(SMSJob(content: "x", smsList: ["0912345678"]))
        #expect(try #require(await transport.onlyRequest).timeout == .seconds(7))
    }

    @Test("defaults: the vendor's plain-http host, POST, 30 s, no logger")
    func configurationDefaults() {
        let configuration = OmiCardClient.Configuration()
        #expect(configuration.baseURL.absoluteString == "http://api.itpison.com/WebAPI")
        #expect(configuration.method == .post)
        #expect(configuration.timeout == .seconds(30))
        #expect(configuration.logger == nil)
        #expect(configuration.retryPolicy == .default)
    }

    @Test("a base URL that is not http(s), has a query or user info is refused before sending",
          arguments: ["ftp://api.itpison.com/WebAPI", "http://api.itpison.com/WebAPI?x=1", "https://u:p@api.itpison.com/WebAPI", "/WebAPI"])
    func badBaseURL(_ text: String) async throws {
        let transport = RecordingTransport(.launched())
        let client = Fixture.client(transport, baseURL: URL(string: text)!)
        let error = await #expect(throws: ValidationError.self) {
            try await client.sendSMS(SMSJob(content: "x", smsList: ["0912345678"]))
        }
        #expect(error?.field == "baseURL")
        #expect(await transport.requests.isEmpty)
    }

    @Test("GET with a list file is refused before sending")
    func getWithFile() async throws {
        let transport = RecordingTransport(.launched())
        let job = SMSJob(content: "x", smsListFile: SMSListFile(data: Data("SMSNumber\n0912345678\n".utf8), fileName: "a.csv"))
        let error = await #expect(throws: ValidationError.self) {
            try await Fixture.client(transport, method: .get).sendSMS(job)
        }
        #expect(error?.field == "SMSListFile")
        #expect(await transport.requests.isEmpty)
    }
}
