import Foundation
@_spi(SMSInternals) import SMSTransport

/// The SOAP version of a request, decided by its `Content-Type`.
enum Every8DSOAPVersion: Sendable, Hashable {
    /// `text/xml`, with a `SOAPAction` header.
    case soap11
    /// `application/soap+xml`, with an optional `action` parameter.
    case soap12

    var namespace: String {
        self == .soap11 ? "http://schemas.xmlsoap.org/soap/envelope/" : "http://www.w3.org/2003/05/soap-envelope"
    }

    var contentType: String {
        self == .soap11 ? "text/xml; charset=utf-8" : "application/soap+xml; charset=utf-8"
    }
}

/// A SOAP request read from the wire: its version, web method and parameter values.
struct Every8DSOAPCall: Sendable {
    var version: Every8DSOAPVersion
    var method: String
    var values: [String: String]

    func value(_ name: String) -> String { values[name] ?? "" }
}

/// Why a request was not dispatched to a web method.
enum Every8DSOAPRefusal: Error, Sendable {
    /// Not a SOAP request at all (wrong media type): an HTTP error page.
    case httpStatus(Int)
    /// A SOAP fault in the request's version.
    case fault(Every8DSOAPVersion, Every8DSOAPFaultKind, reason: String)
}

/// The fault codes the sandbox answers with.
enum Every8DSOAPFaultKind: Sendable {
    /// `soap:Client` (1.1) / `soap:Sender` (1.2): the request could not be read or dispatched.
    case sender
    /// `soap:VersionMismatch`: the envelope's namespace is not the one of the request's version.
    case versionMismatch
}

/// Reading SOAP envelopes as ASMX does, and writing its answers and faults.
enum Every8DSOAPEnvelope {
    static let serviceNamespace = "http://tempuri.org/"

    /// Reads a request for `service`.
    ///
    /// SOAP 1.1 (`text/xml`) needs `SOAPAction: "http://tempuri.org/<method>"` (quotes optional);
    /// SOAP 1.2 (`application/soap+xml`) may carry the same in an `action` parameter. The
    /// envelope's namespace must match the version, the method element must be in
    /// `http://tempuri.org/`, and every parameter of the method must be present (by exact name).
    static func read(_ request: TransportRequest, service: Every8DSOAPService) -> Result<Every8DSOAPCall, Every8DSOAPRefusal> {
        let version: Every8DSOAPVersion
        switch request.headers.mediaType {
        case "text/xml": version = .soap11
        case "application/soap+xml": version = .soap12
        default: return .failure(.httpStatus(415))
        }
        func refuse(_ reason: String, _ kind: Every8DSOAPFaultKind = .sender) -> Result<Every8DSOAPCall, Every8DSOAPRefusal> {
            .failure(.fault(version, kind, reason: reason))
        }
        let unreadable = "Server was unable to read request. ---> There is an error in XML document (1, 1)."
        guard let envelope = try? XMLTree.parse(request.body) else { return refuse(unreadable) }
        guard envelope.localName == "Envelope" else { return refuse(unreadable) }
        let envelopeNamespace = namespace(of: envelope, ancestors: [])
        guard envelopeNamespace == version.namespace else {
            let other: Every8DSOAPVersion = version == .soap11 ? .soap12 : .soap11
            if envelopeNamespace == other.namespace {
                return refuse("Possible SOAP version mismatch: Envelope namespace \(other.namespace) was unexpected. Expecting \(version.namespace).", .versionMismatch)
            }
            return refuse(unreadable)
        }
        guard let body = envelope.children.first(where: { $0.localName == "Body" && namespace(of: $0, ancestors: [envelope]) == version.namespace }),
              let element = body.children.first else {
            return refuse(unreadable)
        }
        let method = element.localName
        let action = self.action(request, version: version)
        guard let parameters = service.methods[method] else {
            return refuse(unknownAction(action ?? serviceNamespace + method, version: version))
        }
        guard namespace(of: element, ancestors: [body, envelope]) == serviceNamespace else {
            return refuse("Server was unable to read request. ---> <\(method)> is not in the namespace \(serviceNamespace).")
        }
        switch version {
        case .soap11:
            guard action == serviceNamespace + method else { return refuse(unknownAction(action ?? "", version: version)) }
        case .soap12:
            if let action, action != serviceNamespace + method { return refuse(unknownAction(action, version: version)) }
        }
        var values: [String: String] = [:]
        for name in parameters {
            guard let parameter = element.children.first(where: { $0.localName == name }) else {
                return refuse("Server was unable to read request. ---> The parameter \(name) of \(method) is missing.")
            }
            values[name] = parameter.text
        }
        return .success(Every8DSOAPCall(version: version, method: method, values: values))
    }

