import Foundation
import Testing
import Every8D
import SMSSandbox

@Suite("Every8DCampaign")
struct Every8DCampaignTests {
    @Test("23 rows in chunks of 5: five SendParam requests of 5, 5, 5, 5 and 3, each row sent once, in order")
    func chunking() async throws {
        let sandbox = Campaigns.sandbox()
        let gauge = SendParamGauge()
        let campaign = Every8DCampaign(gateway: Campaigns.client(sandbox, gauge: gauge), key: "chunking",
                                       options: CampaignOptions(chunkSize: 5, maximumConcurrentChunks: 1))
        let (events, summary) = await Campaigns.events(try campaign.sendPersonalized(CampaignRows(Campaigns.messages(23))))
        let result = try #require(summary)
        #expect(result.isComplete)
        #expect(result.stopReason == .completed)
        #expect(result.totals.sent == 23 && result.totals.rowsRead == 23 && result.totals.chunksFinished == 5)
        #expect(await gauge.requests == 5)
        let batches = await sandbox.state.batches()
        #expect(batches.map(\.messages.count) == [5, 5, 5, 5, 3])
        #expect(batches.allSatisfy { $0.endpoint.hasSuffix("SendParam.ashx") })
        #expect(batches.flatMap(\.messages).map(\.mobile) == (0..<23).map(Campaigns.wire))
        #expect(batches.flatMap(\.messages).map(\.text) == Campaigns.messages(23).map(\.text))
        let started = events.compactMap { if case .chunkStarted(let chunk) = $0.kind { chunk } else { nil } }
        #expect(started.map(\.idempotencyKey) == (0..<5).map { "chunking#\($0)" })
        #expect(started.map(\.firstRow) == [0, 5, 10, 15, 20])
        #expect(started.map(\.lastRow) == [4, 9, 14, 19, 22])
    }

    @Test("a template campaign sends each recipient the template filled with its values")
    func templates() async throws {
        let sandbox = Campaigns.sandbox()
        let recipients = (0..<7).map { TemplateRecipient(mobile: Campaigns.number($0), values: ["客戶\($0)", "\($0 * 100)"]) }
        let campaign = Every8DCampaign(gateway: Campaigns.client(sandbox), key: "template", options: CampaignOptions(chunkSize: 3))
        let (_, summary) = await Campaigns.events(try campaign.sendTemplate(template: "%field1% 您好，帳單 %field2% 元", recipients: CampaignRows(recipients)))
        #expect(summary?.totals.sent == 7)
        let texts = await sandbox.state.batches().flatMap(\.messages).map(\.text).sorted()
        #expect(texts == (0..<7).map { "客戶\($0) 您好，帳單 \($0 * 100) 元" }.sorted())
    }

    @Test("never more than K chunks in flight, and more than one at a time")
    func boundedConcurrency() async throws {
        let sandbox = Campaigns.sandbox()
        let gauge = SendParamGauge()
        let campaign = Every8DCampaign(gateway: Campaigns.client(sandbox, gauge: gauge, delay: .milliseconds(20)), key: "bounded",
                                       options: CampaignOptions(chunkSize: 2, maximumConcurrentChunks: 3))
        let (events, summary) = await Campaigns.events(try campaign.sendPersonalized(CampaignRows(Campaigns.messages(40))))
        #expect(summary?.totals.sent == 40)
        #expect(await gauge.requests == 20)
        #expect(await gauge.maximumInFlight <= 3)
        #expect(await gauge.maximumInFlight >= 2)
        #expect(events.allSatisfy { $0.totals.chunksStarted - $0.totals.chunksFinished <= 3 })
        #expect(await Campaigns.received(sandbox).values.allSatisfy { $0 == 1 })
    }

