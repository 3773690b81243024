import Foundation

/// Pure functions from an EVERY8D response body to typed results.
///
/// The client uses them for every call; they are public so that the legacy SOAP client (whose
/// operations return the same strings), tests and benchmarks can call them directly. Each one
/// reads the envelope first (see ``gatewayError(in:operation:)``), so a gateway error becomes an
/// ``Every8DError`` whatever call it answers.
///
/// Errors: ``Every8DError`` when the gateway refused the request; `ResponseParseError` (without a
/// body preview: add one with `withBody(_:contentType:secrets:)`) when the body has no documented shape.
public enum Every8DResponseParser {
    /// The gateway error in `body`, if it is one: `-code,message` text (the message may start
    /// with a space), a bare `-code`, or JSON with `"Result":false` (`Status` and `Msg`).
    ///
    /// - Parameters:
    ///   - body: The response body.
    ///   - operation: The call it answers, recorded in the error.
    /// - Returns: The error, or `nil` when the body is not an error.
    public static func gatewayError(in body: Data, operation: Every8DOperation) -> Every8DError? {
        if case .failure(let code, let message) = GatewayEnvelope.classify(body) {
            return Every8DError(code: .init(rawValue: code), message: message, operation: operation)
        }
        return nil
    }

    /// The answer text of a call whose success is a short string: the body itself, or the `Msg` of
    /// a `"Result":true` JSON envelope, trimmed.
    ///
    /// - Throws: ``Every8DError`` for a gateway error (also one inside a successful envelope's
    ///   `Msg`); `ResponseParseError` when the body is not UTF-8.
    public static func answerText(_ body: Data, operation: Every8DOperation) throws -> String {
        let text: String
        switch GatewayEnvelope.classify(body) {
        case .failure(let code, let message):
            throw Every8DError(code: .init(rawValue: code), message: message, operation: operation)
        case .success(let message):
            text = message
            var nested = message
            if case .failure(let code, let inner) = nested.withUTF8({ GatewayEnvelope.classify(UnsafeRawBufferPointer($0)) }) {
                throw Every8DError(code: .init(rawValue: code), message: inner, operation: operation)
            }
        case .plain:
            let hasBOM = body.count >= 3 && body.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF }
            let data = hasBOM ? body.dropFirst(3) : body
            // ASCII, the usual answer, is trimmed as bytes: Foundation's trimming costs microseconds.
            if let trimmed = data.withUnsafeBytes({ raw in
                AnswerFields.trimmedASCII(raw).map { String(decoding: UnsafeRawBufferPointer(rebasing: raw[$0]), as: UTF8.self) }
            }) {
                return trimmed
            }
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw ResponseParseError(expected: "UTF-8 text", reason: "the body is not valid UTF-8")
            }
            text = decoded
        }
        if let trimmed = AnswerFields.trimmedText(text) { return trimmed }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Sends

    /// Parses a send result `CREDIT,SENDED,COST,UNSEND,BATCHID` (plain, or in the `Msg` of a JSON
    /// envelope as `SendParam.ashx` answers).
    ///
    /// Also accepts the four-field form without `UNSEND` (read as 0) and a `COST` with a decimal
    /// point (`4.0`).
    ///
    /// - Throws: ``Every8DError`` for `-99,…` or `"Result":false`; `ResponseParseError` otherwise.
    public static func sendReceipt(_ body: Data, operation: Every8DOperation = .sendSMS) throws -> SendReceipt {
        if let receipt = body.withUnsafeBytes({ raw in AnswerFields.plainAnswer(raw).flatMap { AnswerFields.sendReceipt(raw, $0) } }) {
            return receipt
        }
        let text = try answerText(body, operation: operation)
        if let receipt = AnswerFields.sendReceipt(text) { return receipt }
        let expected = "send result CREDIT,SENDED,COST,UNSEND,BATCHID"
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard fields.count == 4 || fields.count == 5 else {
            throw ResponseParseError(expected: expected, reason: "\(fields.count) fields")
        }
        let numbers = try sendNumbers(fields, hasUnsent: fields.count == 5, expected: expected)
        let batchID = fields[fields.count - 1]
        guard !batchID.isEmpty else { throw ResponseParseError(expected: expected, reason: "BATCHID is empty") }
        return SendReceipt(credit: numbers.credit, sent: numbers.sent, cost: numbers.cost, unsent: numbers.unsent, batchID: batchID)
    }

    /// Parses what `SendSMS4FilterMessage.ashx` answers, in every documented shape:
    ///
    /// - `9610040.00,2,2,0,<batch>`: sent, no duplicates;
    /// - `9610040.00,2,2,0,<batch>,+886…1/+886…2,<batchA>/<batchB>`: sent, duplicates left out;
    /// - `0,0,0,,+886…1/+886…2,<batchA>/<batchB>`: dry run, duplicates found;
    /// - `0,0,0,`: dry run, none found;
    /// - the four-field send form without `UNSEND`.
    ///
    /// - Throws: ``Every8DError`` for `-99,…` and `-98,<numbers>`; `ResponseParseError` when the
    ///   shape is unknown or the filtered numbers and batches do not pair up.
    public static func duplicateFilterReceipt(_ body: Data, operation: Every8DOperation = .sendSMSFilteringDuplicates) throws -> DuplicateFilterReceipt {
        if let receipt = body.withUnsafeBytes({ raw in AnswerFields.plainAnswer(raw).flatMap { AnswerFields.duplicateFilterReceipt(raw, $0) } }) {
            return receipt
        }
        let text = try answerText(body, operation: operation)
        if let receipt = AnswerFields.duplicateFilterReceipt(text) { return receipt }
        let expected = "duplicate-filter result CREDIT,SENDED,COST,UNSEND,BATCHID[,FAIL_MOBILE,FAIL_BATCHID]"
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let hasUnsent: Bool
        let batchIndex: Int
        var failures: (mobiles: String, batches: String)?
        switch fields.count {
        case 4:
            hasUnsent = false
            batchIndex = 3
        case 5:
            hasUnsent = true
            batchIndex = 4
        case 6:
            hasUnsent = false
            batchIndex = 3
            failures = (fields[4], fields[5])
        case 7:
            hasUnsent = true
            batchIndex = 4
            failures = (fields[5], fields[6])
        default:
            throw ResponseParseError(expected: expected, reason: "\(fields.count) fields")
        }
        let numbers = try sendNumbers(fields, hasUnsent: hasUnsent, expected: expected)
        var filtered: [DuplicateFilterReceipt.FilteredRecipient] = []
        if let failures {
            let mobiles = failures.mobiles.split(separator: "/").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            let batches = failures.batches.split(separator: "/").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard mobiles.count == batches.count else {
                throw ResponseParseError(expected: expected, reason: "\(mobiles.count) filtered numbers but \(batches.count) earlier batch ids")
            }
            filtered = zip(mobiles, batches).map { .init(mobile: $0, earlierBatchID: $1) }
        }
        let batchID = fields[batchIndex]
        return DuplicateFilterReceipt(
            credit: numbers.credit, sent: numbers.sent, cost: numbers.cost, unsent: numbers.unsent,
            batchID: batchID.isEmpty ? nil : batchID, filtered: filtered)
    }

    private static func sendNumbers(_ fields: [String], hasUnsent: Bool, expected: String) throws -> (credit: Decimal, sent: Int, cost: Decimal, unsent: Int) {
        guard let credit = ExactDecimal.parse(fields[0]) else {
            throw ResponseParseError(expected: expected, reason: "CREDIT is not a decimal")
        }
        guard let sent = ByteText.integer(fields[1]) else {
            throw ResponseParseError(expected: expected, reason: "SENDED is not an integer")
        }
        guard let cost = ExactDecimal.parse(fields[2]) else {
            throw ResponseParseError(expected: expected, reason: "COST is not a decimal")
        }
        var unsent = 0
        if hasUnsent, !fields[3].isEmpty {
            guard let value = ByteText.integer(fields[3]) else {
                throw ResponseParseError(expected: expected, reason: "UNSEND is not an integer")
            }
            unsent = value
        }
        return (credit, sent, cost, unsent)
    }

    // MARK: Account and bookings

    /// Parses a credit answer such as `1000.00`.
    ///
    /// - Throws: ``Every8DError`` for `-99,…`; `ResponseParseError` when it is not a decimal.
    public static func credit(_ body: Data, operation: Every8DOperation = .credit) throws -> Decimal {
        if let credit = body.withUnsafeBytes({ raw in
            AnswerFields.plainAnswer(raw).flatMap { ExactDecimal.parse(bytes: UnsafeRawBufferPointer(rebasing: raw[$0])) }
        }) {
            return credit
        }
        let text = try answerText(body, operation: operation)
        guard let credit = ExactDecimal.parse(text) else {
            throw ResponseParseError(expected: "credit such as 1000.00", reason: text.isEmpty ? "the body is empty" : "not a decimal")
        }
        return credit
    }

    /// Parses a cancellation answer `<count>,<points refunded>` such as `2,2.00`.
    ///
    /// An empty body means the gateway found nothing to cancel (as the SOAP API documents): the
    /// result is then `0` cancelled and `0` refunded, not an error.
    ///
    /// - Throws: ``Every8DError`` for `-3,…` (no such batch), `-4,…` (already cancelled or sent) and
    ///   other codes; `ResponseParseError` for any other shape.
    public static func cancelResult(_ body: Data, operation: Every8DOperation = .cancelBooking) throws -> CancelResult {
        let text = try answerText(body, operation: operation)
        if text.isEmpty { return CancelResult(cancelled: 0, refundedPoints: 0) }
        let expected = "cancellation result COUNT,POINTS"
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 2 else { throw ResponseParseError(expected: expected, reason: "\(fields.count) fields") }
        guard let count = ByteText.integer(fields[0]) else {
            throw ResponseParseError(expected: expected, reason: "COUNT is not an integer")
        }
        guard let points = ByteText.decimal(fields[1]) else {
            throw ResponseParseError(expected: expected, reason: "POINTS is not a decimal")
        }
        return CancelResult(cancelled: count, refundedPoints: points)
    }

    // MARK: Tokens

    /// Parses the token fetch answer `{"Result":true,"Msg":"<token>"}` and returns the token text.
    ///
    /// - Throws: ``Every8DError`` for `"Result":false` (wrong password, locked account, …);
    ///   `ResponseParseError` when the body is not the envelope or the token is empty.
    public static func token(_ body: Data, operation: Every8DOperation = .getToken) throws -> String {
        switch GatewayEnvelope.classify(body) {
        case .failure(let code, let message):
            throw Every8DError(code: .init(rawValue: code), message: message, operation: operation)
        case .success(let message):
            let token = message.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty, !token.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw ResponseParseError(expected: "token answer {\"Result\":true,\"Msg\":\"<token>\"}", reason: "Msg is not a token")
            }
            return token
        case .plain:
            throw ResponseParseError(expected: "token answer {\"Result\":true,\"Msg\":\"<token>\"}", reason: "no Result in the body")
        }
    }

    /// Parses a token check or close answer: `{"Result":true}` is `true`, `{"Result":false,…}` is
    /// `false`.
    ///
    /// - Throws: ``Every8DError`` for a `-code,message` text answer; `ResponseParseError` when the
    ///   body has no `Result`.
    public static func handlerResult(_ body: Data, operation: Every8DOperation) throws -> Bool {
        switch GatewayEnvelope.classify(body) {
        case .success:
            return true
        case .failure:
            let trimmed = body.drop { $0.isASCIIWhitespace || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
            if trimmed.first == UInt8(ascii: "{") { return false }
            guard let error = gatewayError(in: body, operation: operation) else { return false }
            throw error
        case .plain:
            throw ResponseParseError(expected: "{\"Result\":true|false}", reason: "no Result in the body")
        }
    }
}
