import Foundation

/// `EraseBooking.ashx` and `MMS/EraseBooking.ashx`: cancel what is still booked in a batch.
///
/// Success is `count,points` (`2,2.00`): the messages cancelled (now status 303) and the points
/// refunded to the account. An unknown batch is `-3,無法取得指定發送資料`; a batch with nothing
/// still booked (sent already, or cancelled) `-4,發送資料為刪除狀態或已經送出`.
extension Every8DSandbox {
    func eraseBooking(_ request: TransportRequest, now: Date, kind: Every8DSandboxBatch.Kind) async -> TransportResponse {
        await formCall(request, now: now) { fields, userID in
            let batchID = fields.value(named: "BID") ?? ""
            switch await state.cancelBooking(batchID: batchID, kind: kind, userID: userID, now: now) {
            case .failure(let failure):
                return Self.failure(failure)
            case .success(let result):
                return Self.text("\(result.count),\(SandboxFormatting.twoPlaces(result.points))")
            }
        }
    }
}