    @Test("credit runs out mid-campaign: the summary names exactly who was not sent, nothing later is sent; a re-run after a top-up sends only them and the rest")
    func creditExhaustion() async throws {
        let sandbox = Campaigns.sandbox(credit: 25)
        let gauge = SendParamGauge()
        let ledger = InMemoryStateStore()
        let campaign = Every8DCampaign(gateway: Campaigns.client(sandbox, gauge: gauge, ledger: ledger), key: "credit",
                                       options: CampaignOptions(chunkSize: 10, maximumConcurrentChunks: 1))
        let rows = CampaignRows(Campaigns.messages(60))
        let (events, summary) = await Campaigns.events(try campaign.sendPersonalized(rows))
        let result = try #require(summary)
        #expect(result.stopReason == .outOfCredit)
        #expect(result.totals.sent == 25)
        #expect(result.totals.unsent == 5)
        #expect(result.unsentRows.map(\.index) == Array(25...29))
        #expect(result.unsentRows.map(\.mobile) == (25...29).map(Campaigns.number))
        #expect(result.firstRowNotAttempted == 30)
        #expect(await gauge.requests == 3)
        #expect(Set(await Campaigns.received(sandbox).keys) == Set((0..<25).map(Campaigns.wire)))
        let partial = events.compactMap { if case .chunkPartiallySent(let chunk, _, let unsent) = $0.kind { (chunk.index, unsent.count) } else { nil } }
        #expect(partial.count == 1 && partial.first?.0 == 2 && partial.first?.1 == 5)

        await sandbox.state.setCredit(1000, for: "sandbox")
        let (_, resumed) = await Campaigns.events(try campaign.sendPersonalized(rows))
        #expect(resumed?.stopReason == .completed)
        #expect(resumed?.totals.sent == 60)
        // Chunks 0 and 1 came from the ledger; chunk 2's five unsent rows, then chunks 3 to 5.
        #expect(await gauge.requests == 3 + 4)
        let received = await Campaigns.received(sandbox)
        #expect(received.count == 60)
        #expect(received.values.allSatisfy { $0 == 1 })
    }

    @Test("cancelling the consumer stops new chunks, waits for those in flight and reports them")
    func cancellation() async throws {
        let sandbox = Campaigns.sandbox()
        let gauge = SendParamGauge()
        let campaign = Every8DCampaign(gateway: Campaigns.client(sandbox, gauge: gauge, delay: .milliseconds(30)), key: "cancel",
                                       options: CampaignOptions(chunkSize: 5, maximumConcurrentChunks: 2))
        let run = try campaign.sendPersonalized(CampaignRows(Campaigns.messages(200)))
        let consumer = Task { () -> ([CampaignEvent], CampaignSummary?) in
            var events: [CampaignEvent] = []
            var summary: CampaignSummary?
            for await event in run {
                events.append(event)
                if case .chunkSent = event.kind { withUnsafeCurrentTask { $0?.cancel() } }
                if case .finished(let finished) = event.kind { summary = finished }
            }
            return (events, summary)
        }
        let (events, summary) = await consumer.value
        let result = try #require(summary)
        #expect(result.stopReason == .cancelled)
        let started = events.filter { if case .chunkStarted = $0.kind { true } else { false } }.count
        let sent = events.filter { if case .chunkSent = $0.kind { true } else { false } }.count
        #expect(started < 40)
        #expect(sent == started, "every chunk in flight at the cancellation is waited for and reported")
        #expect(result.totals.sent == started * 5)
        #expect(result.firstRowNotAttempted == started * 5)
        #expect(await gauge.requests == started)
        #expect(await Campaigns.received(sandbox).count == started * 5)
    }

