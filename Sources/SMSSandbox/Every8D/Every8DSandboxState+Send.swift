import Foundation
import Every8D

/// A send request after its fields were read and validated by a front end.
struct Every8DSubmission: Sendable {
    struct Recipient: Sendable {
        var name: String
        var mobile: Every8DMobile.Parsed
        var email: String
        var text: String
        var scheduledAt: Date?
        var messageReference: String
    }

    /// Whether and how the 24-hour duplicate filter applies.
    enum DuplicateFilter: Sendable {
        /// Filter, then send the rest (`IsSend=true`).
        case filterAndSend
        /// Only report what would be filtered (`IsSend=false`).
        case dryRun
    }

    var endpoint: String
    var kind: Every8DSandboxBatch.Kind
    var subject: String
    var retryMinutes: Int
    var eventID: String?
    var attachment: Every8DSandboxAttachment?
    /// For MMS: the points per message (from the content size).
    var mmsPoints: Decimal?
    var recipients: [Recipient]
    var duplicateFilter: DuplicateFilter?
}

/// What a send did, as the send result line reports it.
struct Every8DReceipt: Sendable {
    struct Duplicate: Sendable, Hashable {
        var mobile: String
        var batchID: String
    }

    var credit: Decimal
    var sent: Int
    var cost: Decimal
    var unsent: Int
    /// `nil` for a dry run, or when every number was filtered out.
    var batchID: String?
    var duplicates: [Duplicate]
}

extension Every8DSandboxState {
    /// Carries out a send for an authenticated account.
    func send(_ submission: Every8DSubmission, userID: String, now: Date) -> Every8DReceipt {
        guard var account = accounts[userID] else {
            return Every8DReceipt(credit: 0, sent: 0, cost: 0, unsent: 0, batchID: nil, duplicates: [])
        }
        var recipients = submission.recipients
        var duplicates: [Every8DReceipt.Duplicate] = []
        if let filter = submission.duplicateFilter {
            var kept: [Every8DSubmission.Recipient] = []
            for recipient in recipients {
                if let earlier = earlierBatch(sending: recipient.text, to: recipient.mobile.number, userID: userID, now: now) {
                    duplicates.append(.init(mobile: recipient.mobile.number, batchID: earlier))
                } else {
                    kept.append(recipient)
                }
            }
            if case .dryRun = filter {
                return Every8DReceipt(credit: 0, sent: 0, cost: 0, unsent: 0, batchID: nil, duplicates: duplicates)
            }
            recipients = kept
            if recipients.isEmpty {
                return Every8DReceipt(credit: account.credit, sent: 0, cost: 0, unsent: 0, batchID: nil, duplicates: duplicates)
            }
        }

        var credit = account.credit
        var outOfCredit = false
        var messages: [Every8DSandboxMessage] = []
        for (position, recipient) in recipients.enumerated() {
            var disposition = Every8DSandboxMessage.Disposition.accepted
            var cost = Decimal(0)
            if recipient.mobile.isInternational && !account.internationalEnabled {
                disposition = .internationalDisabled
            } else {
                let points = submission.mmsPoints ?? Decimal(CostEstimator.smsPoints(
                    characters: CostEstimator.billedCharacters(recipient.text, withEventID: submission.eventID != nil))
                    * (recipient.mobile.isInternational ? CostEstimator.internationalMultiplier : 1))
                // Once one message cannot be paid for, it and every later one go unsent.
                if !outOfCredit && credit >= points {
                    credit -= points
                    cost = points
                } else {
                    outOfCredit = true
                    disposition = .noCredit
                }
            }
            messages.append(Every8DSandboxMessage(
                messageReference: recipient.messageReference.isEmpty ? String(position + 1) : recipient.messageReference,
                name: recipient.name, mobile: recipient.mobile.number, email: recipient.email, text: recipient.text,
                scheduledAt: recipient.scheduledAt.flatMap { $0 > now ? $0 : nil },
                isInternational: recipient.mobile.isInternational, cost: cost, disposition: disposition,
                statusOverride: nil, addedReplies: []))
        }
        account.credit = credit
        accounts[userID] = account

        let batch = Every8DSandboxBatch(
            id: UUID().uuidString.lowercased(), kind: submission.kind, endpoint: submission.endpoint, userID: userID,
            subject: submission.subject, retryMinutes: submission.retryMinutes, eventID: submission.eventID,
            createdAt: now, attachment: submission.attachment, messages: messages)
        batchIndex[batch.id] = batchList.count
        batchList.append(batch)
        acceptedSendCount += 1
        return Every8DReceipt(credit: credit, sent: batch.sentCount, cost: batch.cost, unsent: batch.unsentCount,
                              batchID: batch.id, duplicates: duplicates)
    }

    /// The most recent SMS batch of the account that carried `text` to `mobile` within the
    /// duplicate window, if any.
    private func earlierBatch(sending text: String, to mobile: String, userID: String, now: Date) -> String? {
        let window = configuration.duplicateWindow.timeInterval
        for batch in batchList.reversed() where batch.userID == userID && batch.kind == .sms {
            guard now.timeIntervalSince(batch.createdAt) < window else { break }
            if batch.messages.contains(where: { $0.mobile == mobile && $0.text == text && $0.disposition == .accepted }) {
                return batch.id
            }
        }
        return nil
    }
}
