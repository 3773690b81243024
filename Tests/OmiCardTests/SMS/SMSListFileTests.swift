import Foundation
import Testing
import OmiCard

@Suite("SMSListFile")
struct SMSListFileTests {
    static func uploadedFile(_ job: SMSJob) async throws -> ParsedMultipart.Part {
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport).sendSMS(job)
        let request = try #require(await transport.onlyRequest)
        let body = try ParsedMultipart(body: request.body, contentType: try #require(request.headers["Content-Type"]))
        return try #require(body.parts.first { $0.name == "SMSListFile" })
    }

    @Test("a local file is read when the job is sent, and uploaded under its own name")
    func localFileReadAtSendTime() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("omicard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("members.csv")
        try Data("SMSNumber,Name\n0912345678,A\n".utf8).write(to: url)
        let job = SMSJob(content: "Hi %Name%", smsListFile: SMSListFile(contentsOf: url))
        // Changed after the job was built: the send must upload what is on disk now.
        let current = Data("SMSNumber,Name\n0922333444,B\n".utf8)
        try current.write(to: url)
        let file = try await Self.uploadedFile(job)
        #expect(file.fileName == "members.csv")
        #expect(file.data == current)
    }

    @Test("an unreadable local file, or a remote URL given as a local file, is refused before sending")
    func unreadableLocalFile() async throws {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/list.csv")
        let transport = RecordingTransport(.launched())
        let error = await #expect(throws: ValidationError.self) {
            try await Fixture.client(transport).sendSMS(SMSJob(content: "x", smsListFile: SMSListFile(contentsOf: missing)))
        }
        #expect(error?.field == "SMSListFile")
        #expect(error?.reason.contains("list.csv") == true)
        let remote = await #expect(throws: ValidationError.self) {
            try await Fixture.client(transport).sendSMS(
                SMSJob(content: "x", smsListFile: SMSListFile(contentsOf: URL(string: "https://example.com/list.csv")!)))
        }
        #expect(remote?.reason.contains("SMSUrl") == true)
        #expect(await transport.requests.isEmpty)
    }

    @Test("a UTF-16 list with a byte-order mark is checked and uploaded unchanged")
    func utf16List() async throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "SMSNumber,姓名\r\n0912345678,小明\r\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let data = Data(bytes)
        let file = try await Self.uploadedFile(SMSJob(content: "%姓名% 您好", smsListFile: SMSListFile(data: data, fileName: "u.csv")))
        #expect(file.data == data)
    }

    @Test("with the quote-is-plain-text option a stray quote is not a CSV error")
    func quoteOption() async throws {
        let data = Data("SMSNumber,Name\n0912345678,\"Bob\n".utf8)
        var job = SMSJob(content: "Hi %Name%", smsListFile: SMSListFile(data: data, fileName: "q.csv"))
        let transport = RecordingTransport(.launched())
        let strict = job
        await #expect(throws: ValidationError.self) { try await Fixture.client(transport).sendSMS(strict) }
        job.smsListOption = [.quoteIsPlainText]
        let file = try await Self.uploadedFile(job)
        #expect(file.data == data)
    }

    @Test("a numbers-only list may hold several numbers per line")
    func numbersOnly() async throws {
        let data = Data("0912345678,0922333444\n+886933444555\n".utf8)
        let file = try await Self.uploadedFile(SMSJob(content: "x", smsListFile: SMSListFile(data: data, fileName: "n.txt", hasHeader: false)))
        #expect(file.data == data)
    }

    @Test("the CSV builder writes a header and quotes fields as RFC 4180 says")
    func csvBuilder() async throws {
        let list = SMSListFile.csv(columns: ["Name", "Note"], rows: [
            (number: "0912345678", values: ["小明", "a,b"]),
            (number: "+886922333444", values: ["Amy \"A\"", "line\nbreak"]),
        ])
        #expect(list.fileName == "SMSList.csv")
        guard case .data(let data, _) = list.source else {
            Issue.record("expected bytes")
            return
        }
        #expect(Fixture.text(data) == "SMSNumber,Name,Note\r\n0912345678,小明,\"a,b\"\r\n+886922333444,\"Amy \"\"A\"\"\",\"line\nbreak\"\r\n")
        let file = try await Self.uploadedFile(SMSJob(content: "%Name%: %Note%", smsListFile: list))
        #expect(file.data == data)
    }

    @Test("the description shows the file name and size only")
    func description() {
        let list = SMSListFile(data: Data("SMSNumber\n0912345678\n".utf8), fileName: "a.csv")
        #expect(list.description == "SMSListFile(a.csv, 21 bytes)")
    }
}
