import Foundation

/// One row of a delivery report (DR) as the gateway would show it at a given instant.
struct Every8DDeliveryRow: Sendable, Hashable {
    var messageReference: String
    var name: String
    var mobile: String
    var sendTime: Date
    var cost: Decimal
    var status: Int
    var realCost: Decimal
    var receivedAt: Date?
    var replies: [Every8DSandboxReply]
}

extension Every8DSandboxState {
    /// The delivery rows of one of the account's batches of `kind`, or `nil` when there is none.
    func deliveryRows(batchID: String, kind: Every8DSandboxBatch.Kind, userID: String, now: Date) -> [Every8DDeliveryRow]? {
        guard let batch = batch(id: batchID), batch.userID == userID, batch.kind == kind else { return nil }
        return batch.messages.map { message in
            let status = currentStatus(of: message, in: batch, at: now)
            let kept = message.disposition == .accepted ? message.cost : 0
            return Every8DDeliveryRow(
                messageReference: message.messageReference, name: message.name, mobile: message.mobile,
                sendTime: message.scheduledAt ?? batch.createdAt, cost: message.cost, status: status, realCost: kept,
                receivedAt: receivedTime(of: message, in: batch, status: status),
                replies: replies(of: message, in: batch, at: now))
        }
    }

    /// The replies (MO) that arrived for one of the account's SMS batches, oldest first, or `nil`
    /// when there is no such batch.
    func replyRows(batchID: String, userID: String, now: Date) -> [Every8DSandboxReply]? {
        guard let batch = batch(id: batchID), batch.userID == userID, batch.kind == .sms else { return nil }
        let all = batch.messages.flatMap { replies(of: $0, in: batch, at: now) }
        return all.enumerated().sorted { ($0.element.receivedAt, $0.offset) < ($1.element.receivedAt, $1.offset) }.map(\.element)
    }

    /// The status a message shows at `now` (see ``Every8DScenario``).
    func currentStatus(of message: Every8DSandboxMessage, in batch: Every8DSandboxBatch, at now: Date) -> Int {
        switch message.disposition {
        case .noCredit: return 301
        case .internationalDisabled: return 500
        case .cancelled: return 303
        case .accepted: break
        }
        let due = message.scheduledAt ?? batch.createdAt
        if now < due { return 300 }
        if now < due.addingTimeInterval(configuration.carrierDelay.timeInterval) { return 0 }
        return message.statusOverride ?? Every8DScenario.finalStatus(forMobile: message.mobile, kind: batch.kind)
    }

    /// When the carrier reported the final status, or `nil` while there is none.
    private func receivedTime(of message: Every8DSandboxMessage, in batch: Every8DSandboxBatch, status: Int) -> Date? {
        guard message.disposition == .accepted, status != 0, status != 300 else { return nil }
        return deliveredAt(message, in: batch)
    }

    private func deliveredAt(_ message: Every8DSandboxMessage, in batch: Every8DSandboxBatch) -> Date {
        (message.scheduledAt ?? batch.createdAt).addingTimeInterval(configuration.carrierDelay.timeInterval)
    }

    /// The replies to a message that have arrived by `now`: the scenario's, then those added.
    func replies(of message: Every8DSandboxMessage, in batch: Every8DSandboxBatch, at now: Date) -> [Every8DSandboxReply] {
        var replies: [Every8DSandboxReply] = []
        if message.disposition == .accepted, message.statusOverride == nil,
           Every8DScenario.replies(forMobile: message.mobile, kind: batch.kind) {
            let time = deliveredAt(message, in: batch)
            if time <= now {
                replies.append(Every8DSandboxReply(mobile: message.mobile, name: message.name, text: Every8DScenario.replyText, receivedAt: time))
            }
        }
        replies += message.addedReplies.filter { $0.receivedAt <= now }
        return replies
    }
}
