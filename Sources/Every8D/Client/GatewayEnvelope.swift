import Foundation

/// How every EVERY8D answer is first read: its first byte decides.
///
/// - `-` then digits then `,` (or the end): an error code and its message, `-99,發生不明錯誤`
///   (a space may follow the comma).
/// - `{` with a `Result` key: the JSON envelope; `false` is an error with `Status` and `Msg`,
///   `true` carries the answer in `Msg`.
/// - anything else: the answer itself, as text.
enum GatewayEnvelope {
    /// The outcome of reading the envelope.
    enum Content {
        /// The gateway refused the request.
        case failure(code: Int, message: String)
        /// A JSON envelope with `"Result":true`; the answer is its `Msg` (empty when absent).
        case success(message: String)
        /// Not an envelope: the body is the answer.
        case plain
    }

    /// Reads the envelope of `bytes`.
    static func classify(_ bytes: UnsafeRawBufferPointer) -> Content {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < bytes.count, bytes[start].isASCIIWhitespace { start += 1 }
        guard start < bytes.count else { return .plain }
        switch bytes[start] {
        case UInt8(ascii: "-"):
            return textFailure(bytes, from: start) ?? .plain
        case UInt8(ascii: "{"):
            return jsonEnvelope(bytes) ?? .plain
        default:
            return .plain
        }
    }

    /// Reads the envelope of `body`.
    static func classify(_ body: Data) -> Content {
        body.withUnsafeBytes { classify($0) }
    }

    /// `-digits` followed by `,` or the end (whitespace allowed around the comma).
    private static func textFailure(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Content? {
        var index = start + 1
        let digitsStart = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        guard index > digitsStart, index - digitsStart <= 9,
              let code = ByteText.integer(UnsafeRawBufferPointer(rebasing: bytes[start..<index])) else { return nil }
        var cursor = index
        while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ",") {
            let message = ByteText.string(ByteText.trimmed(cursor + 1..<bytes.count, in: bytes), in: bytes)
            return .failure(code: code, message: message)
        }
        // Nothing but whitespace after the number: a bare code such as `-1`.
        while cursor < bytes.count, bytes[cursor].isASCIIWhitespace { cursor += 1 }
        return cursor == bytes.count ? .failure(code: code, message: "") : nil
    }

    /// `{"Result":…,"Status":…,"Msg":…}`, or `nil` when the JSON has no `Result` or is unreadable.
    private static func jsonEnvelope(_ bytes: UnsafeRawBufferPointer) -> Content? {
        var reader = JSONReader(bytes, expected: "JSON envelope")
        var result: Bool?
        var status: String?
        var message: String?
        do {
            try reader.beginObject()
            var first = true
            while let key = try reader.nextKey(first: &first) {
                if reader.key(key, is: "Result") {
                    let value = try reader.readScalar()
                    switch value {
                    case .bool(let flag): result = flag
                    default:
                        switch reader.text(value)?.trimmingASCIIWhitespace().lowercased() {
                        case "true", "1": result = true
                        case "false", "0": result = false
                        default: return nil
                        }
                    }
                } else if reader.key(key, is: "Status") {
                    status = reader.text(try reader.readScalar())
                } else if reader.key(key, is: "Msg") {
                    message = reader.text(try reader.readScalar())
                } else {
                    try reader.skipValue()
                }
            }
            try reader.expectEnd()
        } catch {
            return nil
        }
        guard let result else { return nil }
        if result { return .success(message: message ?? "") }
        let text = (message ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let status, let code = ByteText.integer(status) {
            return .failure(code: code, message: text)
        }
        // A failure without a usable Status: the gateway's generic code, the raw status kept in the message.
        let shown = status.map { text.isEmpty ? "Status \($0)" : "\(text) (Status \($0))" } ?? text
        return .failure(code: Every8DError.Code.unknownError.rawValue, message: shown)
    }
}
