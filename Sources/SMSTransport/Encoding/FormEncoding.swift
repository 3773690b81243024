import Foundation

/// `application/x-www-form-urlencoded` as the gateways' servers decode it.
///
/// The servers treat `+` as a space, so `+886912345678` must go out as `%2B886912345678`.
/// `URLComponents` and `URLQueryItem` leave `+`, `&` and `=` alone, so they are not form encoders.
/// This one percent-encodes the UTF-8 bytes of everything outside `A-Z a-z 0-9 - . _ ~`
/// (a space becomes `%20`) and keeps the fields in the order given.
@_spi(SMSInternals) public enum FormEncoding {
    /// The media type to send with an encoded body.
    public static let contentType = "application/x-www-form-urlencoded; charset=utf-8"

    /// Encodes fields as a form body, in order.
    ///
    /// - Parameter fields: The fields in the order the gateway documents them.
    /// - Returns: The body bytes (ASCII only).
    public static func encode(_ fields: [FormField]) -> Data {
        encode(fields, after: nil)
    }

    /// Encodes `head` (two fields, such as a client's `UID` and `PWD`) and then `fields` as one
    /// body, byte for byte what ``encode(_:)`` gives for the joined list, without joining them.
    ///
    /// The body is written in one pass straight into memory that `Data` then takes over as is:
    /// room for the worst case (every byte escaped) is taken up front, and given back when much
    /// of it went unused.
    ///
    /// - Parameters:
    ///   - fields: The fields in order.
    ///   - head: Two fields that go first, or `nil`.
    /// - Returns: The body bytes (ASCII only).
    package static func encode(_ fields: [FormField], after head: (FormField, FormField)?) -> Data {
        var bound = 0
        var count = 0
        func add(_ field: FormField) {
            bound += 3 * (field.name.utf8.count + field.value.utf8.count) + 2
            count += 1
        }
        if let head {
            add(head.0)
            add(head.1)
        }
        for field in fields { add(field) }
        guard count > 0 else { return Data() }
        guard var memory = malloc(bound) else { return Data(encodeToString(fields, after: head).utf8) }
        let size = write(fields, after: head, to: memory.assumingMemoryBound(to: UInt8.self))
            - memory.assumingMemoryBound(to: UInt8.self)
        if bound - size > 4096, let smaller = realloc(memory, size) { memory = smaller }
        return Data(bytesNoCopy: memory, count: size, deallocator: .free)
    }

    /// Encodes fields as `name=value&name=value`, in order (also usable as a URL query).
    ///
    /// - Parameter fields: The fields in order.
    /// - Returns: The encoded text, for example `DEST=%2B886912345678`.
    public static func encodeToString(_ fields: [FormField]) -> String {
        encodeToString(fields, after: nil)
    }

    private static func encodeToString(_ fields: [FormField], after head: (FormField, FormField)?) -> String {
        let size = encodedCount(fields, after: head)
        guard size > 0 else { return "" }
        return String(unsafeUninitializedCapacity: size) { buffer in
            write(fields, after: head, to: buffer.baseAddress!) - buffer.baseAddress!
        }
    }

    /// Percent-encodes the UTF-8 bytes of everything outside `A-Z a-z 0-9 - . _ ~`, with
    /// uppercase hex (a space becomes `%20`, `+` becomes `%2B`).
    ///
    /// - Parameter string: The text to encode.
    /// - Returns: The encoded text.
    public static func percentEncode(_ string: String) -> String {
        let size = encodedCount(string)
        guard size > 0 else { return "" }
        return String(unsafeUninitializedCapacity: size) { buffer in
            writePercentEncoded(string, to: buffer.baseAddress!) - buffer.baseAddress!
        }
    }

    /// Decodes a form body or query string as an HTML form does: fields split on `&`, names and
    /// values split on the first `=`, `+` read as a space, `%XX` as a byte (hex in either case).
    ///
    /// Malformed escapes (`%`, `%2`, `%zz`) are kept literally, as servers do; empty fields
    /// (`a=1&&b=2`) are skipped; a field without `=` has an empty value. Bytes that are not
    /// UTF-8 after decoding become U+FFFD.
    ///
    /// - Parameter text: A form body or a URL query (without the `?`).
    /// - Returns: The fields in order, duplicates kept.
    public static func decode(_ text: String) -> [FormField] {
        var text = text
        return text.withUTF8 { decode(bytes: $0) }
    }

