import Foundation
import Every8D

/// `send-personal` and `send-template` for a file larger than one request: the rows are streamed
/// from the file into the SDK's ``Every8DCampaign`` (chunks of `--chunk-size`, never the whole
/// file in memory), progress is shown as it goes, and the rows left to retry are written to a
/// file in the input's own format.
///
/// The campaign key is the user's (`--campaign-key`), never derived from the file: the same file
/// sent again next month is a new campaign, and only the user knows that. Its requests' idempotency
/// keys derive from it, so with an account (whose send ledger is the state folder) running the same
/// command again resumes: what was sent is answered from the ledger, nobody gets a second copy.
struct RecipientCampaign {
    static let keyOption = OptionSpec.value(
        "campaign-key", "K",
        "send the file as a campaign named K (needed for a file of more than --chunk-size rows): requests of --chunk-size rows, "
            + "progress on stderr, a summary, the rows to retry in --retry-file. Run the same command with the same K and file "
            + "again (after a crash, or a top-up when credit ran out) and it resumes: nobody gets a second copy (kept 7 days in the "
            + "state folder, with an account; the built-in sandbox forgets it when the run ends). SMS only, not with --image")
    static let chunkSizeOption = OptionSpec.value(
        "chunk-size", "N", "recipients per request of a campaign, 1 to \(CampaignOptions.maximumChunkSize) (default \(CampaignOptions.defaultChunkSize))")
    static let retryFileOption = OptionSpec.value(
        "retry-file", "PATH", "where a campaign writes the rows it did not send (unsent, outcome unknown, bad), as CSV with the "
            + "input's header, ready to send again (default FILE.retry.csv next to the input; written only when there is one)")
    static let options = [keyOption, chunkSizeOption, retryFileOption]
    /// What both commands' help says about campaigns.
    static let helpDetails = [
        "",
        "A file of more than --chunk-size rows (default \(CampaignOptions.defaultChunkSize)) is sent as a campaign, which needs --campaign-key K: requests of",
        "--chunk-size rows (4 at once), a progress bar on stderr (a line per request when stderr is not a terminal, nothing",
        "with --json), then a summary (sent, unsent, unknown, bad rows) with the rows to retry written to --retry-file in",
        "this file's format. A bad row is listed and skipped, not fatal. Running the same command with the same K again",
        "resumes (with an account, from the state folder): nobody gets a second copy. Exit 4 when some rows were sent and",
        "others not, 3 when some rows' outcome is unknown.",
    ]
    static let otherFields = ["campaignKey": "--campaign-key"]
    /// How many bad rows the summary lists (all are in the retry file).
    static let listedBadRows = 20

    let path: String
    let fileName: String
    let required: [String]
    let optional: [String]
    /// The number of data rows, from the first reading.
    let rows: Int
    let key: String
    let chunkSize: Int
    let retryPath: String

    /// What reading the file decided: the columns, and the campaign when the file is sent as one.
    struct Plan {
        let columns: [String]
        let campaign: RecipientCampaign?
    }

    /// Reads the file once, checking every row with `check` (so that a malformed file is refused
    /// before anything is sent), and decides: a campaign with `--campaign-key`, or for a file of more
    /// than `--chunk-size` rows; a single request otherwise.
    ///
    /// - Throws: ``UsageError`` for the file or the options, among them a large file without a key.
    static func plan(_ arguments: Arguments, path: String, required: [String], optional: [String], hasImage: Bool, idempotencyKey: String?,
                     check: (CSVTable.Row, String) throws -> Void) throws -> Plan {
        let chunkSize = try arguments.wholeNumber(chunkSizeOption.name, from: 1...CampaignOptions.maximumChunkSize) ?? CampaignOptions.defaultChunkSize
        let reader = try CSVReader(path: path, option: "--csv", required: required, optional: optional)
        var rows = 0
        while let row = try reader.next() {
            try check(row, reader.fileName)
            rows += 1
        }
        guard rows > 0 else { throw reader.noRowsError }
        guard let key = arguments.value(keyOption.name) else {
            if rows > chunkSize && !hasImage {
                throw UsageError("--csv \(reader.fileName) has \(rows) rows, more than one request carries (--chunk-size \(chunkSize)): "
                    + "name the campaign with --campaign-key K, so that running the same command again resumes it without a second copy",
                                 option: keyOption.flagName)
            }
            return Plan(columns: reader.columns, campaign: nil)
        }
        if hasImage {
            throw UsageError("--campaign-key sends SMS only: leave out --image, or --campaign-key", option: keyOption.flagName, value: key)
        }
        if idempotencyKey != nil {
            throw UsageError("--idempotency-key names one request; a campaign's requests take their keys from --campaign-key",
                             option: IdempotencyKeyOption.option.flagName)
        }
        let retryPath = arguments.value(retryFileOption.name) ?? path + ".retry.csv"
        let retryURL = URL(fileURLWithPath: retryPath).standardizedFileURL
        guard retryURL != URL(fileURLWithPath: path).standardizedFileURL else {
            throw UsageError("--retry-file must not be the --csv file", option: retryFileOption.flagName, value: retryPath)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: retryURL.deletingLastPathComponent().path, isDirectory: &isFolder), isFolder.boolValue else {
            throw UsageError("--retry-file \(retryPath): its folder does not exist", option: retryFileOption.flagName, value: retryPath)
        }
        let campaign = RecipientCampaign(path: path, fileName: reader.fileName, required: required, optional: optional, rows: rows, key: key,
                                         chunkSize: chunkSize, retryPath: retryPath)
        return Plan(columns: reader.columns, campaign: campaign)
    }

