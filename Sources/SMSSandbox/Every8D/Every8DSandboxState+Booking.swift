import Foundation

extension Every8DSandboxState {
    /// Cancels every message of a batch that is still booked (status 300) and refunds its points.
    ///
    /// - Returns: The number of messages cancelled and the points refunded, or `-3` for an
    ///   unknown batch (or another account's, or of the other kind) and `-4` when nothing is
    ///   still booked.
    func cancelBooking(batchID: String, kind: Every8DSandboxBatch.Kind, userID: String, now: Date) -> Result<(count: Int, points: Decimal), Every8DFailure> {
        guard let index = batchIndex[batchID.lowercased()], batchList[index].userID == userID, batchList[index].kind == kind else {
            return .failure(.noSuchBatch)
        }
        var count = 0
        var points = Decimal(0)
        for position in batchList[index].messages.indices {
            let message = batchList[index].messages[position]
            guard message.disposition == .accepted, let due = message.scheduledAt, now < due else { continue }
            batchList[index].messages[position].disposition = .cancelled
            count += 1
            points += message.cost
        }
        guard count > 0 else { return .failure(.nothingToCancel) }
        accounts[userID]?.credit += points
        return .success((count, points))
    }
}
