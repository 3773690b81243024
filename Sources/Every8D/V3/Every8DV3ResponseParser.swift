import Foundation

/// Pure functions from an API 3.0 answer to the SDK's models, the same models 2.1's
/// ``Every8DResponseParser`` returns (``SendReceipt``, ``DuplicateFilterReceipt``,
/// ``DeliveryPage``, ``ReplyPage``, ``CancelResult``).
///
/// Every answer is `{"status":"…","message":"…","data":{…}|null}`; a status other than the
/// call's success becomes an ``Every8DError`` whose ``Every8DError/code`` is that status (the
/// 3.0 statuses are static members of ``Every8DError/Code`` such as
/// ``Every8DError/Code/wrongCustcode``). Numbers may come as strings or JSON numbers; decimals
/// are read exactly. Errors carry no body preview: add one with `withBody(_:contentType:secrets:)`.
@_spi(Every8DV3)
public enum Every8DV3ResponseParser {
    // MARK: Tokens

    /// The token of a `getoken` answer, `{"status":"200",…,"data":{"token":"…"}}`, trimmed.
    ///
    /// - Throws: ``Every8DError`` (`505` wrong user id or password, `509` suspended, …);
    ///   `ResponseParseError` when there is no token or it holds whitespace.
    public static func token(_ body: Data) throws -> String {
        try V3Envelope.read(body, operation: .v3GetToken, expected: "getoken answer with data.token") { reader, _ in
            let values = try V3Envelope.members(&reader, ["token"])
            guard let scalar = values[0], let token = reader.text(scalar)?.trimmingASCIIWhitespace(), !token.isEmpty,
                  !token.unicodeScalars.contains(where: { $0.properties.isWhitespace }) else {
                throw reader.failure("data.token is missing or not a token")
            }
            return token
        }
    }

    /// Whether a `tokenislive` answer says the token is valid (`"tokenislive":"1"`; `"0"` is
    /// `false`; `true`/`false` are read too).
    ///
    /// - Throws: ``Every8DError`` for a refusal; `ResponseParseError` for another value.
    public static func tokenIsLive(_ body: Data) throws -> Bool {
        try V3Envelope.read(body, operation: .v3TokenIsLive, expected: "tokenislive answer with data.tokenislive") { reader, _ in
            let values = try V3Envelope.members(&reader, ["tokenislive"])
            switch values[0].flatMap({ reader.text($0)?.trimmingASCIIWhitespace().lowercased() }) {
            case "1", "true": return true
            case "0", "false": return false
            default: throw reader.failure("data.tokenislive is not 1 or 0")
            }
        }
    }

    // MARK: Sends

    /// The receipt of a send (`sendsms`, `sendexclusive_sms`, `sendparam_sms`, `sendmms`,
    /// `sendexclusive_mms`, `sendparam_mms`): `data` `credit`, `sendcnt`, `reducepoint`,
    /// `unsendcnt` (`0` when absent) and `batchid` (required).
    ///
    /// - Throws: ``Every8DError`` for a refusal; `ResponseParseError` when a number does not read
    ///   or the batch id is missing.
    public static func sendReceipt(_ body: Data, operation: Every8DOperation = .v3SendSMS) throws -> SendReceipt {
        try V3Envelope.read(body, operation: operation, expected: sendExpected) { reader, _ in
            let values = try V3Envelope.members(&reader, ["credit", "sendcnt", "reducepoint", "unsendcnt", "batchid"])
            let numbers = try sendNumbers(values, &reader)
            guard let batchID = values[4].flatMap({ reader.text($0)?.trimmingASCIIWhitespace() }), !batchID.isEmpty else {
                throw reader.failure("data.batchid is missing")
            }
            return SendReceipt(credit: numbers.credit, sent: numbers.sent, cost: numbers.cost, unsent: numbers.unsent, batchID: batchID)
        }
    }

    /// The receipt of the duplicate-filtered send (section 2.5), in its four documented shapes:
    /// status `200` (sent; `fail_mobiles`/`fail_batchid` list the numbers left out, `/`-separated,
    /// or are empty), `522` (nothing sent, duplicates listed) and `523` (nothing sent, none found).
    /// An empty `batchid` is `nil`.
    ///
    /// - Throws: ``Every8DError`` for a refusal (and for `522`/`523` without `data`);
    ///   `ResponseParseError` when a number does not read or the numbers and batches do not pair up.
    public static func duplicateFilterReceipt(_ body: Data) throws -> DuplicateFilterReceipt {
        try V3Envelope.read(body, operation: .v3SendSMSFilteringDuplicates, expected: sendExpected,
                            accepts: { $0 == 200 || $0 == 522 || $0 == 523 }) { reader, _ in
            let values = try V3Envelope.members(&reader, ["credit", "sendcnt", "reducepoint", "unsendcnt", "batchid", "fail_mobiles", "fail_batchid"])
            let numbers = try sendNumbers(values, &reader)
            let batchID = values[4].flatMap { reader.text($0)?.trimmingASCIIWhitespace() } ?? ""
            let mobiles = parts(values[5], &reader)
            let batches = parts(values[6], &reader)
            guard mobiles.count == batches.count else {
                throw reader.failure("\(mobiles.count) filtered numbers but \(batches.count) earlier batch ids")
            }
            return DuplicateFilterReceipt(
                credit: numbers.credit, sent: numbers.sent, cost: numbers.cost, unsent: numbers.unsent,
                batchID: batchID.isEmpty ? nil : batchID,
                filtered: zip(mobiles, batches).map { .init(mobile: $0, earlierBatchID: $1) })
        }
    }