    @Test("crash and resume: cancelled half-way, re-run with the same key and ledger; nobody receives two copies")
    func resumeAfterCancellation() async throws {
        let sandbox = Campaigns.sandbox()
        let gauge = SendParamGauge()
        let ledger = InMemoryStateStore()
        let rows = CampaignRows(Campaigns.messages(100))
        let options = CampaignOptions(chunkSize: 10, maximumConcurrentChunks: 2)
        let first = try Every8DCampaign(gateway: Campaigns.client(sandbox, gauge: gauge, ledger: ledger), key: "resume", options: options)
            .sendPersonalized(rows)
        let stopped = await Task { () -> CampaignSummary? in
            var sentChunks = 0
            for await event in first {
                if case .chunkSent = event.kind { sentChunks += 1 }
                if sentChunks == 3 { withUnsafeCurrentTask { $0?.cancel() } }
                if case .finished(let summary) = event.kind { return summary }
            }
            return nil
        }.value
        let halfway = try #require(stopped)
        #expect(halfway.stopReason == .cancelled)
        let sentBefore = halfway.totals.sent
        #expect(sentBefore >= 30 && sentBefore < 100)

        // A new process: a new client on the same ledger and gateway account.
        let second = Every8DCampaign(gateway: Campaigns.client(sandbox, gauge: gauge, ledger: ledger), key: "resume", options: options)
        let (events, summary) = await Campaigns.events(try second.sendPersonalized(rows))
        #expect(summary?.isComplete == true)
        #expect(summary?.totals.sent == 100)
        var replayed = 0
        for event in events {
            guard case .chunkSent(_, let receipts) = event.kind else { continue }
            for receipt in receipts where receipt.origin == .ledger { replayed += receipt.sent }
        }
        #expect(replayed == sentBefore)
        #expect(await gauge.requests == 10)
        let received = await Campaigns.received(sandbox)
        #expect(received.count == 100)
        #expect(received.values.allSatisfy { $0 == 1 })
    }

    @Test("a lost answer mid-campaign is reported unknown, never resent; the re-run completes with nobody twice")
    func resumeAfterLostAnswer() async throws {
        let sandbox = Campaigns.sandbox()
        let gauge = SendParamGauge()
        await gauge.loseAnswer(of: 2)
        let ledger = InMemoryStateStore()
        let rows = CampaignRows(Campaigns.messages(30))
        let options = CampaignOptions(chunkSize: 10, maximumConcurrentChunks: 1)
        let campaign = Every8DCampaign(gateway: Campaigns.client(sandbox, gauge: gauge, ledger: ledger), key: "lost", options: options)
        let (_, first) = await Campaigns.events(try campaign.sendPersonalized(rows))
        #expect(first?.totals.unknown == 10)
        #expect(first?.unknownRows.map(\.index) == Array(10..<20))
        #expect(first?.totals.sent == 20)
        let (_, second) = await Campaigns.events(try campaign.sendPersonalized(rows))
        #expect(second?.totals.unsent == 0)
        let received = await Campaigns.received(sandbox)
        #expect(received.count == 30)
        #expect(received.values.allSatisfy { $0 == 1 })
    }

    @Test("bad rows are reported with their index and reason, and the rest of their chunk is sent")
    func badRows() async throws {
        let sandbox = Campaigns.sandbox()
        var messages = Campaigns.messages(12)
        messages[3].mobile = "12345"
        messages[7].text = "  "
        messages[1].messageReference = "A"
        messages[4].messageReference = "A"  // the same request as row 1
        messages[9].messageReference = "A"  // the next request: no clash
        messages[11].sendAt = Date(timeIntervalSinceNow: -3600)
        let campaign = Every8DCampaign(gateway: Campaigns.client(sandbox), key: "bad", options: CampaignOptions(chunkSize: 5))
        let (events, summary) = await Campaigns.events(try campaign.sendPersonalized(CampaignRows(messages)))
        let result = try #require(summary)
        #expect(result.badRows.map(\.row.index) == [3, 4, 7, 11])
        #expect(result.badRows.map(\.error.field) == ["Mobile", "Mr", "Param", "SendTime"])
        #expect(result.badRows[0].row.mobile == "12345")
        #expect(result.totals.badRows == 4 && result.totals.sent == 8 && result.totals.rowsRead == 12)
        #expect(!result.isComplete)
        let reported = events.compactMap { if case .badRow(let bad) = $0.kind { bad.row.index } else { nil } }
        #expect(reported == [3, 4, 7, 11])
        let batches = await sandbox.state.batches()
        #expect(batches.map(\.messages.count).sorted() == [3, 5])
        #expect(Set(batches.flatMap(\.messages).map(\.mobile)) == Set([0, 1, 2, 5, 6, 8, 9, 10].map(Campaigns.wire)))
    }

