import Foundation
@_spi(SMSInternals) import SMSTransport

/// Writing OMICard answers: XML, CSV or a file download, and the redirect fields.
extension OmiCardSandbox {
    /// The format a call asks for with `ResponseFormat` (`download` also means a file), the
    /// configured one when it names none, or `nil` for an unknown name.
    func responseFormat(of call: OmiCardRequest?) -> ResponseFormat? {
        guard let requested = call?.nonEmpty("ResponseFormat")?.trimmingASCIIWhitespace().lowercased() else {
            return configuration.responseFormat
        }
        return requested == "download" ? .file : ResponseFormat(rawValue: requested)
    }

    func render(_ result: Result<[FormField], OmiCardFailure>, page: String, call: OmiCardRequest?) -> TransportResponse {
        let fields: [FormField]
        switch result {
        case .success(let answer):
            fields = answer
        case .failure(let failure):
            fields = [FormField("ErrorCode", String(failure.code)), FormField("ErrorMsg", failure.message)]
        }
        let succeeded = fields.value(named: "ErrorCode") == "0"
        if let call, let target = redirectTarget(call, succeeded: succeeded) {
            return redirect(to: target, fields: fields)
        }
        switch responseFormat(of: call) ?? configuration.responseFormat {
        case .xml:
            return TransportResponse(status: 200, headers: ["Content-Type": "text/xml; charset=\(charsetName)"], body: encode(Self.xml(fields, encoding: charsetName)))
        case .csv:
            return TransportResponse(status: 200, headers: ["Content-Type": "text/csv; charset=\(charsetName)"], body: encode(Self.csv(fields)))
        case .file:
            let name = page == "SMS.aspx" ? "SMS_Result.csv" : "Status_Result.csv"
            return TransportResponse(status: 200, headers: [
                "Content-Type": "application/octet-stream",
                "Content-Disposition": "attachment; filename=\"\(name)\"",
            ], body: encode(Self.csv(fields)))
        }
    }

    private var charsetName: String { configuration.charset == .utf8 ? "utf-8" : "utf-16" }

    private func encode(_ text: String) -> Data {
        switch configuration.charset {
        case .utf8:
            return Data(text.utf8)
        case .utf16:
            var data = Data([0xFF, 0xFE])
            for unit in text.utf16 { data.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
            return data
        }
    }

    static func xml(_ fields: [FormField], encoding: String) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"\(encoding)\"?>\r\n<Response>\r\n"
        for field in fields {
            text += field.value.isEmpty ? "  <\(field.name) />\r\n" : "  <\(field.name)>\(XMLEscaping.escape(field.value))</\(field.name)>\r\n"
        }
        return text + "</Response>\r\n"
    }

    static func csv(_ fields: [FormField]) -> String {
        func quoted(_ value: String) -> String {
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return fields.map { quoted($0.name) }.joined(separator: ",") + "\r\n" + fields.map { quoted($0.value) }.joined(separator: ",") + "\r\n"
    }

    private func redirectTarget(_ call: OmiCardRequest, succeeded: Bool) -> String? {
        if let refer = call.nonEmpty("ReferUrl") { return refer }
        return succeeded ? call.nonEmpty("SuccessfulUrl") : call.nonEmpty("FailedUrl")
    }

    private func redirect(to template: String, fields: [FormField]) -> TransportResponse {
        var location = template
        let values: [(String, String)] = [
            ("%omisquerystring%", FormEncoding.encodeToString(fields)),
            ("%errorcode%", FormEncoding.percentEncode(fields.value(named: "ErrorCode") ?? "")),
            ("%errormsg%", FormEncoding.percentEncode(fields.value(named: "ErrorMsg") ?? "")),
            ("%launchid%", FormEncoding.percentEncode(fields.value(named: "LaunchID") ?? "")),
            ("%userid%", ""), ("%customerid%", ""), ("%reportpath%", ""), ("%jobid%", ""),
        ]
        for (placeholder, value) in values {
            location = location.replacingOccurrences(of: placeholder, with: value, options: .caseInsensitive)
        }
        let body = "<html><head><title>Object moved</title></head><body><h2>Object moved to <a href=\"\(XMLEscaping.escape(location))\">here</a>.</h2></body></html>\r\n"
        return TransportResponse(status: 302, headers: ["Location": location, "Content-Type": SandboxPages.htmlContentType], body: Data(body.utf8))
    }
}