    static let sendExpected = "send answer with data.credit, sendcnt, reducepoint, unsendcnt, batchid"

    private static func sendNumbers(_ values: [JSONReader.Scalar?], _ reader: inout JSONReader) throws
        -> (credit: Decimal, sent: Int, cost: Decimal, unsent: Int) {
        guard let credit = try values[0].flatMap({ try reader.decimal($0, field: "data.credit") }) else {
            throw reader.failure("data.credit is missing")
        }
        guard let sent = try values[1].flatMap({ try reader.integer($0, field: "data.sendcnt") }) else {
            throw reader.failure("data.sendcnt is missing")
        }
        guard let cost = try values[2].flatMap({ try reader.decimal($0, field: "data.reducepoint") }) else {
            throw reader.failure("data.reducepoint is missing")
        }
        let unsent = try values[3].flatMap { try reader.integer($0, field: "data.unsendcnt") } ?? 0
        return (credit, sent, cost, unsent)
    }

    /// The trimmed, non-empty `/`-separated parts of a text member.
    private static func parts(_ scalar: JSONReader.Scalar?, _ reader: inout JSONReader) -> [String] {
        guard let text = scalar.flatMap({ reader.text($0) }) else { return [] }
        return text.split(separator: "/").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    // MARK: Queries and bookings

    /// The credit of a `getcredit` answer (`data.credit`).
    ///
    /// - Throws: ``Every8DError`` for a refusal; `ResponseParseError` when it is not a decimal.
    public static func credit(_ body: Data) throws -> Decimal {
        try V3Envelope.read(body, operation: .v3Credit, expected: "getcredit answer with data.credit") { reader, _ in
            guard let credit = try V3Envelope.members(&reader, ["credit"])[0].flatMap({ try reader.decimal($0, field: "data.credit") }) else {
                throw reader.failure("data.credit is missing")
            }
            return credit
        }
    }

    /// A `getdrstatus` page: `data` is 2.1's JSON page (`SMS_COUNT`, `BID`, `DATA` rows of `MR`
    /// `NAME` `MOBILE` `SEND_TIME` `COST` `STATUS` `REAL_COST` `RECEIVED_TIME`), read by 2.1's parser.
    ///
    /// Status `521` with a `data` object (`{"SMS_COUNT":"0","BID":"…"}`, the specification's
    /// "query failed" answer) is a page without rows, as 2.1 answers an unknown or empty batch;
    /// `521` without `data` is an ``Every8DError``.
    ///
    /// - Parameter operation: ``Every8DOperation/v3DeliveryStatus`` or ``Every8DOperation/v3MMSDeliveryStatus``.
    /// - Throws: ``Every8DError`` for a refusal; `ResponseParseError` for a page that does not read.
    public static func deliveryPage(_ body: Data, operation: Every8DOperation = .v3DeliveryStatus) throws -> DeliveryPage {
        try V3Envelope.read(body, operation: operation, expected: "getdrstatus answer with a data page", accepts: pageStatus) { reader, _ in
            try Every8DResponseParser.deliveryPage(json: dataSlice(of: body, &reader), operation: operation)
        }
    }

    /// A `getreplymsg` page: `data` is 2.1's JSON reply page (`SMS_COUNT`, `BID`, `DATA` rows of
    /// `NAME` `MOBILE` `CONTENT` `RECEIVED_TIME`); `521` with `data` is a page without rows.
    ///
    /// - Throws: ``Every8DError`` for a refusal; `ResponseParseError` for a page that does not read.
    public static func replyPage(_ body: Data) throws -> ReplyPage {
        try V3Envelope.read(body, operation: .v3Replies, expected: "getreplymsg answer with a data page", accepts: pageStatus) { reader, _ in
            try Every8DResponseParser.replyPage(json: dataSlice(of: body, &reader), operation: .v3Replies)
        }
    }

    /// The result of `cancelbooking`: `data.count` messages cancelled, `data.point` points refunded.
    ///
    /// - Parameter operation: ``Every8DOperation/v3CancelBooking`` or ``Every8DOperation/v3CancelMMSBooking``.
    /// - Throws: ``Every8DError`` (`521` when there is no such batch or nothing left to cancel);
    ///   `ResponseParseError` when a number does not read.
    public static func cancelResult(_ body: Data, operation: Every8DOperation = .v3CancelBooking) throws -> CancelResult {
        try V3Envelope.read(body, operation: operation, expected: "cancelbooking answer with data.count and data.point") { reader, _ in
            let values = try V3Envelope.members(&reader, ["count", "point"])
            guard let count = try values[0].flatMap({ try reader.integer($0, field: "data.count") }) else {
                throw reader.failure("data.count is missing")
            }
            guard let points = try values[1].flatMap({ try reader.decimal($0, field: "data.point") }) else {
                throw reader.failure("data.point is missing")
            }
            return CancelResult(cancelled: count, refundedPoints: points)
        }
    }

    private static func pageStatus(_ status: Int) -> Bool { status == 200 || status == 521 }

    /// The `data` object the reader stands at, as a slice of `body` (no copy); the reader is left after it.
    private static func dataSlice(of body: Data, _ reader: inout JSONReader) throws -> Data {
        let start = reader.index
        try reader.skipValue()
        return body[(body.startIndex + start)..<(body.startIndex + reader.index)]
    }
}