    /// The web method a request that could not be read names in its action, for logs and
    /// fault injection; `nil` when it names none of the service's.
    static func actionMethod(_ request: TransportRequest, service: Every8DSOAPService) -> String? {
        guard let action = action(request, version: request.headers.mediaType == "text/xml" ? .soap11 : .soap12),
              action.hasPrefix(serviceNamespace) else { return nil }
        let name = String(action.dropFirst(serviceNamespace.count))
        return service.methods[name] != nil ? name : nil
    }

    /// The action: `SOAPAction` (1.1) or the `action` parameter of the content type (1.2),
    /// without quotes.
    static func action(_ request: TransportRequest, version: Every8DSOAPVersion) -> String? {
        switch version {
        case .soap11:
            return request.headers["SOAPAction"].map(unquoted)
        case .soap12:
            guard let type = request.headers["Content-Type"] else { return nil }
            for parameter in type.split(separator: ";").dropFirst() {
                let parts = parameter.split(separator: "=", maxSplits: 1)
                if parts.count == 2, String(parts[0]).trimmingASCIIWhitespace().lowercased() == "action" {
                    return unquoted(String(parts[1]))
                }
            }
            return nil
        }
    }

    private static func unquoted(_ text: String) -> String {
        var value = text.trimmingASCIIWhitespace()
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        return value
    }

    private static func unknownAction(_ action: String, version: Every8DSOAPVersion) -> String {
        version == .soap11
            ? "Server did not recognize the value of HTTP Header SOAPAction: \(action)."
            : "Unable to handle request without a valid action parameter. Please supply a valid soap action."
    }

    /// The namespace URI of an element, from its prefix and the declarations on it and its
    /// ancestors (nearest first).
    static func namespace(of element: XMLTree.Element, ancestors: [XMLTree.Element]) -> String? {
        let prefix = element.name.firstIndex(of: ":").map { String(element.name[..<$0]) }
        let attribute = prefix.map { "xmlns:\($0)" } ?? "xmlns"
        for scope in [element] + ancestors {
            if let uri = scope.attributes[attribute] { return uri }
        }
        return nil
    }

    // MARK: Answers

    /// HTTP 200 with `<method>Response/<method>Result` holding `result` (escaped), as ASMX writes it.
    static func answer(_ result: String, method: String, version: Every8DSOAPVersion) -> TransportResponse {
        let resultElement = result.isEmpty
            ? "<\(method)Result />"
            : "<\(method)Result>\(escape(result))</\(method)Result>"
        let body = "<\(method)Response xmlns=\"\(serviceNamespace)\">\(resultElement)</\(method)Response>"
        return TransportResponse(status: 200, headers: ["Content-Type": version.contentType], body: Data(envelope(body, version: version).utf8))
    }

    /// HTTP 500 with a `soap:Fault`: `faultcode`/`faultstring` in 1.1, `Code`/`Reason` in 1.2.
    static func fault(_ kind: Every8DSOAPFaultKind, reason: String, version: Every8DSOAPVersion) -> TransportResponse {
        let body: String
        switch version {
        case .soap11:
            let code = kind == .sender ? "soap:Client" : "soap:VersionMismatch"
            body = "<soap:Fault><faultcode>\(code)</faultcode><faultstring>\(escape(reason))</faultstring><detail /></soap:Fault>"
        case .soap12:
            let code = kind == .sender ? "soap:Sender" : "soap:VersionMismatch"
            body = "<soap:Fault><soap:Code><soap:Value>\(code)</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang=\"en\">"
                + "\(escape(reason))</soap:Text></soap:Reason><soap:Detail /></soap:Fault>"
        }
        return TransportResponse(status: 500, headers: ["Content-Type": version.contentType], body: Data(envelope(body, version: version).utf8))
    }

    private static func envelope(_ body: String, version: Every8DSOAPVersion) -> String {
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"\(version.namespace)\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
            + "<soap:Body>\(body)</soap:Body></soap:Envelope>"
    }

    /// Element text: escaped (`XMLEscaping.escape`), carriage returns as `&#xD;` so that they
    /// survive the client's parser.
    static func escape(_ text: String) -> String {
        XMLEscaping.escape(text).replacingOccurrences(of: "\r", with: "&#xD;")
    }
}