    /// The rows, read from the file a block at a time.
    func rows<Element: Sendable>(_ transform: @escaping @Sendable (CSVTable.Row, String) throws -> Element) -> CSVRows<Element> {
        let fileName = self.fileName
        return CSVRows(path: path, option: "--csv", required: required, optional: optional) { try transform($0, fileName) }
    }

    /// Runs the campaign that `start` begins, and renders its summary.
    ///
    /// - Throws: `ValidationError` from `start` (the template, the key), before anything is sent.
    func run(command: String, textColumn: String, options: SendOptions, gateway: Every8DGateway, io: CommandIO, asJSON: Bool,
             start: (Every8DCampaign) throws -> CampaignRun) async throws -> CommandResult {
        let campaign = Every8DCampaign(gateway: gateway.client, key: key, options: CampaignOptions(
            chunkSize: chunkSize, subject: options.subject, validity: options.validity, eventID: options.eventID, summaryRowLimit: 0))
        let events = try start(campaign)
        var progress = CampaignProgress(io: io, rows: rows, quiet: asJSON)
        // The rows to retry, as ranges: a whole request's rows are one range (the bad rows between
        // them are retried too), so that even a campaign refused throughout stays small.
        var retry = IndexSet()
        var badRows: [JSONOutput] = []
        var summary: CampaignSummary?
        var firstFailure: String?
        for await event in events {
            switch event.kind {
            case .badRow(let bad):
                retry.insert(bad.row.index)
                if badRows.count < Self.listedBadRows { badRows.append(describe(bad, textColumn: textColumn)) }
            case .chunkStarted:
                break
            case .chunkSent(let chunk, _):
                progress.chunkFinished(chunk, event.totals)
            case .chunkPartiallySent(let chunk, _, let rows):
                for row in rows { retry.insert(row.index) }
                progress.chunkFinished(chunk, event.totals)
            case .chunkNotSent(let chunk, _, let rows, let reason), .chunkOutcomeUnknown(let chunk, _, let rows, let reason):
                // A resumed request can leave out rows an earlier run sent: then only its own rows.
                if rows.count == chunk.rowCount {
                    retry.insert(integersIn: chunk.firstRow...chunk.lastRow)
                } else {
                    for row in rows { retry.insert(row.index) }
                }
                if firstFailure == nil { firstFailure = "request \(chunk.index + 1) (rows \(chunk.firstRow + 2)–\(chunk.lastRow + 2)): \(reason)" }
                progress.chunkFinished(chunk, event.totals)
            case .finished(let finished):
                summary = finished
            }
        }
        progress.finish()
        guard let summary else { preconditionFailure("a campaign run ends with its summary") }
        let written = writeRetryFile(retry, from: summary.firstRowNotAttempted)
        return render(summary, command: command, badRows: badRows, firstFailure: firstFailure, retry: written)
    }

    /// A bad row as the summary lists it: its row and column in the file, and what is wrong.
    private func describe(_ bad: CampaignBadRow, textColumn: String) -> JSONOutput {
        let column = RecipientFile.column(forField: bad.error.field, textColumn: textColumn)
        let text = "row \(bad.row.index + 2), column \(column): " + (bad.error.value.map { "\"\($0)\": " } ?? "") + bad.error.reason
        return ["row": .integer(bad.row.index + 2), "column": .string(column), "message": .string(text)]
    }

    /// What became of the retry file.
    private struct RetryFile {
        var rows = 0
        var failure: String?
        var removedStale = false
    }

    /// Copies the rows to retry (those in `indices`, and every row from `firstNotAttempted` on)
    /// from the input to the retry file, with the input's header; nothing when there are none.
    private func writeRetryFile(_ indices: IndexSet, from firstNotAttempted: Int?) -> RetryFile {
        guard !indices.isEmpty || firstNotAttempted != nil else {
            // An earlier run's retry file would send its rows a second time: this run sent them.
            let stale = FileManager.default.fileExists(atPath: retryPath) && (try? FileManager.default.removeItem(atPath: retryPath)) != nil
            return RetryFile(removedStale: stale)
        }
        var written = RetryFile()
        do {
            let reader = try CSVReader(path: path, option: "--csv", required: required, optional: optional)
            guard FileManager.default.createFile(atPath: retryPath, contents: nil), let output = FileHandle(forWritingAtPath: retryPath) else {
                return RetryFile(failure: "cannot write the retry file \(retryPath)")
            }
            defer { try? output.close() }
            var text = CSVWriter.line(reader.header) + "\n"
            var index = 0
            while let row = try reader.next() {
                if indices.contains(index) || firstNotAttempted.map({ index >= $0 }) == true {
                    text += CSVWriter.line(row.values) + "\n"
                    written.rows += 1
                }
                index += 1
                if text.utf8.count >= 64 * 1024 {
                    try output.write(contentsOf: Data(text.utf8))
                    text = ""
                }
            }
            try output.write(contentsOf: Data(text.utf8))
        } catch {
            written.failure = "cannot write the retry file \(retryPath): \(error)"
        }
        return written
    }

