import Foundation
import Testing
import SMSSandbox
@_spi(SMSInternals) @_spi(Every8DV3) @testable import Every8D

@Suite("Every8DV3Sandbox: API 3.0 over the 2.1 sandbox's state")
struct Every8DV3SandboxTests {
    @Test("a token is good for one call within ten minutes; tokenislive looks without using it")
    func singleUseTokens() async throws {
        let sandbox = V3.sandbox()
        let token = try await V3.token(sandbox)
        #expect(try Every8DV3ResponseParser.tokenIsLive(try await V3.call(sandbox, .tokenIsLive, .token(token))))
        #expect(try Every8DV3ResponseParser.tokenIsLive(try await V3.call(sandbox, .tokenIsLive, .token(token))))
        #expect(try Every8DV3ResponseParser.credit(try await V3.call(sandbox, .credit, .token(token))) == 1000)
        #expect(try !Every8DV3ResponseParser.tokenIsLive(try await V3.call(sandbox, .tokenIsLive, .token(token))))
        let reused = try await V3.call(sandbox, .credit, .token(token))
        #expect { try Every8DV3ResponseParser.credit(reused) } throws: { ($0 as? Every8DError)?.code.refusesToken == true }

        let late = try await V3.token(sandbox)
        await sandbox.clock.advance(by: .seconds(600))
        #expect(try !Every8DV3ResponseParser.tokenIsLive(try await V3.call(sandbox, .tokenIsLive, .token(late))))
        #expect(V3.status(try await V3.call(sandbox, .credit, .token(late))) == 502)

        let other = try await V3.token(sandbox)
        #expect(V3.status(try await V3.call(sandbox, .credit, .token(other), userID: "someone-else")) == 502)
        #expect(try Every8DV3ResponseParser.credit(try await V3.call(sandbox, .credit, .token(other))) == 1000)
        #expect(await sandbox.state.v3TokensIssued == 3)
        #expect(await sandbox.state.v3TokensSpent == 2)
        #expect(await sandbox.state.v3ActiveTokenCount() == 0)
    }

    @Test("a token is used up by a call that fails, too")
    func failedCallUsesToken() async throws {
        let sandbox = V3.sandbox()
        let token = try await V3.token(sandbox)
        let refused = try await V3.call(sandbox, try V3Request.deliveryStatus(batch: "no-such-batch"), .token(token))
        #expect(try Every8DV3ResponseParser.deliveryPage(refused) == DeliveryPage(totalCount: 0, batchID: "no-such-batch", reports: []))
        #expect(V3.status(try await V3.call(sandbox, .credit, .token(token))) == 502)
    }

    @Test("uid + pwd works unless the account is token-only (531); wrong passwords 505, ten lock the account (509)")
    func passwords() async throws {
        let sandbox = V3.sandbox()
        #expect(try Every8DV3ResponseParser.credit(try await V3.call(sandbox, .credit)) == 1000)
        await sandbox.state.setV3PasswordAuthentication(allowed: false, userID: V3.demo.userID)
        let refused = try await V3.call(sandbox, .credit)
        #expect { try Every8DV3ResponseParser.credit(refused) } throws: { ($0 as? Every8DError)?.code.refusesPasswordAuthentication == true }
        #expect(try Every8DV3ResponseParser.credit(try await V3.call(sandbox, .credit, .token(try await V3.token(sandbox)))) == 1000)

        for attempt in 1...10 {
            let wrong = try await V3.call(sandbox, .getToken, .password("wrong-\(attempt)"))
            #expect(V3.status(wrong) == 505)
        }
        #expect(await sandbox.state.v3FailedLogins(userID: V3.demo.userID) == 10)
        let locked = try await V3.call(sandbox, .getToken)
        #expect { try Every8DV3ResponseParser.token(locked) } throws: { ($0 as? Every8DError)?.code == .accountSuspendedOrLocked }
        await sandbox.state.setV3Suspended(false, userID: V3.demo.userID)
        #expect(try await V3.token(sandbox).count == 32)
        #expect(V3.status(try await V3.call(sandbox, .getToken, .password("x"), userID: "nobody")) == 505)
    }

