import Foundation

extension Every8DV3Client {
    /// Sends one text to one or more numbers (`sendsms`).
    ///
    /// Up to 333 characters go as one long message; longer texts are split by the gateway (see
    /// ``CostEstimator`` for the points). International numbers need international SMS enabled on
    /// the account (else `553`).
    ///
    /// Body, in order: `uid`, `pwd` or `token`, `subject`, `msg`, `mobiles` (joined with commas),
    /// `sendtime` (empty for now), `retrytime`, then `eventid` when given; every value a string.
    ///
    /// - Parameters:
    ///   - recipients: Taiwan numbers in any of the specification's forms (`0912345678`,
    ///     `886912345678`, `+886912345678`, …; sent as `+8869…` by default) or `+` and 8–15 digits.
    ///   - text: The message (`msg`).
    ///   - subject: A label for your records, not sent to the phones (`subject`, default empty).
    ///   - sendTime: When to send (`sendtime`, Taiwan time); `nil` sends now. Must be in the future.
    ///   - validity: How long the gateway keeps trying, in whole minutes (`retrytime`, default 1440).
    ///   - eventID: An interactive-reply (Safesay) channel (`eventid`; `"-1"` for the default
    ///     channel); the gateway appends a link to the text.
    ///   - idempotencyKey: Your id for this send (at most 255 bytes): the same key with the same
    ///     request never sends twice, also across processes sharing ``Configuration/sendLedger``.
    ///     After an unknown outcome the filtered send's dry run shows who already got the text and
    ///     only the others are sent (``SendReceipt/origin`` `.reconciled`); without that proof (a
    ///     booking, an event id, an attempt over 23 hours old) `SendOutcomeUnknownError` again.
    /// - Returns: The receipt, with the batch id to query or cancel.
    /// - Throws: `ValidationError` before sending; ``Every8DError`` when the gateway refuses (nothing
    ///   was sent); `SendOutcomeUnknownError` when it may have been sent; `CredentialsRefusedError`
    ///   while the login latch holds.
    @discardableResult
    public func sendSMS(
        to recipients: [String], text: String, subject: String = "", at sendTime: Date? = nil,
        validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        let request = try V3Request.sendSMS(to: recipients, text: text, subject: subject, at: sendTime, validity: validity,
                                            eventID: eventID, options: configuration.requestOptions)
        return try await performSend(
            request, idempotencyKey: idempotencyKey, facts: \.facts,
            reconcile: { earlier in
                try await reconcile(request, to: recipients, text: text, subject: subject, booked: sendTime != nil, validity: validity,
                                    eventID: eventID, earlier: earlier)
            },
            replayed: { receipt in var replay = receipt; replay.origin = .ledger; return replay }
        ) { response in
            try Every8DV3ResponseParser.sendReceipt(response.body, operation: .v3SendSMS)
        }
    }

    /// Sends one text to one number; see ``sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)``.
    @discardableResult
    public func sendSMS(
        to recipient: String, text: String, subject: String = "", at sendTime: Date? = nil,
        validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        try await sendSMS(to: [recipient], text: text, subject: subject, at: sendTime, validity: validity, eventID: eventID,
                          idempotencyKey: idempotencyKey)
    }

    /// Sends one text to one or more numbers, leaving out every number that already received the
    /// same text in the last 24 hours (section 2.5 of the specification, sent to the path it gives,
    /// `sendparam_sms`).
    ///
    /// With `dryRun: true` (`issend` false) nothing is sent: the answer lists which numbers would be
    /// left out, each with the batch that already reached it (status `522`, or `523` when none
    /// would be). A dry run is safe to repeat and is repeated like a read.
    ///
    /// Body, in order: `uid`, `pwd` or `token`, `subject`, `msg`, `mobiles`, `sendtime`,
    /// `retrytime`, `issend` (a JSON boolean). The section takes no `eventid`.
    ///
    /// - Parameters:
    ///   - recipients: Numbers as for ``sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)``.
    ///   - text: The message; duplicates are judged on this exact text.
    ///   - subject: A label for your records.
    ///   - sendTime: When to send; `nil` sends now. Must be in the future.
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: Must be `nil`: API 3.0's filtered send takes no event id (a `ValidationError` otherwise).
    ///   - dryRun: `true` to only find the duplicates (`issend` false).
    ///   - idempotencyKey: Your id for this send (not for a dry run). After an unknown outcome the
    ///     send is simply made again: the gateway leaves out whoever already got the text.
    /// - Returns: The receipt with the numbers left out; ``DuplicateFilterReceipt/batchID`` is `nil`
    ///   when nothing was sent.
    /// - Throws: `ValidationError` before sending; ``Every8DError``; `SendOutcomeUnknownError`.
    @discardableResult
    public func sendSMSFilteringDuplicates(
        to recipients: [String], text: String, subject: String = "", at sendTime: Date? = nil,
        validity: Duration? = nil, eventID: String? = nil, dryRun: Bool = false, idempotencyKey: String? = nil
    ) async throws -> DuplicateFilterReceipt {
        if dryRun, let idempotencyKey {
            throw ValidationError(field: "idempotencyKey", value: idempotencyKey, reason: "a dry run sends nothing; a key belongs to a send")
        }
        let request = try V3Request.sendSMSFilteringDuplicates(
            to: recipients, text: text, subject: subject, at: sendTime, validity: validity, eventID: eventID, dryRun: dryRun,
            options: configuration.requestOptions)
        let parse: @Sendable (TransportResponse) throws -> DuplicateFilterReceipt = { response in
            try Every8DV3ResponseParser.duplicateFilterReceipt(response.body)
        }
        if dryRun { return try await perform(request, parse: parse) }
        return try await performSend(
            request, idempotencyKey: idempotencyKey, facts: \.facts,
            reconcile: { earlier in
                // The filter is the proof: sent again, it leaves out whoever already has the text.
                guard sendTime == nil, configuration.now().timeIntervalSince(earlier.createdAt) < 23 * 3600 else {
                    return .unproven(Self.stillUnknown(request, earlier: earlier))
                }
                return .settled(try await perform(request, facts: \.facts, parse: parse))
            },
            parse: parse)
    }

    /// After an earlier keyed `sendsms` with an unknown outcome: the filtered send's dry run lists
    /// who already received this exact text in the last 24 hours, and only the others are sent
    /// through the filtered send (which filters again on the gateway). Without that proof the
    /// outcome stays unknown: a booking (not sent yet, so not in the filter), an event id (the
    /// filtered send takes none, and the gateway's link changes the text), an attempt over 23 hours old.
    private func reconcile(
        _ request: V3Request, to recipients: [String], text: String, subject: String, booked: Bool, validity: Duration?,
        eventID: String?, earlier: LedgerEntry
    ) async throws -> IdempotentSend<SendReceipt>.Reconciliation {
        let sent = request.rule.context?.recipients ?? []
        guard !booked, eventID == nil, configuration.now().timeIntervalSince(earlier.createdAt) < 23 * 3600 else {
            return .unproven(Self.stillUnknown(request, earlier: earlier))
        }
        return .settled(try await DuplicateFilterReconciliation.settle(recipients: sent) { numbers, dryRun in
            try await sendSMSFilteringDuplicates(to: numbers, text: text, subject: subject, validity: validity, dryRun: dryRun)
        })
    }
}