    @Test("a chunk refused as a whole is reported not sent and the campaign goes on")
    func refusedChunk() async throws {
        // The SOAP client refuses a personalised send with an event id before sending: every
        // chunk fails alike, each row reported, none silently dropped.
        let soap = Every8DSOAPClient(credentials: .init(userID: "sandbox", password: "sandbox-password"),
                                     configuration: .init(siteURL: Every8DSandbox.demoSiteURL), transport: Campaigns.sandbox())
        let campaign = Every8DCampaign(gateway: soap, key: "soap", options: CampaignOptions(chunkSize: 4, eventID: "1234"))
        let (events, summary) = await Campaigns.events(try campaign.sendPersonalized(CampaignRows(Campaigns.messages(10))))
        #expect(summary?.totals.unsent == 10)
        #expect(summary?.stopReason == .completed)
        let notSent = events.compactMap { if case .chunkNotSent(_, _, let rows, _) = $0.kind { rows.map(\.index) } else { nil } }
        // Chunks run concurrently, so they may finish in any order.
        #expect(notSent.flatMap { $0 }.sorted() == Array(0..<10))
    }

    @Test("the SOAP client runs a campaign too")
    func soapCampaign() async throws {
        let sandbox = Campaigns.sandbox()
        let soap = Every8DSOAPClient(credentials: .init(userID: "sandbox", password: "sandbox-password"),
                                     configuration: .init(siteURL: Every8DSandbox.demoSiteURL), transport: sandbox)
        let campaign = Every8DCampaign(gateway: soap, key: "soap-ok", options: CampaignOptions(chunkSize: 4))
        let (_, summary) = await Campaigns.events(try campaign.sendPersonalized(CampaignRows(Campaigns.messages(10))))
        #expect(summary?.isComplete == true)
        #expect(await Campaigns.received(sandbox).count == 10)
    }

    @Test("chunk keys: <key>#<index>, hashed when the key is too long; bad keys and options are refused before anything is sent")
    func keysAndOptions() throws {
        let client = Campaigns.client(Campaigns.sandbox())
        #expect(Every8DCampaign(gateway: client, key: "k").idempotencyKey(forChunk: 12) == "k#12")
        let long = Every8DCampaign(gateway: client, key: String(repeating: "x", count: 300))
        let key = long.idempotencyKey(forChunk: 999_999)
        #expect(key.hasPrefix("sha256:") && key.hasSuffix("#999999") && key.utf8.count <= 255)
        #expect(key != long.idempotencyKey(forChunk: 1))
        let rows = CampaignRows(Campaigns.messages(1))
        #expect(throws: ValidationError.self) { try Every8DCampaign(gateway: client, key: "").sendPersonalized(rows) }
        #expect(throws: ValidationError.self) { try Every8DCampaign(gateway: client, key: "a\nb").sendPersonalized(rows) }
        #expect(throws: ValidationError.self) {
            try Every8DCampaign(gateway: client, key: "k", options: CampaignOptions(chunkSize: 1001)).sendPersonalized(rows)
        }
        #expect(throws: ValidationError.self) {
            try Every8DCampaign(gateway: client, key: "k", options: CampaignOptions(maximumConcurrentChunks: 0)).sendPersonalized(rows)
        }
        #expect(throws: ValidationError.self) {
            try Every8DCampaign(gateway: client, key: "k").sendTemplate(template: "%field9%", recipients: CampaignRows([TemplateRecipient]()))
        }
    }
}
