import Foundation
@_spi(SMSInternals) import SMSTransport

/// Pure functions that read OMICard answers: bytes and headers in, fields or typed results out.
///
/// The vendor documents three answer formats but shows no sample, so the reader accepts every
/// reasonable shape:
/// - **Format**: a `Content-Disposition: attachment` answer is a file download (its bytes and
///   name are kept, and its content is read like any other answer); the text is XML when its first
///   non-space character is `<`, a query string when it is one line starting `name=`, CSV otherwise.
/// - **Text**: the `charset` of `Content-Type`, UTF-8 by default; a byte-order mark wins, and
///   UTF-16 without one (the vendor says "Unicode") is recognised by its zero bytes.
/// - **XML**: every leaf element becomes a field (`<ErrorCode>0</ErrorCode>`), at any depth, and
///   every attribute too (`<Result ErrorCode="0" LaunchID="5"/>`).
/// - **CSV**: `name,value` lines (`ErrorCode,0`), recognised when every line has two cells and the
///   `ErrorCode` line's value is an integer; otherwise a header line of names followed by value
///   lines (the first is ``OmiCardResponse/fields``, any others ``OmiCardResponse/additionalRecords``).
/// - **Redirects**: a 3xx answer whose `Location` query carries `ErrorCode` is read from that query.
///
/// Names are matched ignoring ASCII case; values and names are trimmed of surrounding spaces.
@_spi(SMSInternals) public enum OmiCardResponseParser {
    /// Reads a whole HTTP answer.
    ///
    /// - Parameters:
    ///   - response: The answer as received.
    ///   - secrets: Values (a password) to blank out of error previews.
    /// - Returns: The fields, whatever the `ErrorCode`.
    /// - Throws: ``HTTPStatusError`` for a status outside 2xx (unless a redirect's `Location`
    ///   carries the answer), ``ResponseParseError`` when no `ErrorCode` can be read.
    public static func parse(_ response: TransportResponse, secrets: [String] = []) throws -> OmiCardResponse {
        if (300..<400).contains(response.status), let location = response.headers["Location"],
           let answer = try? parseQueryString(afterQuestionMarkIn: location) {
            return answer
        }
        guard response.isSuccess else {
            throw HTTPStatusError(response: response, secrets: secrets)
        }
        return try parse(response.body, headers: response.headers, secrets: secrets)
    }

    /// Reads an answer body.
    ///
    /// - Parameters:
    ///   - body: The body bytes.
    ///   - headers: The response headers (`Content-Type`, `Content-Disposition`).
    ///   - secrets: Values (a password) to blank out of error previews.
    /// - Returns: The fields, whatever the `ErrorCode`.
    /// - Throws: ``ResponseParseError`` when the body cannot be read or has no integer `ErrorCode`.
    public static func parse(_ body: Data, headers: HTTPHeaders = [:], secrets: [String] = []) throws -> OmiCardResponse {
        let contentType = headers["Content-Type"]
        do {
            var attachment: OmiCardResponse.Attachment?
            if let disposition = headers["Content-Disposition"].map(Self.disposition(_:)), disposition.isAttachment {
                attachment = OmiCardResponse.Attachment(fileName: disposition.fileName, data: body)
            }
            let text = try decodeText(body, contentType: contentType)
            let (format, records) = try readRecords(text)
            guard let first = records.first else {
                throw ResponseParseError(expected: "an OMICard answer with ErrorCode", reason: "the \(format) answer is empty")
            }
            return try OmiCardResponse(format: format, fields: first, additionalRecords: Array(records.dropFirst()), attachment: attachment)
        } catch let error as ResponseParseError {
            throw error.withBody(body, contentType: contentType, secrets: secrets)
        }
    }

    /// Reads a `SMS.aspx` answer into the launched job.
    ///
    /// - Parameters:
    ///   - response: The read answer.
    ///   - secrets: Values to blank out of an error message.
    /// - Returns: The job's `LaunchID` and every field.
    /// - Throws: ``OmiCardError`` for an `ErrorCode` other than 0; ``ResponseParseError`` when a
    ///   successful answer has no `LaunchID`.
    public static func smsLaunch(from response: OmiCardResponse, secrets: [String] = []) throws -> SMSLaunch {
        let response = try response.checked(operation: "SMS.aspx", secrets: secrets)
        guard let launchID = response["LaunchID"]?.trimmingASCIIWhitespace(), !launchID.isEmpty else {
            throw ResponseParseError(expected: "a LaunchID with ErrorCode 0", reason: "the answer has no LaunchID")
        }
        return SMSLaunch(launchID: launchID, response: response)
    }

