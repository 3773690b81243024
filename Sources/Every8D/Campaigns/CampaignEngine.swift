import Foundation

/// Runs one campaign: reads rows, checks each, cuts chunks, keeps a bounded number of requests in
/// flight, and turns their outcomes into events. Only the chunk being filled and the requests in
/// flight are held, so memory does not grow with the number of recipients.
struct CampaignEngine<Rows: AsyncSequence & Sendable, Row: CampaignRecipient>: Sendable where Rows.Element == Row {
    typealias Entry = (index: Int, row: Row)

    let rows: Rows
    let sender: CampaignSender<Row>
    let campaign: Every8DCampaign

    private var options: CampaignOptions { campaign.options }

    /// What became of one chunk.
    struct Outcome: Sendable {
        enum Kind: Sendable { case sent, partiallySent, notSent, unknown }
        var chunk: CampaignChunk
        var kind: Kind
        var receipts: [SendReceipt] = []
        var sent = 0
        /// The rows not sent (partially sent, not sent) or in doubt (unknown).
        var rows: [CampaignRow] = []
        var reason = ""
        /// Set when no further request should be made.
        var stop: CampaignStopReason?
    }

    /// The campaign's running state, owned by the task that runs it.
    private struct Tally {
        var totals = CampaignTotals()
        var stop: CampaignStopReason?
        var firstRowNotAttempted: Int?
        var unsentRows: [CampaignRow] = []
        var unknownRows: [CampaignRow] = []
        var badRows: [CampaignBadRow] = []
        let limit: Int

        mutating func note(_ outcome: Outcome) -> CampaignEvent.Kind {
            totals.chunksFinished += 1
            totals.sent += outcome.sent
            totals.cost += outcome.receipts.reduce(Decimal(0)) { $0 + $1.cost }
            switch outcome.kind {
            case .sent:
                return .chunkSent(outcome.chunk, receipts: outcome.receipts)
            case .partiallySent:
                totals.unsent += outcome.rows.count
                Self.append(outcome.rows, to: &unsentRows, limit: limit)
                return .chunkPartiallySent(outcome.chunk, receipts: outcome.receipts, unsent: outcome.rows)
            case .notSent:
                totals.unsent += outcome.rows.count
                Self.append(outcome.rows, to: &unsentRows, limit: limit)
                return .chunkNotSent(outcome.chunk, receipts: outcome.receipts, rows: outcome.rows, reason: outcome.reason)
            case .unknown:
                totals.unknown += outcome.rows.count
                Self.append(outcome.rows, to: &unknownRows, limit: limit)
                return .chunkOutcomeUnknown(outcome.chunk, receipts: outcome.receipts, rows: outcome.rows, reason: outcome.reason)
            }
        }

        static func append(_ rows: [CampaignRow], to list: inout [CampaignRow], limit: Int) {
            list.append(contentsOf: rows.prefix(max(0, limit - list.count)))
        }

        var summary: CampaignSummary {
            CampaignSummary(totals: totals, stopReason: stop ?? .completed, firstRowNotAttempted: firstRowNotAttempted,
                            unsentRows: unsentRows, unknownRows: unknownRows, badRows: badRows)
        }
    }

    func run(_ channel: CampaignEventChannel) async {
        var tally = Tally(limit: options.summaryRowLimit)
        func emit(_ kind: CampaignEvent.Kind) async { await channel.send(CampaignEvent(kind: kind, totals: tally.totals)) }

        await withTaskGroup(of: Outcome.self) { group in
            var inFlight = 0
            var chunkIndex = 0
            var pending: [Entry] = []
            var references: [String: Int] = [:]
            var rowIndex = 0
            var iterator = rows.makeAsyncIterator()

            /// Waits for one request to finish and reports it.
            func finishOne() async {
                guard let outcome = await group.next() else { return }
                inFlight -= 1
                if tally.stop == nil, let stop = outcome.stop { tally.stop = stop }
                let kind = tally.note(outcome)
                await emit(kind)
            }

            /// Sends `pending` as the next chunk, after waiting for room; `false` if the campaign
            /// stopped meanwhile.
            func launch() async -> Bool {
                while inFlight >= options.maximumConcurrentChunks { await finishOne() }
                if tally.stop == nil && Task.isCancelled { tally.stop = .cancelled }
                guard tally.stop == nil else {
                    tally.firstRowNotAttempted = pending.first?.index
                    return false
                }
                let entries = pending
                let chunk = CampaignChunk(index: chunkIndex, firstRow: entries[0].index, lastRow: entries[entries.count - 1].index,
                                          rowCount: entries.count, idempotencyKey: campaign.idempotencyKey(forChunk: chunkIndex))
                pending.removeAll(keepingCapacity: true)
                references.removeAll(keepingCapacity: true)
                chunkIndex += 1
                inFlight += 1
                tally.totals.chunksStarted += 1
                await emit(.chunkStarted(chunk))
                group.addTask { [self] in
                    // The request runs in a task of its own, so cancelling the campaign never
                    // cuts a send short: it stops new requests, and this one is reported.
                    await Task { await self.send(entries, as: chunk) }.value
                }
                return true
            }

            reading: while true {
                if tally.stop == nil && Task.isCancelled { tally.stop = .cancelled }
                if tally.stop != nil {
                    tally.firstRowNotAttempted = pending.first?.index ?? rowIndex
                    break reading
                }
                let next: Row?
                do {
                    next = try await iterator.next()
                } catch {
                    tally.stop = Task.isCancelled || error is CancellationError ? .cancelled : .inputFailed(String(describing: error))
                    tally.firstRowNotAttempted = pending.first?.index ?? rowIndex
                    break reading
                }
                guard let row = next else {
                    if !pending.isEmpty { _ = await launch() }
                    break reading
                }
                let index = rowIndex
                rowIndex += 1
                tally.totals.rowsRead += 1
                if let bad = check(row, index: index, references: &references) {
                    tally.totals.badRows += 1
                    if tally.badRows.count < options.summaryRowLimit { tally.badRows.append(bad) }
                    await emit(.badRow(bad))
                    continue
                }
                pending.append((index, row))
                if pending.count == options.chunkSize, await !launch() { break reading }
            }
            while inFlight > 0 { await finishOne() }
        }
        await emit(.finished(tally.summary))
        await channel.finish()
    }

