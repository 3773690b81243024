import Foundation

/// The API 3.0 answer shapes, written as the specification prints them: every value a string.
enum Every8DV3Rendering {
    /// `{"status":"…","message":"…","data":<data>|null}`.
    static func envelope(status: Int, message: String, data: String?) -> String {
        JSONText.object([("status", JSONText.string(String(status))), ("message", JSONText.string(message)), ("data", data ?? "null")])
    }

    /// A success: status 200, message `success`.
    static func success(_ data: String) -> String {
        envelope(status: 200, message: "success", data: data)
    }

    /// `credit`, `sendcnt`, `reducepoint`, `unsendcnt`, `batchid`.
    static func sendData(_ receipt: Every8DReceipt) -> [(String, String)] {
        [("credit", JSONText.string(SandboxFormatting.twoPlaces(receipt.credit))), ("sendcnt", JSONText.string(String(receipt.sent))),
         ("reducepoint", JSONText.string(SandboxFormatting.points(receipt.cost))), ("unsendcnt", JSONText.string(String(receipt.unsent))),
         ("batchid", JSONText.string(receipt.batchID ?? ""))]
    }

    /// The filtered send's answer: `200` when something was sent, `522`/`523` when nothing was
    /// (with or without duplicates); a dry run reports zeros, as the specification's examples do.
    static func filteredSend(_ receipt: Every8DReceipt, dryRun: Bool) -> String {
        let shown = dryRun ? Every8DReceipt(credit: 0, sent: 0, cost: 0, unsent: 0, batchID: nil, duplicates: receipt.duplicates) : receipt
        let data = JSONText.object(sendData(shown) + [
            ("fail_mobiles", JSONText.string(receipt.duplicates.map(\.mobile).joined(separator: "/"))),
            ("fail_batchid", JSONText.string(receipt.duplicates.map(\.batchID).joined(separator: "/"))),
        ])
        if shown.batchID != nil { return success(data) }
        return receipt.duplicates.isEmpty
            ? envelope(status: 523, message: "簡訊未被發送且門號無重複", data: data)
            : envelope(status: 522, message: "簡訊未被發送且門號有重複", data: data)
    }

    /// A `getdrstatus` page: `SMS_COUNT` (the batch's total, a string), `BID`, `DATA` (2.1's JSON
    /// rows, times as `yyyy-MM-dd HH:mm:ss`).
    static func deliveryPage(total: Int, batchID: String, rows: ArraySlice<Every8DDeliveryRow>) -> String {
        success(page(total: total, batchID: batchID, rows: rows.map(Every8DRendering.deliveryRowJSON)))
    }

    /// A `getreplymsg` page: `NAME`, `MOBILE`, `CONTENT`, `RECEIVED_TIME` per reply.
    static func replyPage(total: Int, batchID: String, rows: ArraySlice<Every8DSandboxReply>) -> String {
        let data = rows.map { reply in
            JSONText.object([
                ("NAME", JSONText.string(reply.name)),
                ("MOBILE", JSONText.string(reply.mobile)),
                ("CONTENT", JSONText.string(reply.text)),
                ("RECEIVED_TIME", JSONText.string(TaiwanTime.dashed(reply.receivedAt))),
            ])
        }
        return success(page(total: total, batchID: batchID, rows: data))
    }

    /// The `521` answer of a query for a batch the account does not have: `SMS_COUNT` `0`.
    static func unknownBatch(_ batchID: String) -> String {
        envelope(status: 521, message: "查詢失敗", data: JSONText.object([("SMS_COUNT", JSONText.string("0")), ("BID", JSONText.string(batchID))]))
    }

    private static func page(total: Int, batchID: String, rows: [String]) -> String {
        JSONText.object([("SMS_COUNT", JSONText.string(String(total))), ("BID", JSONText.string(batchID)), ("DATA", "[" + rows.joined(separator: ",") + "]")])
    }
}