    /// Reads a `Status.aspx` answer into the recipient's state.
    ///
    /// - Parameters:
    ///   - response: The read answer.
    ///   - launchID: The `LaunchID` that was queried.
    ///   - query: The recipient that was queried.
    ///   - secrets: Values to blank out of an error message.
    /// - Returns: The SMS `CurrentState` or the e-mail pools, and every field.
    /// - Throws: ``OmiCardError`` for an `ErrorCode` other than 0; ``ResponseParseError`` when
    ///   `CurrentState` is present but not an integer.
    public static func recipientStatus(from response: OmiCardResponse, launchID: String, query: StatusQuery,
                                       secrets: [String] = []) throws -> RecipientStatus {
        let response = try response.checked(operation: "Status.aspx", secrets: secrets)
        var state: SMSState?
        if let raw = response["CurrentState"]?.trimmingASCIIWhitespace(), !raw.isEmpty {
            guard let value = Int(raw) else {
                throw ResponseParseError(expected: "CurrentState 1–6", reason: "CurrentState \"\(raw)\" is not an integer")
            }
            state = SMSState(rawValue: value)
        }
        let pools = response.fields
            .filter { EmailPool.isPoolField($0.name) }
            .map { RecipientStatus.EmailPoolValue(pool: EmailPool(rawValue: $0.name), value: $0.value) }
        return RecipientStatus(launchID: launchID, query: query, smsState: state, emailPools: pools, response: response)
    }

    // MARK: - Text

    /// The body as text: BOM first, then UTF-16 recognised by zero bytes, then the declared charset.
    static func decodeText(_ body: Data, contentType: String?) throws -> String {
        let hasBOM = body.starts(with: [0xEF, 0xBB, 0xBF]) || body.starts(with: [0xFE, 0xFF]) || body.starts(with: [0xFF, 0xFE])
        let charset = contentType.flatMap(TextDecoding.charset(in:))
        if !hasBOM, body.count >= 2, body.count % 2 == 0 {
            // ASP.NET's "Unicode" is UTF-16LE, often without a BOM and labelled only `utf-16`
            // (which TextDecoding reads as big-endian, per RFC 2781). ASCII markup gives it away.
            let first = body[body.startIndex], second = body[body.startIndex + 1]
            if first != 0, second == 0, let text = String(data: body, encoding: .utf16LittleEndian) { return text }
            if first == 0, second != 0, let text = String(data: body, encoding: .utf16BigEndian) { return text }
        }
        if !hasBOM, charset == "unicode" {
            guard let text = String(data: body, encoding: .utf16LittleEndian) else {
                throw ResponseParseError(expected: "UTF-16 text", reason: "the body is not valid UTF-16")
            }
            return text
        }
        return try TextDecoding.decode(body, contentType: contentType)
    }

    // MARK: - Formats

