import Foundation
@_spi(SMSInternals) import SMSTransport

/// Pure functions from the SOAP API's answers to typed results.
///
/// A SOAP answer is an envelope whose `<method>Response/<method>Result` element holds a string:
/// the very string the HTTP API would answer (a send result, a credit, `a,b` for a cancellation,
/// the XML delivery log), or XML of its own (`getConnection`). ``result(_:method:operation:secrets:)``
/// unwraps it, or throws the envelope's fault; the client then hands the string to
/// ``Every8DResponseParser``, the HTTP API's parsers. Not API: an SPI (`@_spi(SMSInternals)`) for the
/// fuzz targets and benchmarks, which live in packages of their own.
@_spi(SMSInternals) public enum Every8DSOAPResponseParser {
    /// The result string of a SOAP answer, or the fault it carries.
    ///
    /// A `<method>Response` without a `<method>Result` (how ASMX writes a null string) reads as
    /// an empty result.
    ///
    /// - Parameters:
    ///   - body: The HTTP body: a SOAP 1.1 or 1.2 envelope.
    ///   - method: The web method answered, for example `"sendSMS"`.
    ///   - operation: The call, recorded in errors.
    ///   - secrets: Values to blank out of a fault's reason (the password, the session key).
    /// - Returns: The result string exactly as sent (entities decoded, whitespace kept).
    /// - Throws: ``Every8DSOAPFault`` for a fault; `ResponseParseError` when the body is not an
    ///   envelope with that method's response (a DTD or entity declaration is refused too).
    public static func result(_ body: Data, method: String, operation: Every8DOperation, secrets: [String] = []) throws -> String {
        let envelope = try XMLTree.parse(body)
        let expected = "SOAP envelope with \(method)Response"
        guard envelope.localName == "Envelope" else {
            throw ResponseParseError(expected: expected, reason: "the root element is <\(envelope.name)>")
        }
        guard let soapBody = envelope.child("Body") else {
            throw ResponseParseError(expected: expected, reason: "the envelope has no Body")
        }
        if let fault = soapBody.child("Fault") {
            throw self.fault(fault, operation: operation, secrets: secrets)
        }
        guard let response = soapBody.child("\(method)Response") else {
            let found = soapBody.children.first.map { "<\($0.name)>" } ?? "nothing"
            throw ResponseParseError(expected: expected, reason: "the Body holds \(found)")
        }
        return response.child("\(method)Result")?.text ?? ""
    }

    /// The session key in `getConnection`'s result:
    /// `<SMS><GET_CONNECTION><CODE>0</CODE><SESSION_KEY>…</SESSION_KEY><DESCRIPTION>…</DESCRIPTION></GET_CONNECTION></SMS>`.
    ///
    /// Values are trimmed; an XML declaration (even one claiming UTF-16, as .NET writes into
    /// strings) is ignored. A `-code,message` text is read as a gateway error too.
    ///
    /// - Parameters:
    ///   - result: The result string.
    ///   - operation: The call, recorded in errors (default `getConnection`).
    /// - Returns: The session key.
    /// - Throws: ``Every8DError`` for a `CODE` other than 0: `-97` busy (``Every8DError/Code/systemBusy``),
    ///   `-100` no such account, `-101` wrong password, `-999` account locked; `ResponseParseError`
    ///   for any other shape or an empty key.
    public static func sessionKey(_ result: String, operation: Every8DOperation = .soapGetConnection) throws -> String {
        let expected = "<SMS><GET_CONNECTION><CODE>…<SESSION_KEY>…"
        let text = withoutXMLDeclaration(result)
        if let error = Every8DResponseParser.gatewayError(in: Data(text.utf8), operation: operation) { throw error }
        let root = try XMLTree.parse(Data(text.utf8))
        guard let connection = root.firstDescendant("GET_CONNECTION") else {
            throw ResponseParseError(expected: expected, reason: "no GET_CONNECTION")
        }
        guard let codeText = connection.childText("CODE"), let code = Int(codeText) else {
            throw ResponseParseError(expected: expected, reason: "CODE is missing or not an integer")
        }
        guard code == 0 else {
            throw Every8DError(code: .init(rawValue: code), message: connection.childText("DESCRIPTION") ?? "", operation: operation)
        }
        guard let key = connection.childText("SESSION_KEY"), !key.isEmpty, !key.contains(where: { $0.isWhitespace }) else {
            throw ResponseParseError(expected: expected, reason: "SESSION_KEY is empty")
        }
        return key
    }

