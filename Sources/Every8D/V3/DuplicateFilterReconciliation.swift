import Foundation

/// How a keyed SMS send whose outcome was unknown is settled with the gateway's duplicate filter:
/// its dry run lists who already received this exact text in the last 24 hours; only the others
/// are sent, through the filtered send (which filters again on the gateway, so a number reached
/// meanwhile is not sent twice either).
///
/// The caller decides first whether the filter can prove anything (not for a booking, nor for an
/// attempt older than the filter's 24 hours).
enum DuplicateFilterReconciliation {
    /// Settles the send.
    ///
    /// - Parameters:
    ///   - recipients: The numbers as the earlier attempt sent them.
    ///   - filter: The filtered send of the same text: with `true` a dry run, with `false` a send
    ///     to the numbers given.
    /// - Returns: The receipt of what was sent now (``SendReceipt/origin`` `.reconciled`), or, when
    ///   everyone already had the text, a receipt naming the earlier batch with nothing charged now.
    static func settle(recipients: [String], filter: ([String], Bool) async throws -> DuplicateFilterReceipt) async throws -> SendReceipt {
        let check = try await filter(recipients, true)
        let already = Set(check.filtered.compactMap { try? MobileNumber($0.mobile) })
        let missing = recipients.filter { number in (try? MobileNumber(number)).map { !already.contains($0) } ?? true }
        if missing.isEmpty, let earlierBatch = check.filtered.first?.earlierBatchID {
            return SendReceipt(credit: 0, sent: recipients.count, cost: 0, unsent: 0, batchID: earlierBatch, origin: .reconciled)
        }
        let rest = try await filter(missing, false)
        guard var receipt = rest.sendReceipt else {
            // Everything was filtered after all: the others received it meanwhile.
            return SendReceipt(credit: rest.credit, sent: recipients.count, cost: 0, unsent: 0,
                               batchID: rest.filtered.first?.earlierBatchID ?? check.filtered.first?.earlierBatchID ?? "", origin: .reconciled)
        }
        receipt.origin = .reconciled
        return receipt
    }
}
