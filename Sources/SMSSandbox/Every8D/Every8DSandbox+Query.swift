import Foundation

/// `GetCredit.ashx`, `GetDeliveryStatus.ashx`, `MMS/GetDeliveryStatus.ashx` and
/// `GetReplyMessage.ashx` (form bodies).
///
/// Delivery reports come 1000 rows a page, replies 10 a page (`PNO` from 1); the count on the
/// first line (TAB) or in `SMS_COUNT` is the batch's total, so a page past the end has the count
/// and no rows. An unknown `BID` (or another account's) is answered `0` (TAB),
/// `{"SMS_COUNT":0,"BID":".."}` (JSON) or an XML log with `COUNT="0"`.
extension Every8DSandbox {
    /// Rows in one page of a delivery report.
    public static let deliveryPageSize = 1000
    /// Replies in one page of a reply report.
    public static let replyPageSize = 10

    func getCredit(_ request: TransportRequest, now: Date) async -> TransportResponse {
        await formCall(request, now: now) { fields, userID in
            Self.text(SandboxFormatting.twoPlaces(await state.credit(of: userID) ?? 0))
        }
    }

    func deliveryStatus(_ request: TransportRequest, now: Date, kind: Every8DSandboxBatch.Kind) async -> TransportResponse {
        await formCall(request, now: now) { fields, userID in
            guard let page = Self.readPage(fields.value(named: "PNO")) else { return Self.failure(.badParameter("PNO")) }
            guard let format = Self.readFormat(fields.value(named: "RESPFORMAT"), allowed: 0...2) else {
                return Self.failure(.badParameter("RESPFORMAT"))
            }
            let batchID = fields.value(named: "BID") ?? ""
            let rows = await state.deliveryRows(batchID: batchID, kind: kind, userID: userID, now: now) ?? []
            let slice = Self.page(page, of: rows, size: Self.deliveryPageSize)
            switch format {
            case 1: return Self.json(Every8DRendering.deliveryJSON(total: rows.count, batchID: batchID, rows: slice))
            case 2: return Self.xml(Every8DRendering.deliveryXML(total: rows.count, rows: slice))
            default: return Self.text(Every8DRendering.deliveryTAB(total: rows.count, rows: slice))
            }
        }
    }

    func replies(_ request: TransportRequest, now: Date) async -> TransportResponse {
        await formCall(request, now: now) { fields, userID in
            guard let page = Self.readPage(fields.value(named: "PNO")) else { return Self.failure(.badParameter("PNO")) }
            guard let format = Self.readFormat(fields.value(named: "RESPFORMAT"), allowed: 0...1) else {
                return Self.failure(.badParameter("RESPFORMAT"))
            }
            let batchID = fields.value(named: "BID") ?? ""
            let rows = await state.replyRows(batchID: batchID, userID: userID, now: now) ?? []
            let slice = Self.page(page, of: rows, size: Self.replyPageSize)
            return format == 1
                ? Self.json(Every8DRendering.repliesJSON(total: rows.count, batchID: batchID, rows: slice))
                : Self.text(Every8DRendering.repliesTAB(total: rows.count, rows: slice))
        }
    }

    /// `PNO`: empty for 1, otherwise a whole number from 1.
    static func readPage(_ text: String?) -> Int? {
        guard let text, !text.isEmpty else { return 1 }
        guard let page = Int(text), page >= 1 else { return nil }
        return page
    }

    /// `RESPFORMAT`: empty for 0, otherwise one of `allowed`.
    static func readFormat(_ text: String?, allowed: ClosedRange<Int>) -> Int? {
        guard let text, !text.isEmpty else { return 0 }
        guard let format = Int(text), allowed.contains(format) else { return nil }
        return format
    }

    static func page<Row>(_ number: Int, of rows: [Row], size: Int) -> ArraySlice<Row> {
        let (start, overflow) = (number - 1).multipliedReportingOverflow(by: size)
        guard !overflow, start < rows.count else { return [] }
        return rows[start..<min(start + size, rows.count)]
    }
}
