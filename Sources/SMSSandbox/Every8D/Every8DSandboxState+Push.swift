import Foundation
@_spi(SMSInternals) import SMSTransport

extension Every8DSandboxState {
    /// Sets where push reports go, or `nil` to stop pushing (the default).
    ///
    /// From then on the sandbox reports, as EVERY8D does, every status a message takes (the first
    /// one included) and every reply (`STATUS=999`, the text in `SM`) to the target: after each
    /// request it answers, after ``setStatus(_:batchID:mobile:)`` and
    /// ``addReply(batchID:mobile:text:at:)``, and when you call ``deliverPushReports()`` (do that
    /// after moving the clock: a booking falling due or the carrier delay passing is a change the
    /// sandbox notices only then). Messages that exist when the target is set are reported too.
    /// Reports already queued for an earlier target still go to it.
    ///
    /// - Parameter target: The target, or `nil`.
    public func setPushTarget(_ target: Every8DPushTarget?) {
        push.dispatcher = target.map { Every8DPushDispatcher(target: $0, clock: clock) }
        push.statuses = [:]
        push.replies = [:]
    }

    /// Queues a report of every change since the last look, then waits until every queued report
    /// has been delivered (answered HTTP 200) or given up on (its attempts ran out).
    public func deliverPushReports() async {
        guard let dispatcher = push.dispatcher else { return }
        await firePushReports()
        await dispatcher.waitUntilIdle()
    }

    /// Every call made to the current push target, oldest first.
    public func pushAttempts() async -> [Every8DPushAttempt] {
        await push.dispatcher?.attempts ?? []
    }

    /// Queues a report of every status change and new reply since the last look (the sandbox
    /// calls this by itself; it returns before anything is delivered).
    func firePushReports() async {
        guard let dispatcher = push.dispatcher else { return }
        let now = await clock.now()
        var queries: [String] = []
        for batch in batchList {
            for (index, message) in batch.messages.enumerated() {
                let key = "\(batch.id)#\(index)"
                let status = currentStatus(of: message, in: batch, at: now)
                if push.statuses[key] != status {
                    push.statuses[key] = status
                    queries.append(Self.pushQuery(batch: batch, message: message, mobile: message.mobile, status: status, text: nil,
                                                  reportedAt: now, charge: SandboxFormatting.twoPlaces(message.cost)))
                }
                var pushed = push.replies[key] ?? [:]
                var seen: [String: Int] = [:]
                for reply in replies(of: message, in: batch, at: now) {
                    let identity = "\(reply.receivedAt.timeIntervalSince1970)|\(reply.text)"
                    seen[identity, default: 0] += 1
                    guard seen[identity, default: 0] > pushed[identity, default: 0] else { continue }
                    pushed[identity] = seen[identity]
                    queries.append(Self.pushQuery(batch: batch, message: message, mobile: reply.mobile, status: 999, text: reply.text,
                                                  reportedAt: reply.receivedAt, charge: ""))
                }
                if !pushed.isEmpty { push.replies[key] = pushed }
            }
        }
        await dispatcher.enqueue(queries)
    }

    /// Looks for changes from a synchronous method: the look runs on the actor right after it.
    func schedulePushReports() {
        guard push.dispatcher != nil else { return }
        Task { await self.firePushReports() }
    }

    /// The query EVERY8D sends for one report: the documented fields in the documented order,
    /// form-encoded with `+` for a space.
    static func pushQuery(batch: Every8DSandboxBatch, message: Every8DSandboxMessage, mobile: String, status: Int, text: String?,
                          reportedAt: Date, charge: String) -> String {
        let fields = [
            FormField("BatchID", batch.id),
            FormField("RM", mobile),
            FormField("RT", TaiwanTime.compact(reportedAt)),
            FormField("STATUS", String(status)),
            FormField("SM", text ?? ""),
            FormField("ST", TaiwanTime.compact(message.scheduledAt ?? batch.createdAt)),
            FormField("MR", message.messageReference),
            FormField("SUBJECT", batch.subject),
            FormField("NAME", message.name),
            FormField("SOURCE", ""),
            FormField("CHARGE", charge),
            FormField("TYPE", batch.kind == .mms ? "MMS" : "SMS"),
            FormField("MSGID", ""),
            FormField("USERID", batch.userID),
        ]
        // The encoder writes a space as %20 and a plus as %2B; EVERY8D writes the space as +.
        return FormEncoding.encodeToString(fields).replacingOccurrences(of: "%20", with: "+")
    }
}
