import Foundation
import Testing
import OmiCard
@_spi(SMSInternals) import SMSTransport

@Suite("SMSJob validation")
struct SMSJobValidationTests {
    /// Sends `job` and returns the validation error, checking that nothing went out.
    static func validationError(for job: SMSJob, method: OmiCardClient.RequestMethod = .post) async throws -> ValidationError {
        let transport = RecordingTransport(.launched())
        do {
            _ = try await Fixture.client(transport, method: method).sendSMS(job)
        } catch let error as ValidationError {
            #expect(await transport.requests.isEmpty, "a request went out despite \(error)")
            return error
        }
        Issue.record("no ValidationError for \(job)")
        throw CancellationError()
    }

    static func withHeader(_ text: String, fileName: String = "list.csv") -> SMSListFile {
        SMSListFile(data: Data(text.utf8), fileName: fileName)
    }

    @Test("a send-now job needs a recipient source")
    func noRecipients() async throws {
        let error = try await Self.validationError(for: SMSJob(content: "x"))
        #expect(error.field == "SMSList")
        #expect(error.reason.contains("SMSListFile") && error.reason.contains("SMSUrl"))
    }

    @Test("a job needs Content or ContentUrl")
    func noContent() async throws {
        let error = try await Self.validationError(for: SMSJob(smsList: ["0912345678"]))
        #expect(error.field == "Content")
        #expect(error.reason.contains("ContentUrl"))
    }

    @Test("empty content is refused")
    func emptyContent() async throws {
        #expect(try await Self.validationError(for: SMSJob(content: "", smsList: ["0912345678"])).field == "Content")
    }