    /// The row's problem, if it has one: the send's own checks, and a message reference used
    /// twice in the chunk being filled (the gateway refuses the whole request for that).
    private func check(_ row: Row, index: Int, references: inout [String: Int]) -> CampaignBadRow? {
        let described = CampaignRow(index: index, mobile: row.mobile, messageReference: row.messageReference)
        do {
            try sender.check(row, Date())
        } catch let error as ValidationError {
            return CampaignBadRow(row: described, error: error)
        } catch {
            return CampaignBadRow(row: described, error: ValidationError(field: "row", reason: String(describing: error)))
        }
        if let reference = row.messageReference, !reference.isEmpty {
            if let earlier = references[reference] {
                return CampaignBadRow(row: described, error: ValidationError(
                    field: "Mr", value: reference, reason: "the message reference is also used by row \(earlier), in the same request"))
            }
            references[reference] = index
        }
        return nil
    }

    /// Sends one chunk. A receipt that an earlier run stored (`origin == .ledger`) with recipients
    /// left unsent is followed by a request for those recipients alone, under the next key of
    /// the chunk (`#3/2`, `#3/3`, …): so a campaign that ran out of credit, re-run after a top-up,
    /// sends exactly the recipients nobody sent.
    func send(_ entries: [Entry], as chunk: CampaignChunk) async -> Outcome {
        var outcome = Outcome(chunk: chunk, kind: .sent)
        var pending = entries
        var attempt = 1
        while true {
            let receipt: SendReceipt
            do {
                receipt = try await sender.send(pending.map(\.row), campaign.key(chunk: chunk.index, attempt: attempt))
            } catch {
                return Self.failed(outcome, pending: pending, error: error)
            }
            outcome.receipts.append(receipt)
            guard receipt.unsent > 0 else {
                outcome.sent += pending.count
                return outcome
            }
            let earlierRun = receipt.origin == .ledger
            guard let unsent = await unsentEntries(of: receipt, among: pending) else {
                outcome.kind = .unknown
                outcome.rows = pending.map(Self.described)
                outcome.reason = "the gateway sent \(receipt.sent) of \(pending.count) (out of credit), and its delivery reports of batch \(receipt.batchID) do not show which"
                if !earlierRun { outcome.stop = .outOfCredit }
                return outcome
            }
            outcome.sent += pending.count - unsent.count
            if earlierRun {
                pending = unsent
                attempt += 1
                continue
            }
            outcome.kind = .partiallySent
            outcome.rows = unsent.map(Self.described)
            outcome.stop = .outOfCredit
            return outcome
        }
    }

    private static func described(_ entry: Entry) -> CampaignRow {
        CampaignRow(index: entry.index, mobile: entry.row.mobile, messageReference: entry.row.messageReference)
    }

    /// What an error says about the rows of a request.
    private static func failed(_ outcome: Outcome, pending: [Entry], error: any Error) -> Outcome {
        var outcome = outcome
        outcome.rows = pending.map(described)
        outcome.reason = String(describing: error)
        switch error {
        case is SendOutcomeUnknownError, is SendInProgressError, is CancellationError:
            outcome.kind = .unknown
        case is ValidationError, is Every8DError:
            // This request's content, or a refusal of this request: the next one may pass.
            outcome.kind = .notSent
        default:
            // Credentials, the ledger, the network: the next request would fail the same way.
            outcome.kind = .notSent
            outcome.stop = .failed(outcome.reason)
        }
        return outcome
    }

    /// The entries a partly sent request did not send, read off its delivery reports (status 301,
    /// insufficient credit), or `nil` when the reports cannot tell.
    private func unsentEntries(of receipt: SendReceipt, among entries: [Entry]) async -> [Entry]? {
        if receipt.sent == 0 && receipt.unsent == entries.count { return entries }
        var unsentPerNumber: [String: Int] = [:]
        do {
            for try await report in campaign.gateway.deliveryReports(batch: receipt.batchID) where report.status == .insufficientCredit {
                unsentPerNumber[Self.comparable(report.mobile), default: 0] += 1
            }
        } catch {
            return nil
        }
        // The gateway stops at the first message it cannot pay for, so a number that appears
        // twice is unsent in its later rows.
        var unsent: [Entry] = []
        for entry in entries.reversed() {
            let number = Self.comparable(entry.row.mobile)
            if let left = unsentPerNumber[number], left > 0 {
                unsentPerNumber[number] = left - 1
                unsent.append(entry)
            }
        }
        guard unsent.count == receipt.unsent, unsentPerNumber.values.allSatisfy({ $0 == 0 }) else { return nil }
        return unsent.reversed()
    }

    /// A number as digits with the country code, so that `0912345678` and `+886912345678` match.
    static func comparable(_ mobile: String) -> String {
        let trimmed = mobile.trimmingASCIIWhitespace()
        if trimmed.hasPrefix("+") { return String(trimmed.dropFirst()) }
        if trimmed.hasPrefix("09") && trimmed.utf8.count == 10 { return "886" + trimmed.dropFirst() }
        return trimmed
    }
}
