import Foundation

/// `getdrstatus`, `getreplymsg` and `cancelbooking`.
///
/// Pages hold 1000 rows (`pageno` from 1; replies too, as the specification says); `SMS_COUNT`
/// is the batch's total, so a page past the end has the count and no rows. A batch the account
/// does not have (or of the other `type`) is answered `521` with `{"SMS_COUNT":"0","BID":…}`.
extension Every8DV3Sandbox {
    /// Rows in one page of a 3.0 delivery or reply report.
    public static let pageSize = 1000

    func deliveryStatus(_ json: SandboxJSON, userID: String, now: Date) async -> Result<String, Every8DV3Failure> {
        guard let batchID = Self.text(json, "batchid") else { return .failure(.missing("batchid")) }
        let kind: Every8DSandboxBatch.Kind
        switch Self.readType(json) {
        case .failure(let failure): return .failure(failure)
        case .success(let value): kind = value
        }
        guard let page = Every8DSandbox.readPage(json["pageno"]?.text) else { return .failure(.invalid("pageno")) }
        guard let rows = await state.deliveryRows(batchID: batchID, kind: kind, userID: userID, now: now) else {
            return .success(Every8DV3Rendering.unknownBatch(batchID))
        }
        return .success(Every8DV3Rendering.deliveryPage(total: rows.count, batchID: batchID,
                                                        rows: Every8DSandbox.page(page, of: rows, size: Self.pageSize)))
    }

    func replies(_ json: SandboxJSON, userID: String, now: Date) async -> Result<String, Every8DV3Failure> {
        guard let batchID = Self.text(json, "batchid") else { return .failure(.missing("batchid")) }
        guard let page = Every8DSandbox.readPage(json["pageno"]?.text) else { return .failure(.invalid("pageno")) }
        guard let rows = await state.replyRows(batchID: batchID, userID: userID, now: now) else {
            return .success(Every8DV3Rendering.unknownBatch(batchID))
        }
        return .success(Every8DV3Rendering.replyPage(total: rows.count, batchID: batchID, rows: Every8DSandbox.page(page, of: rows, size: Self.pageSize)))
    }

    func cancelBooking(_ json: SandboxJSON, userID: String, now: Date) async -> Result<String, Every8DV3Failure> {
        guard let batchID = Self.text(json, "batchid") else { return .failure(.missing("batchid")) }
        let kind: Every8DSandboxBatch.Kind
        switch Self.readType(json) {
        case .failure(let failure): return .failure(failure)
        case .success(let value): kind = value
        }
        switch await state.cancelBooking(batchID: batchID, kind: kind, userID: userID, now: now) {
        case .failure:
            return .failure(.queryFailed)
        case .success(let result):
            return .success(Every8DV3Rendering.success(JSONText.object([
                ("count", JSONText.string(String(result.count))), ("point", JSONText.string(SandboxFormatting.twoPlaces(result.points))),
            ])))
        }
    }

    /// `type`: `SMS` or `MMS` (any case); required.
    private static func readType(_ json: SandboxJSON) -> Result<Every8DSandboxBatch.Kind, Every8DV3Failure> {
        guard let type = text(json, "type") else { return .failure(.missing("type")) }
        switch type.uppercased() {
        case "SMS": return .success(.sms)
        case "MMS": return .success(.mms)
        default: return .failure(.invalid("type"))
        }
    }
}
