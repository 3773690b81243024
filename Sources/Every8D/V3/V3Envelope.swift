import Foundation

/// How every API 3.0 answer is read: `{"status":"200","message":"success","data":{…}|null}`.
///
/// `status` decides. An accepted status (`200`, and for some calls `521`, `522`, `523`) needs a
/// `data` object, which the call's reader then reads; any other status is the gateway's refusal
/// and becomes an ``Every8DError`` with that code and `message`. Keys are matched ignoring case,
/// in any order; unknown keys are skipped; `status` may be a string or a number, `message` is
/// trimmed. A body in 2.1's envelope (`{"Result":false,"Status":"-99","Msg":"…"}`) reads the same
/// way, `Msg` standing for `message`. A `status` that is not a number is the generic `-99` with
/// the status kept in the message, as 2.1's envelope reader does.
enum V3Envelope {
    /// Reads `body` and hands the `data` object to `read` when `accepts(status)`.
    ///
    /// - Parameters:
    ///   - body: The answer.
    ///   - operation: The call it answers, recorded in errors.
    ///   - expected: A short description of the shape, for parse errors.
    ///   - accepts: Which statuses carry the answer (default: `200` only).
    ///   - read: Reads the `data` object, positioned at its `{`, and leaves the reader after it;
    ///     gets the status.
    /// - Throws: ``Every8DError`` for a refusal (also an accepted status other than 200 without
    ///   data); `ResponseParseError` when the body is not such an object, or `200` has no `data` object.
    static func read<T>(
        _ body: Data, operation: Every8DOperation, expected: String, accepts: (Int) -> Bool = { $0 == 200 },
        data read: (inout JSONReader, Int) throws -> T
    ) throws -> T {
        try body.withUnsafeBytes { bytes in
            var reader = JSONReader(bytes, expected: expected)
            guard reader.peek() == UInt8(ascii: "{") else {
                throw reader.failure(reader.peek() == nil ? "the body is empty" : "the body is not a JSON object")
            }
            var status: String?
            var message: String?
            var legacyMessage: String?
            var data: Int?
            var dataIsObject = false
            var answer: T?
            try reader.beginObject()
            var first = true
            while let key = try reader.nextKey(first: &first) {
                if reader.key(key, is: "status") {
                    status = reader.text(try reader.readScalar())?.trimmingASCIIWhitespace()
                } else if reader.key(key, is: "message") {
                    message = reader.text(try reader.readScalar())
                } else if reader.key(key, is: "Msg") {
                    legacyMessage = reader.text(try reader.readScalar())
                } else if reader.key(key, is: "data") {
                    dataIsObject = reader.peek() == UInt8(ascii: "{")
                    data = reader.index
                    // The usual order (status first): read the data where it stands, in one pass.
                    if dataIsObject, let code = status.flatMap({ ByteText.integer($0) }), accepts(code) {
                        answer = try read(&reader, code)
                    } else {
                        try reader.skipValue()
                    }
                } else {
                    try reader.skipValue()
                }
            }
            try reader.expectEnd()
            let text = (message ?? legacyMessage ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard let status, !status.isEmpty else { throw reader.failure("there is no status") }
            guard let code = ByteText.integer(status) else {
                let shown = text.isEmpty ? "status \(status)" : "\(text) (status \(status))"
                throw Every8DError(code: .unknownError, message: shown, operation: operation)
            }
            guard accepts(code) else { throw Every8DError(code: .init(rawValue: code), message: text, operation: operation) }
            guard let data, dataIsObject else {
                if code == 200 { throw reader.failure("status 200 without a data object") }
                throw Every8DError(code: .init(rawValue: code), message: text, operation: operation)
            }
            if let answer { return answer }
            reader.index = data
            return try read(&reader, code)
        }
    }

    /// The scalars of a flat `data` object's members named in `names` (ignoring case), in that
    /// order; `nil` for a member that is absent or `null`. Other members are skipped.
    ///
    /// - Throws: `ResponseParseError` when the object is malformed or a named member is an object or array.
    static func members(_ reader: inout JSONReader, _ names: [StaticString]) throws -> [JSONReader.Scalar?] {
        var values = [JSONReader.Scalar?](repeating: nil, count: names.count)
        try reader.beginObject()
        var first = true
        while let key = try reader.nextKey(first: &first) {
            if let slot = names.firstIndex(where: { reader.key(key, is: $0) }) {
                let value = try reader.readScalar()
                if case .null = value { continue }
                values[slot] = value
            } else {
                try reader.skipValue()
            }
        }
        return values
    }
}
