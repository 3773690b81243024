import Foundation

@_spi(SMSInternals) extension Every8DResponseParser {
    /// Parses a page of replies (MO) in either format.
    ///
    /// - Parameters:
    ///   - body: The response body.
    ///   - format: The format requested with `RESPFORMAT`.
    ///   - operation: The call it answers.
    /// - Throws: ``Every8DError`` for a gateway error; `ResponseParseError` otherwise.
    public static func replyPage(_ body: Data, format: ReplyFormat, operation: Every8DOperation = .replies) throws -> ReplyPage {
        switch format {
        case .tab: return try replyPage(tab: body, operation: operation)
        case .json: return try replyPage(json: body, operation: operation)
        }
    }

    /// Parses a TAB page of replies: the count on the first line, then
    /// `NAME MOBILE CONTENT RECEIVED_TIME` per reply, separated by tabs.
    ///
    /// A reply's text is free text from a phone and may itself hold tabs or line breaks; such a
    /// reply spans several columns or lines, and is put back together: the name and number are the
    /// first two columns, the time the last, and everything between is the text. A reply that
    /// cannot be completed (the body ends first) fails the page with a `ResponseParseError`.
    ///
    /// - Throws: ``Every8DError`` for a gateway error; `ResponseParseError` otherwise.
    public static func replyPage(tab body: Data, operation: Every8DOperation = .replies) throws -> ReplyPage {
        try body.withUnsafeBytes { bytes in
            try precheck(bytes, expectsJSON: false, expected: replyTabExpected, operation: operation)
            var totalCount: Int?
            var replies: [Reply] = []
            // The fields of a reply still being assembled across lines.
            var pending: [String] = []
            var pendingStartLine = 0
            var lineNumber = 0
            try DelimitedText.forEachLine(in: bytes) { line in
                lineNumber += 1
                guard totalCount != nil else {
                    guard let count = ByteText.integer(UnsafeRawBufferPointer(rebasing: bytes[ByteText.trimmed(line, in: bytes)])) else {
                        throw ResponseParseError(expected: replyTabExpected, reason: "line 1 is not the count")
                    }
                    totalCount = count
                    return
                }
                let fields = ByteText.string(line, in: bytes).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                if pending.count >= 4, isCompleteReply(fields) {
                    // A whole reply follows one whose time did not read: that time is bad, not multi-line text.
                    throw ResponseParseError(expected: replyTabExpected, reason: "line \(pendingStartLine): RECEIVED_TIME does not read")
                }
                if pending.isEmpty {
                    pending = fields
                    pendingStartLine = lineNumber
                } else {
                    // The line break belonged to the text of the reply being assembled.
                    pending[pending.count - 1] += "\n" + fields[0]
                    pending.append(contentsOf: fields.dropFirst())
                }
                guard pending.count >= 4, let last = pending.last else { return }
                let time = last.trimmingASCIIWhitespace()
                let receivedAt = TaiwanTime.parse(time)
                guard time.isEmpty || receivedAt != nil else { return }
                replies.append(Reply(
                    name: pending[0], mobile: pending[1].trimmingASCIIWhitespace(),
                    text: pending[2..<(pending.count - 1)].joined(separator: "\t"), receivedAt: receivedAt))
                pending = []
            }
            guard let totalCount else { throw ResponseParseError(expected: replyTabExpected, reason: "the body is empty") }
            guard pending.isEmpty else {
                throw ResponseParseError(expected: replyTabExpected, reason: "the reply from line \(pendingStartLine) is incomplete")
            }
            return ReplyPage(totalCount: totalCount, replies: replies)
        }
    }

    private static func isCompleteReply(_ fields: [String]) -> Bool {
        guard fields.count >= 4, let last = fields.last, TaiwanTime.parse(last.trimmingASCIIWhitespace()) != nil else { return false }
        let mobile = fields[1].trimmingASCIIWhitespace()
        return mobile.first == "+" || mobile.first?.isASCII == true && mobile.first?.isNumber == true
    }

    static let replyTabExpected = "TAB reply page (count, then NAME MOBILE CONTENT RECEIVED_TIME rows)"
    static let replyJSONExpected = "JSON reply page {\"SMS_COUNT\":…,\"BID\":…,\"DATA\":[…]}"

    /// Parses a JSON page of replies:
    /// `{"SMS_COUNT":3,"BID":"…","DATA":[{"NAME":…,"MOBILE":…,"CONTENT":…,"RECEIVED_TIME":…}]}`.
    ///
    /// `DATA` may be absent or `null`; keys are matched ignoring case; an `MR` is kept when present.
    ///
    /// - Throws: ``Every8DError`` for a gateway error; `ResponseParseError` otherwise.
    public static func replyPage(json body: Data, operation: Every8DOperation = .replies) throws -> ReplyPage {
        try body.withUnsafeBytes { bytes in
            try precheck(bytes, expectsJSON: true, expected: replyJSONExpected, operation: operation)
            var reader = JSONReader(bytes, expected: replyJSONExpected)
            var page = ReplyPage(totalCount: 0, replies: [])
            var sawCount = false
            var envelope = EnvelopeFields()
            try reader.beginObject()
            var first = true
            while let key = try reader.nextKey(first: &first) {
                if reader.key(key, is: "SMS_COUNT") {
                    guard let count = try reader.integer(reader.readScalar(), field: "SMS_COUNT") else {
                        throw reader.failure("SMS_COUNT is empty")
                    }
                    page.totalCount = count
                    sawCount = true
                } else if reader.key(key, is: "BID") {
                    page.batchID = reader.text(try reader.readScalar())
                } else if reader.key(key, is: "DATA") {
                    if reader.peek() == UInt8(ascii: "n") {
                        _ = try reader.readScalar()
                        continue
                    }
                    try reader.beginArray()
                    var firstRow = true
                    while try reader.nextElement(first: &firstRow) {
                        page.replies.append(try readReplyRow(&reader, row: page.replies.count + 1))
                    }
                } else if try envelope.read(key, from: &reader) {
                    continue
                } else {
                    try reader.skipValue()
                }
            }
            try reader.expectEnd()
            if let error = envelope.error(operation: operation) { throw error }
            guard sawCount else { throw reader.failure("SMS_COUNT is missing") }
            return page
        }
    }

    private static func readReplyRow(_ reader: inout JSONReader, row: Int) throws -> Reply {
        var reply = Reply(name: "", mobile: "", text: "", receivedAt: nil)
        try reader.beginObject()
        var first = true
        while let key = try reader.nextKey(first: &first) {
            if reader.key(key, is: "CONTENT") {
                reply.text = reader.plainText(try reader.readScalar())
            } else if reader.key(key, is: "MOBILE") {
                reply.mobile = reader.plainText(try reader.readScalar()).trimmingASCIIWhitespace()
            } else if reader.key(key, is: "RECEIVED_TIME") {
                reply.receivedAt = try reader.date(reader.readScalar(), field: "DATA[\(row)].RECEIVED_TIME")
            } else if reader.key(key, is: "NAME") {
                reply.name = reader.plainText(try reader.readScalar())
            } else if reader.key(key, is: "MR") {
                let reference = reader.plainText(try reader.readScalar())
                reply.messageReference = reference.isEmpty ? nil : reference
            } else {
                try reader.skipValue()
            }
        }
        return reply
    }
}
