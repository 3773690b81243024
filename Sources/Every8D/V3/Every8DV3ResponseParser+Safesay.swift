import Foundation

extension Every8DV3ResponseParser {
    /// The token of a Safesay `gettoken` answer, `{"Result":true,"Msg":"<token>"}`.
    ///
    /// - Throws: ``Every8DError`` for `{"Result":false,"Status":"-99","Msg":"…"}`;
    ///   `ResponseParseError` for another shape.
    public static func safesayToken(_ body: Data) throws -> String {
        try Every8DResponseParser.token(body, operation: .safesayGetToken)
    }

    /// The receipt of `/v2/sendMessage`, `{"Result":true,"MessageID":"…","MessageTime":1729133590209232}`
    /// (the specification's example writes the key `"MessageID "`, with a space: keys are trimmed).
    ///
    /// - Throws: ``Every8DError`` for `{"Result":false,"Status":"-99","Msg":"…"}`;
    ///   `ResponseParseError` when `MessageID` or `MessageTime` is missing or does not read.
    public static func safesayReceipt(_ body: Data) throws -> SafesayMessageReceipt {
        let expected = "Safesay answer {\"Result\":true,\"MessageID\":…,\"MessageTime\":…}"
        switch GatewayEnvelope.classify(body) {
        case .failure(let code, let message):
            throw Every8DError(code: .init(rawValue: code), message: message, operation: .safesaySendMessage)
        case .plain:
            throw ResponseParseError(expected: expected, reason: "no Result in the body")
        case .success:
            break
        }
        return try body.withUnsafeBytes { bytes in
            var reader = JSONReader(bytes, expected: expected)
            var messageID: String?
            var timestamp: Int64?
            try reader.beginObject()
            var first = true
            while let key = try reader.nextKey(first: &first) {
                let name = reader.string(key).trimmingASCIIWhitespace()
                if name.caseInsensitiveEquals("MessageID") {
                    messageID = reader.text(try reader.readScalar())?.trimmingASCIIWhitespace()
                } else if name.caseInsensitiveEquals("MessageTime") {
                    timestamp = try reader.convert(reader.readScalar(), field: "MessageTime", as: "an integer") { Safesay.int64($0) }
                } else {
                    try reader.skipValue()
                }
            }
            guard let messageID, !messageID.isEmpty else { throw reader.failure("MessageID is missing") }
            guard let timestamp else { throw reader.failure("MessageTime is missing") }
            return SafesayMessageReceipt(messageID: messageID, sentAt: Safesay.date(fromTimestamp: timestamp), timestamp: timestamp)
        }
    }

    /// The file of a `/v2/downLoadFile` answer: the body itself, unless the answer is JSON, which
    /// is the refusal `{"Msg":"檔案不存在"}` (or 2.1's failure envelope).
    ///
    /// The specification shows the success as `{"Msg":"OK"}` but says the file comes as the body
    /// with `Content-Type: application/x-download`; a JSON `OK` without a file is therefore not
    /// read as an empty file.
    ///
    /// - Parameters:
    ///   - body: The answer's body.
    ///   - headers: The answer's headers (`Content-Type` decides; without one, a body that is a
    ///     JSON object with `Msg` is the refusal).
    /// - Throws: ``Every8DError`` with the `Msg` (code `-99` unless a `Status` says otherwise);
    ///   `ResponseParseError` for `{"Msg":"OK"}`.
    public static func safesayFile(_ body: Data, headers: HTTPHeaders) throws -> SafesayFile {
        let mediaType = headers.mediaType
        let isJSON = mediaType.map { $0 == "application/json" || $0 == "text/json" || $0.hasSuffix("+json") }
            ?? (refusal(in: body) != nil)
        guard isJSON else {
            return SafesayFile(data: body, contentType: headers["Content-Type"], contentDisposition: headers["Content-Disposition"])
        }
        let (code, message) = refusal(in: body) ?? (Every8DError.Code.unknownError.rawValue, "")
        if message.caseInsensitiveEquals("OK") {
            throw ResponseParseError(expected: "the file as application/x-download", reason: "a JSON answer saying OK, without the file")
        }
        throw Every8DError(code: .init(rawValue: code), message: message, operation: .safesayDownloadFile)
    }

    /// The code and message of a JSON `{"Msg":…}` answer (`Status` when present, else `-99`), or
    /// `nil` when the body is no JSON object with `Msg`.
    private static func refusal(in body: Data) -> (Int, String)? {
        switch GatewayEnvelope.classify(body) {
        case .failure(let code, let message): return (code, message)
        case .success, .plain: break
        }
        return body.withUnsafeBytes { bytes -> (Int, String)? in
            var reader = JSONReader(bytes, expected: "JSON answer with Msg")
            var message: String?
            var status: Int?
            do {
                try reader.beginObject()
                var first = true
                while let key = try reader.nextKey(first: &first) {
                    if reader.key(key, is: "Msg") {
                        message = reader.text(try reader.readScalar())
                    } else if reader.key(key, is: "Status") {
                        status = reader.text(try reader.readScalar()).flatMap { ByteText.integer($0) }
                    } else {
                        try reader.skipValue()
                    }
                }
                try reader.expectEnd()
            } catch {
                return nil
            }
            return message.map { (status ?? Every8DError.Code.unknownError.rawValue, $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }
}