    /// Decodes a form body (see ``decode(_:)-(String)``).
    ///
    /// - Parameter body: The body bytes.
    /// - Returns: The fields in order, duplicates kept.
    public static func decode(_ body: Data) -> [FormField] {
        body.withUnsafeBytes { decode(bytes: $0.bindMemory(to: UInt8.self)) }
    }

    /// Decodes one name or value as a form does: `+` is a space, `%XX` a byte (either hex case),
    /// malformed escapes kept literally.
    ///
    /// - Parameter component: An encoded name or value, without `&` or `=` around it.
    /// - Returns: The decoded text (bytes that are not UTF-8 become U+FFFD).
    public static func decodeComponent(_ component: some StringProtocol) -> String {
        decodeComponent(bytes: Array(component.utf8))
    }

    private static func decode(bytes: UnsafeBufferPointer<UInt8>) -> [FormField] {
        var fields: [FormField] = []
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
                fields.append(FormField(decodeComponent(bytes: pair[pair.startIndex..<equals]),
                                        decodeComponent(bytes: pair[(equals + 1)...])))
            } else {
                fields.append(FormField(decodeComponent(bytes: pair), ""))
            }
        }
        return fields
    }

    /// The byte-level form of ``decodeComponent(_:)``.
    package static func decodeComponent<C: Collection>(bytes: C) -> String where C.Element == UInt8, C.Index == Int {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), index + 2 < end,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `0`–`9`, `A`–`F` for a nibble.
    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") - 10 + nibble
    }

    /// The length of the encoded body: `head`, then `fields`, joined with `&`.
    private static func encodedCount(_ fields: [FormField], after head: (FormField, FormField)?) -> Int {
        var size = 0
        var count = 0
        func add(_ field: FormField) {
            size += encodedCount(field.name) + 1 + encodedCount(field.value)
            count += 1
        }
        if let head {
            add(head.0)
            add(head.1)
        }
        for field in fields { add(field) }
        return count == 0 ? 0 : size + count - 1
    }

    /// Writes the encoded body at `start` (room for ``encodedCount(_:after:)`` bytes); returns the
    /// position after it.
    private static func write(_ fields: [FormField], after head: (FormField, FormField)?,
                              to start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var out = start
        func put(_ field: FormField) {
            if out != start {
                out.pointee = UInt8(ascii: "&")
                out += 1
            }
            out = writePercentEncoded(field.name, to: out)
            out.pointee = UInt8(ascii: "=")
            out += 1
            out = writePercentEncoded(field.value, to: out)
        }
        if let head {
            put(head.0)
            put(head.1)
        }
        for field in fields { put(field) }
        return out
    }

    /// The length of `string` once percent-encoded: three bytes for each byte that is escaped.
    private static func encodedCount(_ string: String) -> Int {
        // Native strings lend their UTF-8 buffer; a loop over a buffer is several times faster
        // than one over `String.UTF8View`.
        string.utf8.withContiguousStorageIfAvailable(encodedCount) ?? encodedCount(string.utf8)
    }

    private static func encodedCount(_ bytes: some Sequence<UInt8>) -> Int {
        var count = 0
        for byte in bytes { count += isUnreserved(byte) ? 1 : 3 }
        return count
    }

    /// Writes `string` percent-encoded at `out` (room for ``encodedCount(_:)-(String)`` bytes);
    /// returns the position after it.
    private static func writePercentEncoded(_ string: String, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        string.utf8.withContiguousStorageIfAvailable { writePercentEncoded($0, to: out) }
            ?? writePercentEncoded(string.utf8, to: out)
    }

    private static func writePercentEncoded(_ bytes: some Sequence<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var out = out
        for byte in bytes {
            if isUnreserved(byte) {
                out.pointee = byte
                out += 1
            } else {
                out[0] = UInt8(ascii: "%")
                out[1] = hexDigit(byte >> 4)
                out[2] = hexDigit(byte & 0x0F)
                out += 3
            }
        }
        return out
    }

    /// `A-Z a-z 0-9 - . _ ~`, looked up in two bitmaps: bit `b` of the first for bytes 0–63
    /// (`-` `.` `0`–`9`), bit `b - 64` of the second for bytes 64–127 (`A`–`Z` `_` `a`–`z` `~`).
    @inline(__always)
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case 0..<64: return (0x03FF_6000_0000_0000 as UInt64) >> byte & 1 != 0
        case 64..<128: return (0x47FF_FFFE_87FF_FFFE as UInt64) >> (byte - 64) & 1 != 0
        default: return false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
