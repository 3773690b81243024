import Foundation

/// The request envelopes of the SOAP API, laid out as the services' ASMX help pages show them
/// (namespace `http://tempuri.org/`, every parameter a string element in the method's element).
///
/// SOAP 1.1:
/// ```
/// Content-Type: text/xml; charset=utf-8
/// SOAPAction: "http://tempuri.org/getCredit"
///
/// <?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
/// xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
/// <soap:Body><getCredit xmlns="http://tempuri.org/"><sessionKey>…</sessionKey></getCredit></soap:Body></soap:Envelope>
/// ```
/// SOAP 1.2: `Content-Type: application/soap+xml; charset=utf-8; action="http://tempuri.org/getCredit"`,
/// no `SOAPAction`, and the envelope prefix `soap12` for `http://www.w3.org/2003/05/soap-envelope`.
/// (The body has no line breaks; they are shown here for reading.)
enum SOAPEnvelope {
    /// The services' namespace (ASMX's default; the vendor never changed it).
    static let serviceNamespace = "http://tempuri.org/"
    static let soap11Namespace = "http://schemas.xmlsoap.org/soap/envelope/"
    static let soap12Namespace = "http://www.w3.org/2003/05/soap-envelope"

    /// The action URI of a method: `http://tempuri.org/<method>`.
    static func action(_ method: SOAPMethod) -> String { serviceNamespace + method.name }

    /// The headers of a call: content type, and `SOAPAction` for SOAP 1.1.
    static func headers(_ method: SOAPMethod, version: Every8DSOAPClient.SOAPVersion) -> HTTPHeaders {
        switch version {
        case .soap11:
            return ["Content-Type": "text/xml; charset=utf-8", "SOAPAction": "\"\(action(method))\""]
        case .soap12:
            return ["Content-Type": "application/soap+xml; charset=utf-8; action=\"\(action(method))\""]
        }
    }

    /// The envelope of a call; `values` are the parameters' values in ``SOAPMethod/parameters`` order.
    static func body(_ method: SOAPMethod, values: [String], version: Every8DSOAPClient.SOAPVersion) -> Data {
        assert(values.count == method.parameters.count, "\(method.name) takes \(method.parameters.count) parameters")
        let prefix = version == .soap11 ? "soap" : "soap12"
        let namespace = version == .soap11 ? soap11Namespace : soap12Namespace
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        xml += "<\(prefix):Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        xml += "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:\(prefix)=\"\(namespace)\">"
        xml += "<\(prefix):Body><\(method.name) xmlns=\"\(serviceNamespace)\">"
        for (name, value) in zip(method.parameters, values) {
            xml += "<\(name)>\(XMLEscaping.escape(value))</\(name)>"
        }
        xml += "</\(method.name)></\(prefix):Body></\(prefix):Envelope>"
        return Data(xml.utf8)
    }
}

/// Checks for text bound for a SOAP envelope (escaping itself is `XMLEscaping.escape`, which
/// also writes TAB, LF and CR as character references so they read back unchanged).
enum SOAPText {
    /// Checks that `text` has only characters XML 1.0 can carry (no control characters other
    /// than tab, line feed and carriage return, no U+FFFE or U+FFFF), which no escaping can fix.
    ///
    /// - Throws: `ValidationError` for `field`.
    static func check(_ text: String, field: String) throws {
        if let scalar = XMLEscaping.firstInvalidCharacter(in: text) {
            throw ValidationError(field: field, reason: "contains U+\(String(scalar.value, radix: 16, uppercase: true)), which XML cannot carry")
        }
    }
}
