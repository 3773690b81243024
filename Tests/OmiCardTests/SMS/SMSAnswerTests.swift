import Foundation
import Testing
import OmiCard

@Suite("SMS.aspx answers")
struct SMSAnswerTests {
    static let job = SMSJob(content: "x", smsList: ["0912345678"])

    @Test("a CSV answer in odd casing with extra fields gives the LaunchID and keeps every field")
    func csvAnswer() async throws {
        let transport = RecordingTransport(.csv("ERRORCODE,ERRORMSG,LAUNCHID,JobID,UserID\r\n0,,5501,j-1,u-9\r\n"))
        let launch = try await Fixture.client(transport).sendSMS(Self.job)
        #expect(launch.launchID == "5501")
        #expect(launch.response.format == .csv)
        #expect(launch.response.fields.map(\.name) == ["ERRORCODE", "ERRORMSG", "LAUNCHID", "JobID", "UserID"])
        #expect(launch.response["jobid"] == "j-1")
        #expect(launch.response.errorMessage == "")
    }

    @Test("a file-download answer keeps the file and gives the LaunchID")
    func downloadAnswer() async throws {
        let body = Data("<Result><ErrorCode>0</ErrorCode><LaunchID>6602</LaunchID></Result>".utf8)
        let transport = RecordingTransport(.respond(TransportResponse(
            status: 200, headers: ["Content-Type": "application/octet-stream", "Content-Disposition": "attachment; filename=SMS.xml"], body: body)))
        let launch = try await Fixture.client(transport).sendSMS(Self.job)
        #expect(launch.launchID == "6602")
        #expect(launch.response.attachment?.fileName == "SMS.xml")
        #expect(launch.response.attachment?.data == body)
    }

    @Test("an unfollowed redirect to SuccessfulUrl is read from its query")
    func redirectAnswer() async throws {
        var job = Self.job
        job.redirects = OmiCardRedirects(successfulURL: "https://example.com/ok?\(RedirectPlaceholder.queryString)")
        let transport = RecordingTransport(.respond(TransportResponse(
            status: 302, headers: ["Location": "https://example.com/ok?ErrorCode=0&ErrorMsg=&LaunchID=7703"])))
        let launch = try await Fixture.client(transport).sendSMS(job)
        #expect(launch.launchID == "7703")
        #expect(launch.response.format == .queryString)
    }

    @Test("every documented refusal of a send is an OmiCardError with the gateway's message",
          arguments: [(100, "Exception"), (102, "Incorrect Request"), (1000, "No Licence at Page"), (555, "")])
    func refusals(_ code: Int, message: String) async throws {
        let transport = RecordingTransport(.xml("<R><ErrorCode>\(code)</ErrorCode><ErrorMsg>\(message)</ErrorMsg></R>"))
        let error = await #expect(throws: OmiCardError.self) { try await Fixture.client(transport).sendSMS(Self.job) }
        #expect(error?.code.rawValue == code)
        #expect(error?.message == message)
        #expect(error?.operation == "SMS.aspx")
    }
}