    @Test("custcodes: one no account has is 507 and says so; another account's is 508")
    func custcodes() async throws {
        let other = Every8DSandboxAccount(userID: "acme-user", password: "acme-pass")
        let sandbox = V3.sandbox(accounts: [V3.demo, other])
        await sandbox.state.setCustcode("acme", userID: other.userID)
        let unknown = try await V3.call(sandbox, .credit, site: try V3Site(siteURL: Every8DSandbox.demoSiteURL, custcode: "e8b"))
        #expect { try Every8DV3ResponseParser.credit(unknown) } throws: { error in
            guard let error = error as? Every8DError else { return false }
            return error.code == .wrongCustcode && error.description.contains("wrong custcode")
        }
        let acme = try V3Site(siteURL: Every8DSandbox.demoSiteURL, custcode: "acme")
        #expect(V3.status(try await V3.call(sandbox, .credit, site: acme)) == 508)
        #expect(try Every8DV3ResponseParser.credit(try await V3.call(sandbox, .credit, .password("acme-pass"), userID: "acme-user", site: acme)) == 1000)
        #expect(await sandbox.state.v3TokensSpent == 0)
    }

    @Test("malformed requests get annex 2's statuses", arguments: [
        ("getcredit", #"{"pwd":"sandbox-password"}"#, 501),
        ("getcredit", #"{"uid":"sandbox"}"#, 501),
        ("getoken", #"{"uid":"sandbox"}"#, 501),
        ("getcredit", "not json", 506),
        ("sendsms", #"{"uid":"sandbox","pwd":"sandbox-password","mobiles":"0912345678"}"#, 501),
        ("sendsms", #"{"uid":"sandbox","pwd":"sandbox-password","msg":"x"}"#, 501),
        ("sendsms", #"{"uid":"sandbox","pwd":"sandbox-password","msg":"x","mobiles":"861382345678"}"#, 544),
        ("sendsms", #"{"uid":"sandbox","pwd":"sandbox-password","msg":"x","mobiles":"0912345678","sendtime":"2025-03-01"}"#, 545),
        ("sendsms", #"{"uid":"sandbox","pwd":"sandbox-password","msg":"x","mobiles":"0912345678","retrytime":"0"}"#, 506),
        ("sendparam_sms", #"{"uid":"sandbox","pwd":"sandbox-password","paramsContent":"%field1%%field2%","recipientdatalist":[{"mobile":"0912345678","sendtime":"","params":"a","mr":""}]}"#, 546),
        ("sendparam_sms", #"{"uid":"sandbox","pwd":"sandbox-password","paramsContent":"%field9%","recipientdatalist":[{"mobile":"0912345678","sendtime":"","params":"a","mr":""}]}"#, 543),
        ("sendparam_sms", #"{"uid":"sandbox","pwd":"sandbox-password","recipientdatalist":[{"mobile":"0912345678","sendtime":"","params":"a","mr":""}]}"#, 501),
        ("sendexclusive_sms", #"{"uid":"sandbox","pwd":"sandbox-password","recipientdatalist":[{"mobile":"0912345678","params":"a","mr":"1"},{"mobile":"0912345679","params":"b","mr":"1"}]}"#, 506),
        ("sendexclusive_sms", #"{"uid":"sandbox","pwd":"sandbox-password","recipientdatalist":[]}"#, 501),
        ("sendmms", #"{"uid":"sandbox","pwd":"sandbox-password","subject":"s","mobiles":"0912345678","attachment":"R0lGODlh","type":"gif"}"#, 547),
        ("sendmms", #"{"uid":"sandbox","pwd":"sandbox-password","subject":"s","mobiles":"+8613823456789","attachment":"/9j/4A==","type":"jpg"}"#, 554),
        ("sendmms", #"{"uid":"sandbox","pwd":"sandbox-password","mobiles":"0912345678","attachment":"/9j/4A==","type":"jpg"}"#, 501),
        ("sendmms", #"{"uid":"sandbox","pwd":"sandbox-password","subject":"s","mobiles":"0912345678","type":"jpg"}"#, 501),
        ("sendmms", #"{"uid":"sandbox","pwd":"sandbox-password","subject":"s","mobiles":"0912345678","attachment":"@@@","type":"jpg"}"#, 506),
        ("sendexclusive_mms", #"{"uid":"sandbox","pwd":"sandbox-password","subject":"s","attachment":"/9j/4A==","attachmentType":"bmp","recipientdatalist":[{"mobile":"0912345678","params":"a"}]}"#, 547),
        ("getdrstatus", #"{"uid":"sandbox","pwd":"sandbox-password","type":"SMS"}"#, 501),
        ("getdrstatus", #"{"uid":"sandbox","pwd":"sandbox-password","batchid":"b"}"#, 501),
        ("getdrstatus", #"{"uid":"sandbox","pwd":"sandbox-password","batchid":"b","type":"FAX"}"#, 506),
        ("getdrstatus", #"{"uid":"sandbox","pwd":"sandbox-password","batchid":"b","type":"SMS","pageno":"0"}"#, 506),
        ("cancelbooking", #"{"uid":"sandbox","pwd":"sandbox-password","batchid":"b","type":"SMS"}"#, 521),
        ("getcredit", #"{"uid":"sandbox","token":"never-issued"}"#, 502),
    ])
    func statuses(_ endpoint: String, _ body: String, _ status: Int) async throws {
        let sandbox = V3.sandbox()
        let answer = try await sandbox.send(V3.raw(endpoint, body))
        #expect(answer.status == 200)
        #expect(V3.status(answer.body) == status, "\(V3.text(answer.body))")
        #expect(await sandbox.state.acceptedSendCount == 0)
        let wrongType = try await sandbox.send(V3.raw("getcredit", #"{"uid":"sandbox","pwd":"sandbox-password"}"#, contentType: "text/plain"))
        #expect(V3.status(wrongType.body) == 506)
    }

    @Test("international numbers: 553 when the account may not, sent and charged 3x when it may")
    func international() async throws {
        let closed = Every8DSandboxAccount(userID: "local", password: "pw", internationalEnabled: false)
        let sandbox = V3.sandbox(accounts: [V3.demo, closed])
        let request = try V3Request.sendSMS(to: ["+14155550100"], text: "hi", options: V3.options)
        let refused = try await V3.call(sandbox, request, .password("pw"), userID: "local")
        #expect { try Every8DV3ResponseParser.sendReceipt(refused) } throws: { ($0 as? Every8DError)?.code == .internationalNotEnabled }
        let receipt = try Every8DV3ResponseParser.sendReceipt(try await V3.call(sandbox, request))
        #expect(receipt.cost == 3 && receipt.sent == 1)
    }

    @Test("a batch sent through 3.0 is queried through 3.0 and 2.1 alike")
    func sharedState() async throws {
        let sandbox = V3.sandbox()
        let numbers = ["0912345670", "0912345676", "0912345677", "0912345678", "0912345679"]
        let receipt = try Every8DV3ResponseParser.sendReceipt(
            try await V3.call(sandbox, try V3Request.sendSMS(to: numbers, text: "您好", subject: "通知", options: V3.options)))
        #expect(receipt == SendReceipt(credit: 995, sent: 5, cost: 5, unsent: 0, batchID: receipt.batchID))
        let batch = try #require(await sandbox.state.batch(id: receipt.batchID))
        #expect(batch.endpoint == "sendsms" && batch.subject == "通知" && batch.messages.map(\.mobile) == numbers.map { "+886" + $0.dropFirst() })

        let page = try Every8DV3ResponseParser.deliveryPage(try await V3.call(sandbox, try V3Request.deliveryStatus(batch: receipt.batchID)))
        #expect(page.totalCount == 5 && page.batchID == receipt.batchID)
        #expect(page.reports.map(\.status.rawValue) == [100, 101, 103, 0, 100])
        #expect(page.reports.map(\.messageReference) == ["1", "2", "3", "4", "5"])
        #expect(page.reports[0].sentAt == V3.start && page.reports[0].receivedAt == V3.start && page.reports[0].cost == 1)

        let classic = try Every8DResponseParser.deliveryPage(json: Data(try await E8D.deliveryPage(sandbox, batch: receipt.batchID, format: 1).utf8))
        #expect(classic.reports == page.reports)
        #expect(try Every8DResponseParser.credit(Data(E8D.text(try await sandbox.send(E8D.form("GetCredit.ashx", E8D.auth))).utf8)) == 995)

        let replies = try Every8DV3ResponseParser.replyPage(try await V3.call(sandbox, try V3Request.replies(batch: receipt.batchID)))
        #expect(replies.totalCount == 1 && replies.replies.first?.mobile == "+886912345679" && replies.replies.first?.text == Every8DScenario.replyText)

        // The other way round: a 2.1 batch read through 3.0, and the wrong type.
        let classicBatch = E8D.fields(try await E8D.sendSMS(sandbox, text: "2.1", to: ["0912345671"]))[4]
        #expect(try Every8DV3ResponseParser.deliveryPage(try await V3.call(sandbox, try V3Request.deliveryStatus(batch: classicBatch))).reports.count == 1)
        let wrongType = try await V3.call(sandbox, try V3Request.deliveryStatus(batch: classicBatch, mms: true))
        #expect(V3.status(wrongType) == 521)
        #expect(try Every8DV3ResponseParser.deliveryPage(wrongType, operation: .v3MMSDeliveryStatus).reports.isEmpty)
    }

    @Test("delivery reports come 1000 a page; a page past the end has the count and no rows")
    func paging() async throws {
        let rich = Every8DSandboxAccount(userID: V3.demo.userID, password: V3.demo.password, credit: 5000, internationalEnabled: true)
        let sandbox = V3.sandbox(accounts: [rich])
        let numbers = E8D.numbers(1001, endingIn: 1)
        let receipt = try Every8DV3ResponseParser.sendReceipt(try await V3.call(sandbox, try V3Request.sendSMS(to: numbers, text: "x", options: V3.options)))
        var rows: [DeliveryReport] = []
        for pageNumber in 1...3 {
            let page = try Every8DV3ResponseParser.deliveryPage(try await V3.call(sandbox, try V3Request.deliveryStatus(batch: receipt.batchID, page: pageNumber)))
            #expect(page.totalCount == 1001)
            #expect(page.reports.count == [1000, 1, 0][pageNumber - 1])
            rows += page.reports
        }
        #expect(Set(rows.map(\.mobile)).count == 1001)
    }

    @Test("personalized, template and MMS sends land in the state as 2.1's do")
    func listSends() async throws {
        let sandbox = V3.sandbox()
        let picture = try MMSAttachment(data: Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 60)))
        let personal = try Every8DV3ResponseParser.sendReceipt(try await V3.call(sandbox, try V3Request.sendPersonalizedSMS(
            [PersonalizedMessage(mobile: "0912345670", text: "甲", messageReference: "a-1"), PersonalizedMessage(mobile: "886912345671", text: "乙")],
            subject: "s", eventID: "-1", options: V3.options)), operation: .v3SendPersonalizedSMS)
        let template = try Every8DV3ResponseParser.sendReceipt(try await V3.call(sandbox, try V3Request.sendTemplateSMS(
            template: "%field1%您好，%field2%到期", recipients: [TemplateRecipient(mobile: "0912345672", values: ["小明", "9/30"])], options: V3.options)))
        let mms = try Every8DV3ResponseParser.sendReceipt(try await V3.call(sandbox, try V3Request.sendMMS(
            to: ["0912345673"], subject: "圖", text: "看圖", attachment: picture, options: V3.options)))
        let listMMS = try Every8DV3ResponseParser.sendReceipt(try await V3.call(sandbox, try V3Request.sendTemplateMMS(
            template: "嗨 %field1%", recipients: [TemplateRecipient(mobile: "+8860912345674", values: ["王"])], subject: "圖", attachment: picture,
            options: V3.options)))

        let personalBatch = try #require(await sandbox.state.batch(id: personal.batchID))
        #expect(personalBatch.messages.map(\.text) == ["甲", "乙"] && personalBatch.messages.map(\.messageReference) == ["a-1", "2"])
        #expect(personalBatch.eventID == "-1" && personalBatch.endpoint == "sendexclusive_sms")
        #expect(await sandbox.state.batch(id: template.batchID)?.messages.first?.text == "小明您好，9/30到期")
        let mmsBatch = try #require(await sandbox.state.batch(id: mms.batchID))
        #expect(mmsBatch.kind == .mms && mmsBatch.attachment?.type == "jpg" && mms.cost == 3)
        #expect(await sandbox.state.batch(id: listMMS.batchID)?.messages.first?.text == "嗨 王")
        #expect(await sandbox.state.batch(id: listMMS.batchID)?.messages.first?.mobile == "+886912345674")
        let mmsPage = try Every8DV3ResponseParser.deliveryPage(try await V3.call(sandbox, try V3Request.deliveryStatus(batch: mms.batchID, mms: true)),
                                                               operation: .v3MMSDeliveryStatus)
        #expect(mmsPage.reports.map(\.status) == [.mmsSent])
    }

    @Test("the filtered send: sent with duplicates left out (200), nothing sent (522, 523)")
    func filteredSend() async throws {
        let sandbox = V3.sandbox()
        let first = try Every8DV3ResponseParser.sendReceipt(try await V3.call(sandbox, try V3Request.sendSMS(to: ["0912345670"], text: "同一則", options: V3.options)))
        let filtered = try Every8DV3ResponseParser.duplicateFilterReceipt(try await V3.call(sandbox, try V3Request.sendSMSFilteringDuplicates(
            to: ["0912345670", "0912345671"], text: "同一則", options: V3.options)))
        #expect(filtered.sent == 1 && filtered.batchID != nil)
        #expect(filtered.filtered == [.init(mobile: "+886912345670", earlierBatchID: first.batchID)])
        let batch = try #require(await sandbox.state.batch(id: filtered.batchID ?? ""))
        #expect(batch.endpoint == "sendparam_sms (filtered)" && batch.messages.map(\.mobile) == ["+886912345671"])

        let dryBody = try await V3.call(sandbox, try V3Request.sendSMSFilteringDuplicates(to: ["0912345671", "0912345672"], text: "同一則", dryRun: true, options: V3.options))
        #expect(V3.status(dryBody) == 522)
        let dry = try Every8DV3ResponseParser.duplicateFilterReceipt(dryBody)
        #expect(dry.batchID == nil && dry.credit == 0 && dry.filtered.map(\.mobile) == ["+886912345671"])
        let cleanBody = try await V3.call(sandbox, try V3Request.sendSMSFilteringDuplicates(to: ["0912345672"], text: "同一則", dryRun: true, options: V3.options))
        #expect(V3.status(cleanBody) == 523)
        #expect(try Every8DV3ResponseParser.duplicateFilterReceipt(cleanBody).filtered.isEmpty)
        let allFiltered = try await V3.call(sandbox, try V3Request.sendSMSFilteringDuplicates(to: ["0912345670"], text: "同一則", options: V3.options))
        #expect(V3.status(allFiltered) == 522)
        #expect(try Every8DV3ResponseParser.duplicateFilterReceipt(allFiltered).sendReceipt == nil)
        #expect(await sandbox.state.acceptedSendCount == 2)
    }

    @Test("cancelbooking refunds what is still booked; then 521; the rows say 303")
    func cancel() async throws {
        let sandbox = V3.sandbox()
        let later = V3.start.addingTimeInterval(3600)
        let receipt = try Every8DV3ResponseParser.sendReceipt(try await V3.call(sandbox, try V3Request.sendSMS(
            to: ["0912345670", "0912345671"], text: "預約", at: later, options: V3.options)))
        #expect(try Every8DV3ResponseParser.deliveryPage(try await V3.call(sandbox, try V3Request.deliveryStatus(batch: receipt.batchID))).reports.map(\.status) == [.scheduled, .scheduled])
        #expect(try Every8DV3ResponseParser.cancelResult(try await V3.call(sandbox, try V3Request.cancelBooking(batch: receipt.batchID))) == CancelResult(cancelled: 2, refundedPoints: 2))
        #expect(await sandbox.state.credit(of: V3.demo.userID) == 1000)
        let again = try await V3.call(sandbox, try V3Request.cancelBooking(batch: receipt.batchID))
        #expect { try Every8DV3ResponseParser.cancelResult(again) } throws: { ($0 as? Every8DError)?.code == .cancelOrQueryFailed }
        #expect(V3.status(try await V3.call(sandbox, try V3Request.cancelBooking(batch: receipt.batchID, mms: true))) == 521)
        #expect(try Every8DV3ResponseParser.deliveryPage(try await V3.call(sandbox, try V3Request.deliveryStatus(batch: receipt.batchID))).reports.map(\.status) == [.bookingCancelled, .bookingCancelled])
    }

    @Test("faults: dropped after the send (carried out), refused before it (not), an expired token, a cut answer")
    func faults() async throws {
        let sandbox = V3.sandbox()
        let send = try V3Request.sendSMS(to: ["0912345670"], text: "x", options: V3.options)
        await sandbox.network.enqueueFault(.connectionDropped, endpoint: "sendsms")
        await #expect { try await V3.call(sandbox, send) } throws: { ($0 as? TransportError)?.requestMayHaveBeenProcessed == true }
        #expect(await sandbox.state.acceptedSendCount == 1)
        await sandbox.network.enqueueFault(.httpStatus(503), endpoint: "sendsms")
        let http = send.transportRequest(url: V3.site.url(send.operation), userID: V3.demo.userID, authentication: .password(V3.demo.password), timeout: .seconds(5))
        #expect(try await sandbox.send(http).status == 503)
        #expect(await sandbox.state.acceptedSendCount == 1)

        let token = try await V3.token(sandbox)
        await sandbox.network.enqueueFault(.expiredToken, endpoint: "getcredit")
        #expect(V3.status(try await V3.call(sandbox, .credit, .token(token))) == 502)
        await sandbox.network.enqueueFault(.truncatedBody, endpoint: "getcredit")
        let cut = try await sandbox.send(V3.raw("getcredit", #"{"uid":"sandbox","pwd":"sandbox-password"}"#))
        #expect(throws: ResponseParseError.self) { try Every8DV3ResponseParser.credit(cut.body) }
        #expect(await sandbox.network.requests(endpoint: "getcredit").count == 2)
        #expect(await sandbox.network.requests(endpoint: "sendsms").count == 2)
    }

    @Test("SMSSandbox routes 3.0 and Safesay paths to the EVERY8D sandbox; other methods 405")
    func routing() async throws {
        let sandbox = SMSSandbox(clock: SandboxClock(taiwanTime: E8D.start)!)
        #expect(try Every8DV3ResponseParser.credit(try await V3.call(sandbox, .credit)) == 1000)
        var get = V3.raw("GETCREDIT", #"{"uid":"sandbox","pwd":"sandbox-password"}"#)
        #expect(try Every8DV3ResponseParser.credit(try await sandbox.send(get).body) == 1000)
        get.method = .get
        #expect(try await sandbox.send(get).status == 405)
        let nowhere = TransportRequest(method: .post, url: URL(string: "https://sandbox.e8d.invalid/e8d/nothing")!)
        #expect(try await sandbox.send(nowhere).status == 404)
        #expect(await sandbox.every8d.network.requests(endpoint: "getcredit").count == 3)
    }
}