    @Test("ContentUrl alone is enough")
    func contentURLAlone() async throws {
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport).sendSMS(SMSJob(contentURL: URL(string: "https://example.com/t.txt")!, smsList: ["0912345678"]))
        #expect(await transport.requests.count == 1)
    }

    @Test("an empty or malformed number in SMSList is named by index",
          arguments: [(["0912345678", ""], "SMSList[2]"), (["  "], "SMSList[1]"), (["0912-345-678"], "SMSList[1]"),
                      (["0912345678,0922333444"], "SMSList[1]"), (["++886912345678"], "SMSList[1]"), (["12345"], "SMSList[1]"),
                      (["0912345678", "09abc"], "SMSList[2]")])
    func badNumbers(_ numbers: [String], field: String) async throws {
        #expect(try await Self.validationError(for: SMSJob(content: "x", smsList: numbers)).field == field)
    }

    @Test("numbers are trimmed of surrounding spaces")
    func trimmedNumbers() async throws {
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport).sendSMS(SMSJob(content: "x", smsList: [" 0912345678 ", "+886922333444\t"]))
        #expect(FormEncoding.decode(try #require(await transport.onlyRequest).body).value(named: "SMSList") == "0912345678,+886922333444")
    }

    @Test("a list file that is not .csv or .txt is refused", arguments: ["list.xlsx", "list", "list.csv.exe"])
    func badListFileName(_ name: String) async throws {
        let error = try await Self.validationError(for: SMSJob(content: "x", smsListFile: Self.withHeader("SMSNumber\n0912345678\n", fileName: name)))
        #expect(error.field == "SMSListFile")
        #expect(error.reason.contains(".csv or .txt"))
    }

    @Test("a personalised list without an SMSNumber column is refused")
    func noNumberColumn() async throws {
        let error = try await Self.validationError(for: SMSJob(content: "x", smsListFile: Self.withHeader("Phone,Name\n0912345678,A\n")))
        #expect(error.field == "SMSListFile")
        #expect(error.reason.contains("SMSNumber"))
    }

    @Test("an empty or malformed number in a list file is named by row")
    func badNumberInFile() async throws {
        let empty = try await Self.validationError(for: SMSJob(content: "x", smsListFile: Self.withHeader("SMSNumber,Name\n0912345678,A\n,B\n")))
        #expect(empty.field == "SMSListFile row 3")
        let malformed = try await Self.validationError(
            for: SMSJob(content: "x", smsListFile: SMSListFile(data: Data("0912345678\nnot-a-number\n".utf8), fileName: "l.txt", hasHeader: false)))
        #expect(malformed.field == "SMSListFile row 2")
        let short = try await Self.validationError(for: SMSJob(content: "x", smsListFile: Self.withHeader("Name,SMSNumber\nA\n")))
        #expect(short.field == "SMSListFile row 2")
    }

    @Test("a list file with no numbers, or broken CSV, is refused")
    func emptyOrBrokenFile() async throws {
        #expect(try await Self.validationError(for: SMSJob(content: "x", smsListFile: Self.withHeader("SMSNumber\n"))).field == "SMSListFile")
        #expect(try await Self.validationError(for: SMSJob(content: "x", smsListFile: Self.withHeader(""))).field == "SMSListFile")
        let broken = try await Self.validationError(for: SMSJob(content: "x", smsListFile: Self.withHeader("SMSNumber,Name\n0912345678,\"open\n")))
        #expect(broken.field == "SMSListFile")
        #expect(broken.reason.contains("CSV"))
    }

    @Test("bytes that are not text are refused")
    func binaryFile() async throws {
        let error = try await Self.validationError(
            for: SMSJob(content: "x", smsListFile: SMSListFile(data: Data([0x53, 0xC3, 0x28, 0xFF]), fileName: "l.csv")))
        #expect(error.field == "SMSListFile")
    }

    @Test("a placeholder with no matching column is refused and named")
    func placeholderWithoutColumn() async throws {
        let job = SMSJob(content: "親愛的%Name%%Title%，您好", smsListFile: Self.withHeader("SMSNumber,Name,Gender\n0912345678,小明,先生\n"))
        let error = try await Self.validationError(for: job)
        #expect(error.field == "Content")
        #expect(error.reason.contains("%Title%"))
        #expect(error.reason.contains("Gender"))
    }

    @Test("placeholders match columns ignoring case, and plain percent signs are not placeholders")
    func placeholdersMatchColumns() async throws {
        let job = SMSJob(content: "%name%%GENDER% 打 50% 折 100%", smsListFile: Self.withHeader("smsnumber,Name,Gender\n0912345678,小明,先生\n"))
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport).sendSMS(job)
        #expect(await transport.requests.count == 1)
    }

    @Test("negative or fractional durations and negative counts are refused")
    func negativeValues() async throws {
        var job = SMSJob(content: "x", smsList: ["0912345678"])
        job.trackingExpireTime = .seconds(-1)
        let negative = try await Self.validationError(for: job)
        #expect(negative.field == "TrackingExpireTime")
        #expect(negative.reason.contains("negative"))
        job.trackingExpireTime = .milliseconds(1500)
        #expect(try await Self.validationError(for: job).field == "TrackingExpireTime")
        job.trackingExpireTime = .zero
        job.dispatchMaxCount = -1
        #expect(try await Self.validationError(for: job).field == "DispatchMaxCount")
        job.dispatchMaxCount = nil
        job.dispatchInterval = -5
        #expect(try await Self.validationError(for: job).field == "DispatchInterval")
        job.dispatchInterval = nil
        job.smsListOption = SMSListOption(rawValue: -1)
        #expect(try await Self.validationError(for: job).field == "SMSListOption")
        job.smsListOption = nil
        job.jobOption = JobOption(rawValue: -2)
        #expect(try await Self.validationError(for: job).field == "JobOption")
    }

    @Test("the launch expiry must be after the start time")
    func expiryBeforeStart() async throws {
        var job = SMSJob(content: "x", smsList: ["0912345678"])
        job.startTime = Fixture.taipei(2025, 5, 1, 12, 0, 0)
        job.launchExpireTime = Fixture.taipei(2025, 5, 1, 11, 0, 0)
        #expect(try await Self.validationError(for: job).field == "LaunchExpireTime")
    }

    @Test("codes, dispatch entries, redirect and list URLs are checked")
    func otherFields() async throws {
        var job = SMSJob(content: "x", smsList: ["0912345678"])
        job.countryCode = "TW"
        #expect(try await Self.validationError(for: job).field == "CountryCode")
        job.countryCode = "+886"
        job.areaCode = ""
        #expect(try await Self.validationError(for: job).field == "AreaCode")
        job.areaCode = nil
        job.dispatchList = ["a@example.com", " "]
        #expect(try await Self.validationError(for: job).field == "DispatchList[2]")
        job.dispatchList = ["a@example.com,b@example.com"]
        #expect(try await Self.validationError(for: job).field == "DispatchList[1]")
        job.dispatchList = []
        job.redirects = OmiCardRedirects(successfulURL: "example.com/ok")
        #expect(try await Self.validationError(for: job).field == "SuccessfulUrl")
        job.redirects = OmiCardRedirects(failedURL: "https://example.com/a b")
        #expect(try await Self.validationError(for: job).field == "FailedUrl")
        job.redirects = OmiCardRedirects(referURL: "javascript:alert(1)")
        #expect(try await Self.validationError(for: job).field == "ReferUrl")
        job.redirects = .none
        job.smsURL = URL(string: "file:///tmp/list.csv")!
        #expect(try await Self.validationError(for: job).field == "SMSUrl")
        job.smsURL = nil
        job.contentURL = URL(string: "mailto:x@example.com")!
        #expect(try await Self.validationError(for: job).field == "ContentUrl")
    }
}
