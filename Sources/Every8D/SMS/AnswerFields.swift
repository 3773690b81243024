import Foundation
@_spi(SMSInternals) import SMSTransport

/// How every short EVERY8D answer is read (a send result, a duplicate-filter result, a credit, a
/// cancellation): the answer's bytes in place, split on commas, each field trimmed.
///
/// The answer is the body itself, or the `Msg` of a `"Result":true` JSON envelope; a gateway
/// error in either place is thrown as ``Every8DError``. Trimming removes what Foundation's
/// `whitespacesAndNewlines` holds, the Unicode spaces (U+3000, U+00A0, …) included, so a padded
/// answer reads as a clean one. No `String` is made for a field that is read as a number.
enum AnswerFields {
    /// The answer's bytes and the trimmed range of its text, handed to `read`.
    ///
    /// - Throws: ``Every8DError`` for a gateway error (also one inside a successful envelope's
    ///   `Msg`); `ResponseParseError` when a plain body is not UTF-8; whatever `read` throws.
    static func withAnswer<T>(_ body: Data, operation: Every8DOperation,
                              _ read: (UnsafeRawBufferPointer, Range<Int>) throws -> T) throws -> T {
        try body.withUnsafeBytes { raw in
            switch GatewayEnvelope.classify(raw) {
            case .failure(let code, let message):
                throw Every8DError(code: .init(rawValue: code), message: message, operation: operation)
            case .success(let message):
                var message = message
                return try message.withUTF8 { buffer in
                    let bytes = UnsafeRawBufferPointer(buffer)
                    if case .failure(let code, let inner) = GatewayEnvelope.classify(bytes) {
                        throw Every8DError(code: .init(rawValue: code), message: inner, operation: operation)
                    }
                    return try read(bytes, trimmed(0..<bytes.count, in: bytes))
                }
            case .plain:
                let start = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF ? 3 : 0
                guard isUTF8(raw, from: start) else {
                    throw ResponseParseError(expected: "UTF-8 text", reason: "the body is not valid UTF-8")
                }
                return try read(raw, trimmed(start..<raw.count, in: raw))
            }
        }
    }

    /// The fields of `range` split on `separator` (empty ones kept), each trimmed.
    static func split(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer, on separator: UInt8) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(8)  // the longest answer (a duplicate-filter result) has 7
        var start = range.lowerBound
        for index in range where bytes[index] == separator {
            fields.append(trimmed(start..<index, in: bytes))
            start = index + 1
        }
        fields.append(trimmed(start..<range.upperBound, in: bytes))
        return fields
    }

    /// `range` without leading and trailing `whitespacesAndNewlines`.
    static func trimmed(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        while start < end {
            let byte = bytes[start]
            if byte < 0x80 {
                guard isSpace(byte) else { break }
                start += 1
            } else {
                guard let (scalar, length) = scalar(in: bytes, at: start, end: end), isSpace(scalar) else { break }
                start += length
            }
        }
        while end > start {
            let byte = bytes[end - 1]
            if byte < 0x80 {
                guard isSpace(byte) else { break }
                end -= 1
            } else {
                var lead = end - 1
                while lead > start, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
                guard let (scalar, _) = scalar(in: bytes, at: lead, end: end), isSpace(scalar) else { break }
                end = lead
            }
        }
        return start..<end
    }

    /// The bytes of `range`, for the number parsers.
    static func slice(_ range: Range<Int>, _ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    /// The text of `range`.
    static func string(_ range: Range<Int>, _ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: slice(range, bytes), as: UTF8.self)
    }

    /// `CREDIT,SENDED,COST` and, when present, `UNSEND` (empty reads as 0) from a send result's fields.
    static func sendNumbers(_ fields: [Range<Int>], hasUnsent: Bool, in bytes: UnsafeRawBufferPointer, expected: String) throws
        -> (credit: Decimal, sent: Int, cost: Decimal, unsent: Int) {
        guard let credit = ExactDecimal.parse(bytes: slice(fields[0], bytes)) else {
            throw ResponseParseError(expected: expected, reason: "CREDIT is not a decimal")
        }
        guard let sent = ByteText.integer(slice(fields[1], bytes)) else {
            throw ResponseParseError(expected: expected, reason: "SENDED is not an integer")
        }
        guard let cost = ExactDecimal.parse(bytes: slice(fields[2], bytes)) else {
            throw ResponseParseError(expected: expected, reason: "COST is not a decimal")
        }
        var unsent = 0
        if hasUnsent, !fields[3].isEmpty {
            guard let value = ByteText.integer(slice(fields[3], bytes)) else {
                throw ResponseParseError(expected: expected, reason: "UNSEND is not an integer")
            }
            unsent = value
        }
        return (credit, sent, cost, unsent)
    }

    // MARK: Characters

    /// Foundation's `whitespacesAndNewlines` within ASCII: TAB, LF, VT, FF, CR and space.
    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Foundation's `whitespacesAndNewlines` beyond ASCII (rare: only padded answers get here).
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        CharacterSet.whitespacesAndNewlines.contains(scalar)
    }

    /// The scalar starting at `index` and its length in bytes, or `nil` when the bytes there are
    /// not UTF-8.
    private static func scalar(in bytes: UnsafeRawBufferPointer, at index: Int, end: Int) -> (Unicode.Scalar, Int)? {
        var iterator = slice(index..<end, bytes).makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return nil }
        return (scalar, UTF8.width(scalar))
    }

    /// Whether `bytes` from `start` are UTF-8 (ASCII, the usual answer, is checked byte by byte).
    private static func isUTF8(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Bool {
        var first = start
        while first < bytes.count, bytes[first] < 0x80 { first += 1 }
        guard first < bytes.count else { return true }
        var iterator = slice(first..<bytes.count, bytes).makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