    private func render(_ summary: CampaignSummary, command: String, badRows: [JSONOutput], firstFailure: String?, retry: RetryFile) -> CommandResult {
        let totals = summary.totals
        // Rows no request carried (the campaign stopped first) are not sent either.
        let unsent = rows - totals.sent - totals.unknown - totals.badRows
        let stopped: String?
        switch summary.stopReason {
        case .completed: stopped = nil
        case .outOfCredit: stopped = "the account ran out of credit"
        case .cancelled: stopped = "cancelled"
        case .inputFailed(let reason): stopped = "reading the file failed: \(reason)"
        case .failed(let reason): stopped = reason
        }
        var lines = [
            "Campaign \(key): \(TextFormat.count(rows, "row")) from \(fileName) in \(TextFormat.count(totals.chunksFinished, "request")) of up to \(chunkSize).",
            "  sent:      \(totals.sent)",
            "  unsent:    \(unsent)",
            "  unknown:   \(totals.unknown)" + (totals.unknown > 0 ? " (the answer was lost: they may have the message)" : ""),
            "  bad rows:  \(totals.badRows)",
            "  cost:      \(TextFormat.points(totals.cost)) points",
        ]
        if let stopped { lines.append("  stopped:   \(stopped)") }
        if let firstFailure { lines.append("  failed:    \(firstFailure)") }
        lines += badRows.compactMap { $0.members["message"].flatMap { if case .string(let text) = $0 { "  bad row:   " + text } else { nil } } }
        if totals.badRows > badRows.count { lines.append("  (\(totals.badRows - badRows.count) more bad rows: see the retry file)") }
        if let failure = retry.failure {
            lines.append("  retry:     \(failure)")
        } else if retry.rows > 0 {
            lines.append("  retry:     \(TextFormat.count(retry.rows, "row")) written to \(retryPath)")
        } else if retry.removedStale {
            lines.append("  retry:     nothing; removed \(retryPath), which an earlier run wrote")
        }
        var json: JSONOutput = [
            "command": .string(command), "campaignKey": .string(key), "file": .string(fileName), "rows": .integer(rows),
            "requests": .integer(totals.chunksFinished), "sent": .integer(totals.sent), "unsent": .integer(unsent),
            "unknown": .integer(totals.unknown), "badRows": .integer(totals.badRows), "cost": .decimal(totals.cost),
            "stopped": .optional(stopped), "firstFailure": .optional(firstFailure), "badRowErrors": .array(badRows), "retryRows": .integer(retry.rows),
            "retryFile": .optional(retry.rows > 0 && retry.failure == nil ? retryPath : nil),
        ]
        if let failure = retry.failure { json = json.merging(["retryFileError": .string(failure)]) }
        var result = CommandResult(lines: lines, json: json)
        result.exception = exception(totals, unsent: unsent, stopped: stopped ?? firstFailure, retryRows: retry.rows)
        return result
    }

    /// The failure for a campaign that did not send every row, with the exit code of the same
    /// outcome for one request.
    private func exception(_ totals: CampaignTotals, unsent: Int, stopped: String?, retryRows: Int) -> FailureReport? {
        guard unsent > 0 || totals.unknown > 0 || totals.badRows > 0 else { return nil }
        var next = retryRows > 0 ? "; the rows to retry are in \(retryPath)" : ""
        if unsent > 0 {
            next += "; once the cause is fixed, run the same command (--campaign-key \(key)) again to send only the rows not sent"
        }
        let extra: [String: JSONOutput] = ["sentCount": .integer(totals.sent), "unsentCount": .integer(unsent),
                                           "unknownCount": .integer(totals.unknown), "badRowCount": .integer(totals.badRows)]
        let why = stopped.map { " (\($0))" } ?? ""
        if totals.unknown > 0 {
            return FailureReport(.transport, kind: "outcomeUnknown", message: "the outcome of \(TextFormat.count(totals.unknown, "row")) is unknown: "
                + "they may have the message, check with every8d status before sending them again\(next)", sent: .unknown, extra: extra)
        }
        if totals.sent > 0 {
            return FailureReport(.partialSend, kind: "partialSend", message: "partly sent: \(totals.sent) of \(rows) rows sent, "
                + "\(unsent) not sent\(why), \(TextFormat.count(totals.badRows, "bad row"))\(next)", sent: .yes, extra: extra)
        }
        if unsent == 0 {
            return FailureReport(.usage, kind: "validation", message: "every row of \(fileName) is bad; nothing was sent\(next)", sent: .no, extra: extra)
        }
        return FailureReport(.gatewayError, kind: "gateway", message: "nothing was sent\(why)\(next)", sent: .no, extra: extra)
    }
}
