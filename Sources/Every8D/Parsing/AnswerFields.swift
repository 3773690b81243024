import Foundation

/// The fast path of the short-answer parsers: comma-separated fields read straight from bytes.
///
/// It handles only all-ASCII text, where Foundation's `whitespacesAndNewlines` is exactly
/// TAB, LF, VT, FF, CR and space, so trimming bytes gives what trimming the `String` gives.
/// Anything else (non-ASCII text, an unexpected shape) is left to the general path, which then
/// also produces the error: the fast path never decides that an answer is wrong.
enum AnswerFields {
    /// Foundation's `whitespacesAndNewlines` within ASCII.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// `bytes` without leading and trailing `whitespacesAndNewlines`, or `nil` when a byte is not ASCII.
    static func trimmedASCII(_ bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        for byte in bytes where byte >= 0x80 { return nil }
        return trimmed(0..<bytes.count, in: bytes)
    }

    @inline(__always)
    static func trimmed(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    /// Calls `body` with the trimmed ranges of the fields of `range` split on `separator` (empty
    /// fields kept), held on the stack rather than in an array; `nil` past `limit` fields.
    static func withFields<T>(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer, on separator: UInt8, limit: Int,
                              _ body: (UnsafeBufferPointer<Range<Int>>) -> T?) -> T? {
        withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: limit) { buffer -> T? in
            var count = 0
            var start = range.lowerBound
            for index in range where bytes[index] == separator {
                guard count < limit - 1 else { return nil }
                buffer.initializeElement(at: count, to: trimmed(start..<index, in: bytes))
                count += 1
                start = index + 1
            }
            buffer.initializeElement(at: count, to: trimmed(start..<range.upperBound, in: bytes))
            count += 1
            // Ranges are trivial values: nothing to deinitialize afterwards.
            return body(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// The trimmed answer in `body` when it is the usual successful answer: all ASCII (after an
    /// optional BOM), not empty, and starting with neither `-` (an error code) nor `{` (a JSON
    /// envelope). The parsers read it in place, without making a `String`; `nil` leaves the body
    /// to the general path, which reads the envelope and produces any error.
    static func plainAnswer(_ body: UnsafeRawBufferPointer) -> Range<Int>? {
        let start = body.count >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF ? 3 : 0
        for index in start..<body.count where body[index] >= 0x80 { return nil }
        let range = trimmed(start..<body.count, in: body)
        guard let first = range.first.map({ body[$0] }), first != UInt8(ascii: "-"), first != UInt8(ascii: "{") else { return nil }
        return range
    }

    /// The text of an answer as ``Every8DResponseParser/answerText(_:operation:)`` returns it, when
    /// `text` is all ASCII (`text` itself when there is nothing to trim); `nil` otherwise.
    static func trimmedText(_ text: String) -> String? {
        var copy = text
        return copy.withUTF8 { buffer -> String? in
            let bytes = UnsafeRawBufferPointer(buffer)
            guard let range = trimmedASCII(bytes) else { return nil }
            if range.count == bytes.count { return text }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
    }

    /// `CREDIT,SENDED,COST[,UNSEND],BATCHID` from ASCII text, or `nil` to use the general path.
    static func sendReceipt(_ text: String) -> SendReceipt? {
        var text = text
        return text.withUTF8 { buffer -> SendReceipt? in
            let bytes = UnsafeRawBufferPointer(buffer)
            return trimmedASCII(bytes).flatMap { sendReceipt(bytes, $0) }
        }
    }

    /// `CREDIT,SENDED,COST[,UNSEND],BATCHID` from the trimmed ASCII `whole` of `bytes`, or `nil`.
    static func sendReceipt(_ bytes: UnsafeRawBufferPointer, _ whole: Range<Int>) -> SendReceipt? {
        withFields(whole, in: bytes, on: UInt8(ascii: ","), limit: 5) { fields -> SendReceipt? in
            guard fields.count >= 4, let numbers = sendNumbers(fields, hasUnsent: fields.count == 5, in: bytes) else { return nil }
            let batch = fields[fields.count - 1]
            guard !batch.isEmpty else { return nil }
            return SendReceipt(credit: numbers.credit, sent: numbers.sent, cost: numbers.cost, unsent: numbers.unsent,
                               batchID: string(batch, in: bytes))
        }
    }

    /// The duplicate filter's answer in its four shapes from ASCII text, or `nil` to use the general path.
    static func duplicateFilterReceipt(_ text: String) -> DuplicateFilterReceipt? {
        var text = text
        return text.withUTF8 { buffer -> DuplicateFilterReceipt? in
            let bytes = UnsafeRawBufferPointer(buffer)
            return trimmedASCII(bytes).flatMap { duplicateFilterReceipt(bytes, $0) }
        }
    }

    /// The duplicate filter's answer from the trimmed ASCII `whole` of `bytes`, or `nil`.
    static func duplicateFilterReceipt(_ bytes: UnsafeRawBufferPointer, _ whole: Range<Int>) -> DuplicateFilterReceipt? {
        withFields(whole, in: bytes, on: UInt8(ascii: ","), limit: 7) { fields -> DuplicateFilterReceipt? in
            guard fields.count >= 4 else { return nil }
            let hasUnsent = fields.count == 5 || fields.count == 7
            let batchIndex = hasUnsent ? 4 : 3
            guard let numbers = sendNumbers(fields, hasUnsent: hasUnsent, in: bytes) else { return nil }
            var filtered: [DuplicateFilterReceipt.FilteredRecipient] = []
            if fields.count >= 6 {
                let mobiles = parts(fields[fields.count - 2], in: bytes)
                let batches = parts(fields[fields.count - 1], in: bytes)
                guard mobiles.count == batches.count else { return nil }
                filtered.reserveCapacity(mobiles.count)
                for (mobile, batch) in zip(mobiles, batches) {
                    filtered.append(.init(mobile: string(mobile, in: bytes), earlierBatchID: string(batch, in: bytes)))
                }
            }
            let batch = fields[batchIndex]
            return DuplicateFilterReceipt(
                credit: numbers.credit, sent: numbers.sent, cost: numbers.cost, unsent: numbers.unsent,
                batchID: batch.isEmpty ? nil : string(batch, in: bytes), filtered: filtered)
        }
    }

    /// The non-empty, trimmed `/`-separated parts of a field.
    private static func parts(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = range.lowerBound
        for index in range.lowerBound...range.upperBound where index == range.upperBound || bytes[index] == UInt8(ascii: "/") {
            let part = trimmed(start..<index, in: bytes)
            if !part.isEmpty { result.append(part) }
            start = index + 1
        }
        return result
    }

    private static func sendNumbers(_ fields: UnsafeBufferPointer<Range<Int>>, hasUnsent: Bool, in bytes: UnsafeRawBufferPointer)
        -> (credit: Decimal, sent: Int, cost: Decimal, unsent: Int)? {
        guard let credit = ExactDecimal.parse(bytes: slice(fields[0], bytes)),
              let sent = ByteText.integer(slice(fields[1], bytes)),
              let cost = ExactDecimal.parse(bytes: slice(fields[2], bytes)) else { return nil }
        var unsent = 0
        if hasUnsent, !fields[3].isEmpty {
            guard let value = ByteText.integer(slice(fields[3], bytes)) else { return nil }
            unsent = value
        }
        return (credit, sent, cost, unsent)
    }

    @inline(__always)
    private static func slice(_ range: Range<Int>, _ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    @inline(__always)
    private static func string(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: slice(range, bytes), as: UTF8.self)
    }
}
