import Every8D

/// A campaign's progress on standard error: a bar redrawn in place on a terminal, one line per
/// finished request otherwise (a log, a pipe), nothing with `--json` (whose only output is the
/// final object).
struct CampaignProgress {
    let io: CommandIO
    /// The rows in the file.
    let rows: Int
    let quiet: Bool
    private var drewBar = false

    init(io: CommandIO, rows: Int, quiet: Bool) {
        self.io = io
        self.rows = rows
        self.quiet = quiet
    }

    static let barWidth = 30

    /// Shows the counts after a request finished.
    mutating func chunkFinished(_ chunk: CampaignChunk, _ totals: CampaignTotals) {
        guard !quiet else { return }
        let counts = "\(totals.sent)/\(rows) sent, \(totals.unsent) unsent, \(totals.unknown) unknown, \(totals.badRows) bad"
        guard let status = io.status else {
            io.err("chunk \(chunk.index + 1): " + counts)
            return
        }
        let done = totals.sent + totals.unsent + totals.unknown + totals.badRows
        let filled = rows == 0 ? Self.barWidth : min(Self.barWidth, done * Self.barWidth / rows)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: Self.barWidth - filled)
        drewBar = true
        status("[\(bar)] \(rows == 0 ? 100 : min(100, done * 100 / rows))% " + counts)
    }

    /// Ends the bar's line, so that what follows starts on a line of its own.
    func finish() {
        guard drewBar, let status = io.status else { return }
        status(nil)
    }
}
