import Foundation
import Testing
import SMSSandbox
@_spi(SMSInternals) import SMSTransport

@Suite("OMICard sandbox: Status.aspx")
struct OmiCardStatusTests {
    @Test("by SMSNumber: CurrentState follows the last digit; 09… and +8869… match")
    func bySMSNumber() async throws {
        let sandbox = OMI.sandbox()
        let numbers = (0...9).map { "091234567\($0)" }
        let launchID = try await OMI.launch(sandbox, numbers: numbers)
        var states: [String] = []
        for number in numbers {
            let answer = try await OMI.status(sandbox, [FormField("LaunchID", String(launchID)), FormField("SMSNumber", "+886" + number.dropFirst())])
            #expect(answer["ErrorCode"] == "0")
            #expect(answer["SMSNumber"] == "+886" + number.dropFirst())
            #expect(answer["JobType"] == "1")
            states.append(answer["CurrentState"] ?? "")
        }
        #expect(states == ["3", "3", "3", "3", "3", "3", "4", "5", "2", "3"])
        let first = try await OMI.status(sandbox, [FormField("LaunchID", String(launchID)), FormField("SMSNumber", "0912345670")])
        #expect(Array(first.keys).sorted() == ["CurrentState", "ErrorCode", "ErrorMsg", "ExternRefNum", "JobType", "LaunchID", "SMSNumber"])
    }

    @Test("by ExternRefNum with JobType 1; JobType missing or wrong is 111; JobType 2 finds nothing")
    func byExternRefNum() async throws {
        let sandbox = OMI.sandbox()
        var form = MultipartFormData()
        for field in OMI.auth { form.append(name: field.name, value: field.value) }
        form.append(name: "Content", value: "x")
        form.append(name: "RefID", value: "JOB-REF")
        form.append(name: "SMSListFile", fileName: "list.txt", contentType: "text/plain",
                    data: Data("SMSNumber,Name,ExternRefNum\n0912345676,A,ORDER-1\n0912345677,B,\n".utf8))
        let launchID = try #require(try await OMI.call(sandbox, OMI.multipart("SMS.aspx", form))["LaunchID"])

        let own = try await OMI.status(sandbox, [FormField("LaunchID", launchID), FormField("ExternRefNum", "ORDER-1"), FormField("JobType", "1")])
        #expect(own["SMSNumber"] == "+886912345676")
        #expect(own["CurrentState"] == "4")
        let inherited = try await OMI.status(sandbox, [FormField("LaunchID", launchID), FormField("ExternRefNum", "JOB-REF"), FormField("JobType", "1")])
        #expect(inherited["SMSNumber"] == "+886912345677")
        #expect(inherited["CurrentState"] == "5")

        #expect(try await OMI.status(sandbox, [FormField("LaunchID", launchID), FormField("ExternRefNum", "ORDER-1")])
                == ["ErrorCode": "111", "ErrorMsg": "Incorrect JobType"])
        #expect(try await OMI.status(sandbox, [FormField("LaunchID", launchID), FormField("ExternRefNum", "ORDER-1"), FormField("JobType", "3")])["ErrorCode"] == "111")
        #expect(try await OMI.status(sandbox, [FormField("LaunchID", launchID), FormField("ExternRefNum", "ORDER-1"), FormField("JobType", "2")])["ErrorCode"] == "110")
    }

    @Test("110 for unknown jobs, numbers, e-mail addresses and other accounts' jobs; 102 without a query form")
    func notFound() async throws {
        let sandbox = OMI.sandbox()
        await sandbox.state.addAccount(OmiCardSandboxAccount(loginName: "other", password: "pw"))
        let launchID = String(try await OMI.launch(sandbox, numbers: ["0912345670"]))
        let notFound = ["ErrorCode": "110", "ErrorMsg": "Data is not found"]
        #expect(try await OMI.status(sandbox, [FormField("LaunchID", "9999"), FormField("SMSNumber", "0912345670")]) == notFound)
        #expect(try await OMI.status(sandbox, [FormField("LaunchID", launchID), FormField("SMSNumber", "0912345671")]) == notFound)
        #expect(try await OMI.status(sandbox, [FormField("LaunchID", launchID), FormField("EmailAddress", "a@example.com")]) == notFound)
        let other = [FormField("ManagerLoginName", "other"), FormField("ManagerPassword", "pw"), FormField("LaunchID", launchID), FormField("SMSNumber", "0912345670")]
        #expect(try await OMI.call(sandbox, OMI.get("Status.aspx", other)) == notFound)
        #expect(try await OMI.status(sandbox, [FormField("LaunchID", launchID)])["ErrorCode"] == "102")
        #expect(try await OMI.status(sandbox, [FormField("LaunchID", "abc"), FormField("SMSNumber", "0912345670")])["ErrorCode"] == "102")
    }

    @Test("a job with a StartTime is queued (1) until due, then at the carrier (2) for the carrier delay")
    func scheduling() async throws {
        let sandbox = OMI.sandbox(state: .init(carrierDelay: .seconds(30)))
        let launchID = try await OMI.launch(sandbox, numbers: ["0912345670"], extra: [FormField("StartTime", "2025-03-01 10:00:00")])
        func state() async throws -> String? {
            try await OMI.status(sandbox, [FormField("LaunchID", String(launchID)), FormField("SMSNumber", "0912345670")])["CurrentState"]
        }
        #expect(try await state() == "1")
        await sandbox.clock.advance(by: .seconds(3600))
        #expect(try await state() == "2")
        await sandbox.clock.advance(by: .seconds(30))
        #expect(try await state() == "3")
        #expect(await sandbox.state.setState(4, launchID: launchID, number: "+886912345670"))
        #expect(try await state() == "4")
    }

    @Test("faults work on OMICard too, and before-processing ones create no job")
    func faults() async throws {
        let sandbox = OMI.sandbox()
        await sandbox.network.enqueueFault(.connectionRefused, endpoint: "SMS.aspx")
        await sandbox.network.enqueueFault(.connectionDropped, endpoint: "sms.aspx")
        let request = OMI.post("SMS.aspx", OMI.auth + [FormField("SMSList", "0912345670"), FormField("Content", "x")])
        let refused = try await #require(throws: TransportError.self) { try await sandbox.send(request) }
        #expect(refused.requestMayHaveBeenProcessed == false)
        #expect(await sandbox.state.acceptedJobCount == 0)
        let dropped = try await #require(throws: TransportError.self) { try await sandbox.send(request) }
        #expect(dropped.code == .connectionLost)
        #expect(await sandbox.state.acceptedJobCount == 1)
        await sandbox.network.enqueueFault(.truncatedBody)
        let cut = try await sandbox.send(request)
        #expect(throws: ResponseParseError.self) { try XMLTree.parse(cut.body) }
        #expect(await sandbox.state.jobs().map(\.launchID) == [1001, 1002])
        #expect(await sandbox.network.requestCount(endpoint: "SMS.aspx") == 3)
    }
}

