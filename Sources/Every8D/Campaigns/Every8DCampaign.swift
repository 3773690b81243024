import Foundation

/// A bulk send to any number of recipients: personalised texts or a template, read from an
/// `AsyncSequence` (a CSV reader, a database cursor), sent in chunks of `SendParam` requests.
///
/// ```swift
/// let campaign = Every8DCampaign(gateway: client, key: "spring-sale-2025")
/// for await event in try campaign.sendPersonalized(rows) {
///     if case .finished(let summary) = event.kind { print(summary.totals) }
/// }
/// ```
///
/// - **Checked per row.** Each row goes through the send's own checks before it joins a chunk; a
///   bad row is reported with its index (``CampaignEvent/Kind/badRow(_:)``) and never sinks the
///   others.
/// - **Bounded.** ``CampaignOptions/chunkSize`` recipients a request, at most
///   ``CampaignOptions/maximumConcurrentChunks`` requests at once; memory holds the chunks in
///   flight and counters, never the whole input.
/// - **Credit.** When a request comes back partly or wholly unsent (the account ran out of
///   credit), no further requests are made; the delivery reports of that request tell exactly
///   which of its recipients were not sent.
/// - **Resumable, never doubled.** Chunk *i* is sent with the idempotency key
///   ``idempotencyKey(forChunk:)`` in the client's send ledger
///   (`Configuration.sendLedger`). Running the campaign again with the same key and the same
///   input (after a crash, a cancellation or a top-up) answers the chunks already sent from the
///   ledger and sends only the rest: nobody gets a second copy. Use a shared, durable ledger
///   (a file or PostgreSQL store) for a campaign that must survive its process; an input that
///   changes between runs is refused chunk by chunk (`IdempotencyKeyReuseError`).
///
/// Works with every client that has personalised and template sends: ``Every8DClient`` (API 2.1,
/// `SendParam.ashx`), ``Every8DV3Client`` and ``Every8DSOAPClient``.
public struct Every8DCampaign: Sendable {
    /// The client that sends.
    public let gateway: any Every8DMessaging
    /// The caller's name for this campaign, from which each request's idempotency key is derived.
    public let key: String
    /// Chunk size, concurrency, subject, validity, event id.
    public let options: CampaignOptions

    /// Creates a campaign; nothing is sent until its events are iterated.
    ///
    /// - Parameters:
    ///   - gateway: The client that sends (its send ledger makes the campaign resumable).
    ///   - key: Your name for the campaign, unique per campaign and stable across re-runs
    ///     (`"2025-03-invoices"`): not empty, one line, printable.
    ///   - options: Chunk size, concurrency, subject, validity, event id.
    public init(gateway: any Every8DMessaging, key: String, options: CampaignOptions = CampaignOptions()) {
        self.gateway = gateway
        self.key = key
        self.options = options
    }

    /// Sends each row its own text (`SendParam.ashx` without `MSG`), in chunks.
    ///
    /// - Parameter messages: The rows, read once, in order.
    /// - Returns: The run's events; iterating starts the campaign.
    /// - Throws: `ValidationError` for the key or the options, before anything is read or sent.
    public func sendPersonalized<Messages: AsyncSequence & Sendable>(_ messages: Messages) throws -> CampaignRun
    where Messages.Element == PersonalizedMessage {
        try validate()
        let gateway = gateway
        let sendOptions = SendOptions(subject: options.subject, validity: options.validity, eventID: options.eventID)
        let sender = CampaignSender<PersonalizedMessage>(
            check: { message, now in _ = try ParamRequest.entry(message, attachment: nil, now: now, normalizeTaiwan: false, field: { $0 }) },
            send: { chunk, key in
                var options = sendOptions
                options.idempotencyKey = key
                return try await gateway.sendPersonalizedSMS(chunk, options: options)
            })
        return run(messages, sender)
    }

    /// Sends a template filled per row (`SendParam.ashx` with `MSG`), in chunks.
    ///
    /// - Parameters:
    ///   - template: The text with `%field1%` … `%field5%` placeholders.
    ///   - recipients: The rows, read once, in order.
    /// - Returns: The run's events; iterating starts the campaign.
    /// - Throws: `ValidationError` for the template, the key or the options, before anything is
    ///   read or sent.
    public func sendTemplate<Recipients: AsyncSequence & Sendable>(template: String, recipients: Recipients) throws -> CampaignRun
    where Recipients.Element == TemplateRecipient {
        try validate()
        try TemplateValidation.template(template)
        let gateway = gateway
        let sendOptions = SendOptions(subject: options.subject, validity: options.validity, eventID: options.eventID)
        let sender = CampaignSender<TemplateRecipient>(
            check: { recipient, now in
                _ = try ParamRequest.entry(recipient, template: template, attachment: nil, now: now, normalizeTaiwan: false, field: { $0 })
            },
            send: { chunk, key in
                var options = sendOptions
                options.idempotencyKey = key
                return try await gateway.sendTemplateSMS(template: template, recipients: chunk, options: options)
            })
        return run(recipients, sender)
    }

    /// The idempotency key of chunk `index`: `<key>#<index>`, or, when that would be longer than
    /// a key may be (255 bytes), `sha256:<digest of the key>#<index>`.
    public func idempotencyKey(forChunk index: Int) -> String {
        key(chunk: index, attempt: 1)
    }

    /// The key of a chunk's `attempt`-th request: the first carries the whole chunk; later ones
    /// (on a re-run) only the recipients an earlier run left unsent.
    func key(chunk index: Int, attempt: Int) -> String {
        let suffix = attempt == 1 ? "#\(index)" : "#\(index)/\(attempt)"
        // Room for the longest suffix of any chunk, so that every chunk of a campaign has the
        // same prefix.
        guard key.utf8.count + 32 > IdempotentSend<SendReceipt>.maximumKeyLength else { return key + suffix }
        return "sha256:" + SHA256.hex(SHA256.hash(Array(key.utf8))) + suffix
    }

    private func validate() throws {
        try options.validate()
        guard !key.isEmpty else { throw ValidationError(field: "campaignKey", reason: "the campaign key is empty") }
        do {
            try IdempotentSend<SendReceipt>.validate(idempotencyKey(forChunk: 0))
        } catch let error as ValidationError {
            throw ValidationError(field: "campaignKey", value: key, reason: error.reason)
        }
    }

    private func run<Rows: AsyncSequence & Sendable, Row: CampaignRecipient>(_ rows: Rows, _ sender: CampaignSender<Row>) -> CampaignRun
    where Rows.Element == Row {
        let engine = CampaignEngine(rows: rows, sender: sender, campaign: self)
        return CampaignRun { channel in await engine.run(channel) }
    }
}
