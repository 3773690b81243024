import Foundation

/// Byte-level helpers shared by the gateways' parsers.
package enum ByteText {
    /// Parses `-?[0-9]+` (at most 18 digits), or returns `nil`.
    @inline(__always)
    package static func integer(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        let count = bytes.count
        guard count > 0 else { return nil }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        } else if bytes[0] == UInt8(ascii: "+") {
            index = 1
        }
        guard index < count, count - index <= 18 else { return nil }
        var value = 0
        while index < count {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            index += 1
        }
        return negative ? -value : value
    }

    /// Parses the integer in `text` after trimming ASCII whitespace, or returns `nil`.
    package static func integer(_ text: some StringProtocol) -> Int? {
        var string = String(text).trimmingASCIIWhitespace()
        return string.withUTF8 { integer(UnsafeRawBufferPointer($0)) }
    }

    /// The range of `range` without leading and trailing ASCII whitespace.
    @inline(__always)
    package static func trimmed(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        while start < end, bytes[start].isASCIIWhitespace { start += 1 }
        while end > start, bytes[end - 1].isASCIIWhitespace { end -= 1 }
        return start..<end
    }

    /// The UTF-8 text of `range`.
    @inline(__always)
    package static func string(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
