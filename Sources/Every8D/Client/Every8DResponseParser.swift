import Foundation
@_spi(SMSInternals) import SMSTransport

/// Pure functions from an EVERY8D response body to typed results.
///
/// The clients use them for every call (the SOAP client's operations return the same strings).
/// Not API: an SPI (`@_spi(SMSInternals)`) for the fuzz targets and benchmarks, which live in
/// packages of their own. Each one
/// reads the envelope first (see ``gatewayError(in:operation:)``), so a gateway error becomes an
/// ``Every8DError`` whatever call it answers.
///
/// Errors: ``Every8DError`` when the gateway refused the request; `ResponseParseError` (without a
/// body preview: add one with `withBody(_:contentType:secrets:)`) when the body has no documented shape.
@_spi(SMSInternals) public enum Every8DResponseParser {
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
        try AnswerFields.withAnswer(body, operation: operation) { bytes, text in AnswerFields.string(text, bytes) }
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
        try AnswerFields.withAnswer(body, operation: operation) { bytes, text in
            let expected = "send result CREDIT,SENDED,COST,UNSEND,BATCHID"
            let fields = AnswerFields.split(text, in: bytes, on: UInt8(ascii: ","))
            guard fields.count == 4 || fields.count == 5 else {
                throw ResponseParseError(expected: expected, reason: "\(fields.count) fields")
            }
            let numbers = try AnswerFields.sendNumbers(fields, hasUnsent: fields.count == 5, in: bytes, expected: expected)
            let batchID = fields[fields.count - 1]
            guard !batchID.isEmpty else { throw ResponseParseError(expected: expected, reason: "BATCHID is empty") }
            return SendReceipt(credit: numbers.credit, sent: numbers.sent, cost: numbers.cost, unsent: numbers.unsent,
                               batchID: AnswerFields.string(batchID, bytes))
        }
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
        try AnswerFields.withAnswer(body, operation: operation) { bytes, text in
            let expected = "duplicate-filter result CREDIT,SENDED,COST,UNSEND,BATCHID[,FAIL_MOBILE,FAIL_BATCHID]"
            let fields = AnswerFields.split(text, in: bytes, on: UInt8(ascii: ","))
            // 4 or 6 fields: no UNSEND; 6 or 7: the filtered numbers and their earlier batches last.
            guard (4...7).contains(fields.count) else {
                throw ResponseParseError(expected: expected, reason: "\(fields.count) fields")
            }
            let hasUnsent = fields.count == 5 || fields.count == 7
            let numbers = try AnswerFields.sendNumbers(fields, hasUnsent: hasUnsent, in: bytes, expected: expected)
            var filtered: [DuplicateFilterReceipt.FilteredRecipient] = []
            if fields.count >= 6 {
                func parts(_ field: Range<Int>) -> [Range<Int>] {
                    AnswerFields.split(field, in: bytes, on: UInt8(ascii: "/")).filter { !$0.isEmpty }
                }
                let mobiles = parts(fields[fields.count - 2]), batches = parts(fields[fields.count - 1])
                guard mobiles.count == batches.count else {
                    throw ResponseParseError(expected: expected, reason: "\(mobiles.count) filtered numbers but \(batches.count) earlier batch ids")
                }
                filtered = zip(mobiles, batches).map { .init(mobile: AnswerFields.string($0, bytes), earlierBatchID: AnswerFields.string($1, bytes)) }
            }
            let batchID = fields[hasUnsent ? 4 : 3]
            return DuplicateFilterReceipt(
                credit: numbers.credit, sent: numbers.sent, cost: numbers.cost, unsent: numbers.unsent,
                batchID: batchID.isEmpty ? nil : AnswerFields.string(batchID, bytes), filtered: filtered)
        }
    }

    // MARK: Account and bookings

    /// Parses a credit answer such as `1000.00`.
    ///
    /// - Throws: ``Every8DError`` for `-99,…`; `ResponseParseError` when it is not a decimal.
    public static func credit(_ body: Data, operation: Every8DOperation = .credit) throws -> Decimal {
        try AnswerFields.withAnswer(body, operation: operation) { bytes, text in
            guard let credit = ExactDecimal.parse(bytes: AnswerFields.slice(text, bytes)) else {
                throw ResponseParseError(expected: "credit such as 1000.00", reason: text.isEmpty ? "the body is empty" : "not a decimal")
            }
            return credit
        }
    }

    /// Parses a cancellation answer `<count>,<points refunded>` such as `2,2.00`.
    ///
    /// An empty body means the gateway found nothing to cancel (as the SOAP API documents): the
    /// result is then `0` cancelled and `0` refunded, not an error.
    ///
    /// - Throws: ``Every8DError`` for `-3,…` (no such batch), `-4,…` (already cancelled or sent) and
    ///   other codes; `ResponseParseError` for any other shape.
    public static func cancelResult(_ body: Data, operation: Every8DOperation = .cancelBooking) throws -> CancelResult {
        try AnswerFields.withAnswer(body, operation: operation) { bytes, text in
            if text.isEmpty { return CancelResult(cancelled: 0, refundedPoints: 0) }
            let expected = "cancellation result COUNT,POINTS"
            let fields = AnswerFields.split(text, in: bytes, on: UInt8(ascii: ","))
            guard fields.count == 2 else { throw ResponseParseError(expected: expected, reason: "\(fields.count) fields") }
            guard let count = ByteText.integer(AnswerFields.slice(fields[0], bytes)) else {
                throw ResponseParseError(expected: expected, reason: "COUNT is not an integer")
            }
            guard let points = ExactDecimal.parse(bytes: AnswerFields.slice(fields[1], bytes)) else {
                throw ResponseParseError(expected: expected, reason: "POINTS is not a decimal")
            }
            return CancelResult(cancelled: count, refundedPoints: points)
        }
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