    private static func readRecords(_ text: String) throws -> (OmiCardResponse.Format, [[OmiCardResponse.Field]]) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{0}")))
        guard !trimmed.isEmpty else {
            throw ResponseParseError(expected: "an OMICard answer with ErrorCode", reason: "the body is empty")
        }
        if trimmed.hasPrefix("<") {
            return (.xml, [try xmlFields(trimmed)])
        }
        if isQueryString(trimmed) {
            return (.queryString, [queryFields(trimmed)])
        }
        return (.csv, try csvRecords(trimmed))
    }

    /// One line that starts with `name=`: a query string rather than CSV.
    private static func isQueryString(_ text: String) -> Bool {
        guard !text.contains(where: { $0 == "\n" || $0 == "\r" }), let equals = text.firstIndex(of: "=") else { return false }
        let name = text[..<equals]
        return !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
        }
    }

    private static func queryFields(_ text: String) -> [OmiCardResponse.Field] {
        FormEncoding.decode(text).map {
            OmiCardResponse.Field(name: $0.name.trimmingASCIIWhitespace(), value: $0.value.trimmingASCIIWhitespace())
        }
    }

    private static func parseQueryString(afterQuestionMarkIn location: String) throws -> OmiCardResponse {
        guard let mark = location.firstIndex(of: "?") else {
            throw ResponseParseError(expected: "a redirect carrying ErrorCode", reason: "the Location has no query")
        }
        var query = location[location.index(after: mark)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        return try OmiCardResponse(format: .queryString, fields: queryFields(String(query)))
    }

    private static func xmlFields(_ text: String) throws -> [OmiCardResponse.Field] {
        // The text is already decoded: drop the declaration so that an `encoding="utf-16"` in it
        // does not contradict the UTF-8 bytes handed to the parser.
        var document = Substring(text)
        if document.hasPrefix("<?xml"), let end = document.range(of: "?>") {
            document = document[end.upperBound...]
        }
        let root = try XMLTree.parse(Data(document.utf8))
        var fields: [OmiCardResponse.Field] = []
        collect(root, into: &fields)
        return fields
    }

    private static func collect(_ element: XMLTree.Element, into fields: inout [OmiCardResponse.Field]) {
        // Attributes come as a dictionary, without their order; sort for a stable result.
        for name in element.attributes.keys.sorted() {
            fields.append(.init(name: name.trimmingASCIIWhitespace(), value: element.attributes[name, default: ""].trimmingASCIIWhitespace()))
        }
        if element.children.isEmpty {
            let value = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if element.attributes.isEmpty || !value.isEmpty {
                fields.append(.init(name: element.localName, value: value))
            }
        }
        for child in element.children {
            collect(child, into: &fields)
        }
    }

    private static func csvRecords(_ text: String) throws -> [[OmiCardResponse.Field]] {
        let rows: [[String]]
        do {
            rows = try DelimitedText.csv(Data(text.utf8)).map { $0.map { $0.trimmingASCIIWhitespace() } }
        } catch let error as DelimitedText.CSVError {
            throw ResponseParseError(expected: "an OMICard CSV answer", reason: error.description)
        }
        // `name,value` lines: every line two cells, and the ErrorCode line's value an integer
        // (in the header layout the cell after `ErrorCode` is another name, never a number).
        if rows.allSatisfy({ $0.count == 2 }),
           let codeRow = rows.first(where: { $0[0].caseInsensitiveEquals("ErrorCode") }), Int(codeRow[1]) != nil {
            return [rows.map { OmiCardResponse.Field(name: $0[0], value: $0[1]) }]
        }
        guard rows.count >= 2, let names = rows.first, names.contains(where: { $0.caseInsensitiveEquals("ErrorCode") }) else {
            throw ResponseParseError(expected: "an OMICard answer with ErrorCode",
                                     reason: "the CSV answer has neither a header line with ErrorCode nor an ErrorCode,<number> line")
        }
        return rows.dropFirst().map { values in
            var record: [OmiCardResponse.Field] = []
            for (index, name) in names.enumerated() {
                record.append(.init(name: name, value: index < values.count ? values[index] : ""))
            }
            // Values beyond the header are kept under positional names rather than dropped.
            for index in names.count..<max(names.count, values.count) {
                record.append(.init(name: "_\(index + 1)", value: values[index]))
            }
            return record
        }
    }

    /// Whether a `Content-Disposition` value is an attachment, and the file name it gives
    /// (`filename*` preferred over `filename`).
    static func disposition(_ value: String) -> (isAttachment: Bool, fileName: String?) {
        let parameters = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let kind = parameters.first, kind.caseInsensitiveEquals("attachment") else { return (false, nil) }
        var plain: String?
        var extended: String?
        for parameter in parameters.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            let name = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if name == "filename*" {
                // RFC 5987: charset'language'percent-encoded
                if let quote = value.range(of: "''") { value = String(value[quote.upperBound...]) }
                extended = value.removingPercentEncoding ?? value
            } else if name == "filename" {
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                plain = value
            }
        }
        return (true, extended ?? plain)
    }
}