@Suite("SMSSandbox: both gateways on one transport")
struct SMSSandboxRoutingTests {
    @Test("routes EVERY8D and OMICard paths with the demo accounts on one clock")
    func routing() async throws {
        let sandbox = SMSSandbox(clock: SandboxClock(taiwanTime: "2025-03-01 09:00:00")!)
        var credit = E8D.form("GetCredit.ashx", E8D.auth)
        credit.url = Every8DSandbox.demoSiteURL.appendingPathComponent("API21/HTTP/GetCredit.ashx")
        #expect(E8D.text(try await sandbox.send(credit)) == "1000.00")

        let sms = TransportRequest(method: .post, url: OmiCardSandbox.demoBaseURL.appendingPathComponent("SMS.aspx"),
                                   headers: ["Content-Type": FormEncoding.contentType],
                                   body: FormEncoding.encode(OMI.auth + [FormField("SMSList", "0912345670"), FormField("Content", "x"),
                                                                         FormField("StartTime", "2025-03-01 09:10:00")]))
        #expect(try OMI.fields(try await sandbox.send(sms))["LaunchID"] == "1001")
        #expect(await sandbox.omiCard.state.currentState(launchID: 1001, number: "0912345670") == 1)
        await sandbox.clock.advance(by: .seconds(600))
        #expect(await sandbox.omiCard.state.currentState(launchID: 1001, number: "0912345670") == 3)
        #expect(await sandbox.every8d.clock.now() == TaiwanTime.parse("2025-03-01 09:10:00"))

        let other = TransportRequest(method: .get, url: URL(string: "https://x.example/elsewhere")!)
        #expect(try await sandbox.send(other).status == 404)
    }

    @Test("the clock follows the system clock by default and can be set")
    func clock() async throws {
        let clock = SandboxClock()
        #expect(await clock.followsSystemClock)
        let target = try #require(TaiwanTime.parse("2030-01-01 00:00:00"))
        await clock.set(target)
        #expect(abs(await clock.now().timeIntervalSince(target)) < 60)
        #expect(SandboxClock(taiwanTime: "not a time") == nil)
    }
}