    /// A delivery page from `getDeliveryStatus` / `getMMSDeliveryStatus`: the XML log the HTTP
    /// API's ``Every8DResponseParser/deliveryPage(xml:operation:)`` reads (replies in `REPLY_SMS`,
    /// space-padded values trimmed, unpadded dates accepted).
    ///
    /// An empty result means the gateway found nothing: a page with no rows and a count of 0.
    /// Statuses carry the SOAP documents' wording (``DeliveryStatus/meaning`` of `105`–`107`).
    ///
    /// - Throws: ``Every8DError`` for a `CODE` other than 0 or a `-code,message` text;
    ///   `ResponseParseError` for any other shape.
    public static func deliveryPage(_ result: String, operation: Every8DOperation = .soapDeliveryStatus) throws -> DeliveryPage {
        let text = withoutXMLDeclaration(result)
        if text.allSatisfy({ $0.isWhitespace }) { return DeliveryPage(totalCount: 0, reports: []) }
        var page = try Every8DResponseParser.deliveryPage(xml: Data(text.utf8), operation: operation)
        // The SOAP seeds word 105–107 their own way: report the wording of the API that answered.
        for index in page.reports.indices { page.reports[index].status = page.reports[index].status.soapWorded }
        return page
    }

    /// The `closeConnection` result: `"1"` closed, `"-1"` not closed (no such session).
    ///
    /// - Returns: Whether the gateway closed a session. `-301` (no such session) reads as `false`.
    /// - Throws: ``Every8DError`` for another `-code,message`; `ResponseParseError` otherwise.
    public static func closeResult(_ result: String, operation: Every8DOperation = .soapCloseConnection) throws -> Bool {
        let text = result.trimmingCharacters(in: .whitespacesAndNewlines)
        if text == "1" { return true }
        if let error = Every8DResponseParser.gatewayError(in: Data(text.utf8), operation: operation) {
            if error.code == .failed || error.isAuthenticationFailure { return false }
            throw error
        }
        throw ResponseParseError(expected: "closeConnection result 1 or -1", reason: text.isEmpty ? "the result is empty" : "not 1 or -1")
    }

    /// The fault of a `soap:Fault` element, SOAP 1.1 or 1.2.
    static func fault(_ fault: XMLTree.Element, operation: Every8DOperation, secrets: [String]) -> Every8DSOAPFault {
        let code: String
        let reason: String
        if let code12 = fault.child("Code") {
            code = code12.childText("Value") ?? ""
            reason = fault.child("Reason")?.childText("Text") ?? ""
        } else {
            code = fault.childText("faultcode") ?? ""
            reason = fault.childText("faultstring") ?? ""
        }
        return Every8DSOAPFault(code: Redaction.scrub(code, secrets: secrets), reason: Redaction.scrub(reason, secrets: secrets), operation: operation)
    }

    /// `text` without a leading `<?xml …?>` declaration (and a byte-order mark), so that a
    /// declared encoding that no longer matches the characters cannot mislead the parser.
    static func withoutXMLDeclaration(_ text: String) -> String {
        var rest = Substring(text)
        if rest.first == "\u{FEFF}" { rest = rest.dropFirst() }
        let trimmed = rest.drop { $0.isWhitespace }
        guard trimmed.hasPrefix("<?xml"), let end = trimmed.range(of: "?>") else { return String(rest) }
        return String(trimmed[end.upperBound...])
    }
}
