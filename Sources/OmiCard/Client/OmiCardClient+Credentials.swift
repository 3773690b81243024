import Foundation

extension OmiCardClient {
    /// The OMICard API account (`ManagerLoginName` / `ManagerPassword`) and how it travels with each call.
    ///
    /// The WebAPI accepts the account four ways (``Delivery``); all are equivalent to the gateway.
    /// The password is never shown: `description`, `debugDescription` and `dump` print only the login
    /// name and the delivery mode, and every log record and error is scrubbed of it.
    ///
    /// ```swift
    /// let credentials = OmiCardClient.Credentials(loginName: "api-user", password: "secret")
    /// let viaXML = OmiCardClient.Credentials(loginName: "api-user", password: "secret", delivery: .xmlRequest)
    /// let hosted = OmiCardClient.Credentials(xmlRequestURL: URL(string: "https://example.com/omicard/request.xml")!)
    /// ```
    public struct Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// How the account travels with a request.
        public enum Delivery: Sendable, Hashable {
            /// As the form fields `ManagerLoginName` and `ManagerPassword` (the default).
            case fields
            /// As one field `XmlRequest` holding the document
            /// `<?xml version="1.0" encoding="utf-8"?><REQUEST><ManagerLoginName>…</ManagerLoginName><ManagerPassword>…</ManagerPassword></REQUEST>`
            /// (values XML-escaped).
            case xmlRequest
            /// As `XmlReqUrl`: the gateway fetches that document from a URL you host. The URL must be
            /// `http`/`https` and end in `.xml`. Nothing secret is sent, but the URL itself leads to the
            /// password, so it is treated as a secret in logs and errors.
            case xmlRequestURL(URL)
            /// As the same document uploaded as a file in the field `XmlReqFilePath` (`request.xml`).
            /// Needs a `multipart/form-data` POST, so it cannot be used with ``OmiCardClient/RequestMethod/get``.
            case xmlRequestFile
        }

        /// The API login name (`ManagerLoginName`); case-sensitive. Empty for ``Delivery/xmlRequestURL(_:)``.
        public let loginName: String
        /// The API password (`ManagerPassword`); case-sensitive. Kept out of every description.
        let password: String
        /// How the account travels with a request.
        public let delivery: Delivery

        /// Creates credentials from the API login name and password.
        ///
        /// - Parameters:
        ///   - loginName: The API account (`ManagerLoginName`).
        ///   - password: The API password (`ManagerPassword`).
        ///   - delivery: How to send them (default `.fields`). Use ``init(xmlRequestURL:)`` for a hosted document.
        public init(loginName: String, password: String, delivery: Delivery = .fields) {
            self.loginName = loginName
            self.password = password
            self.delivery = delivery
        }

        /// Creates credentials that the gateway fetches from an XML document you host (`XmlReqUrl`).
        ///
        /// - Parameter xmlRequestURL: An `http`/`https` URL ending in `.xml` that serves
        ///   `<REQUEST><ManagerLoginName>…</ManagerLoginName><ManagerPassword>…</ManagerPassword></REQUEST>`.
        public init(xmlRequestURL: URL) {
            self.loginName = ""
            self.password = ""
            self.delivery = .xmlRequestURL(xmlRequestURL)
        }

        /// The `XmlRequest` document for these credentials, exactly as sent (values XML-escaped).
        var xmlRequestDocument: String {
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><REQUEST><ManagerLoginName>\(XMLEscaping.escape(loginName))"
                + "</ManagerLoginName><ManagerPassword>\(XMLEscaping.escape(password))</ManagerPassword></REQUEST>"
        }

        /// Values that must never appear in logs or errors: the password, and a hosted document's URL.
        var secrets: [String] {
            var values: [String] = []
            if !password.isEmpty {
                values.append(password)
                // In the XmlRequest document the password is XML-escaped, and the document is then
                // percent-encoded (a query, a form body): a server echoing it back shows `&lt;` as
                // `%26lt%3B`, which no single encoding of the raw password matches.
                let escaped = XMLEscaping.escape(password)
                if escaped != password { values.append(escaped) }
            }
            if case .xmlRequestURL(let url) = delivery { values.append(url.absoluteString) }
            return values
        }

        /// Checks the credentials before anything is sent.
        ///
        /// - Throws: ``ValidationError`` naming `ManagerLoginName`, `ManagerPassword` or `XmlReqUrl`.
        func validate() throws {
            switch delivery {
            case .fields, .xmlRequest, .xmlRequestFile:
                guard !loginName.isEmpty else {
                    throw ValidationError(field: "ManagerLoginName", reason: "the API login name is empty")
                }
                guard !password.isEmpty else {
                    throw ValidationError(field: "ManagerPassword", reason: "the API password is empty")
                }
            case .xmlRequestURL(let url):
                guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
                    throw ValidationError(field: "XmlReqUrl", reason: "must be an absolute http or https URL")
                }
                guard url.path.lowercased().hasSuffix(".xml") else {
                    throw ValidationError(field: "XmlReqUrl", reason: "the gateway requires a file name ending in .xml")
                }
            }
        }

        /// The credential parts of a request, which always come first.
        func parts() -> [MultipartFormData.Part] {
            switch delivery {
            case .fields:
                return [.text(name: "ManagerLoginName", value: loginName), .text(name: "ManagerPassword", value: password)]
            case .xmlRequest:
                return [.text(name: "XmlRequest", value: xmlRequestDocument)]
            case .xmlRequestURL(let url):
                return [.text(name: "XmlReqUrl", value: url.absoluteString)]
            case .xmlRequestFile:
                return [.file(name: "XmlReqFilePath", fileName: "request.xml", contentType: "text/xml; charset=utf-8",
                              data: Data(xmlRequestDocument.utf8))]
            }
        }

        private var deliveryName: String {
            switch delivery {
            case .fields: return "fields"
            case .xmlRequest: return "xmlRequest"
            case .xmlRequestURL: return "xmlRequestURL"
            case .xmlRequestFile: return "xmlRequestFile"
            }
        }

        /// `Credentials(loginName: "…", delivery: fields)`; never the password or a hosted URL.
        public var description: String {
            if case .xmlRequestURL = delivery { return "Credentials(delivery: xmlRequestURL)" }
            return "Credentials(loginName: \"\(loginName)\", delivery: \(deliveryName))"
        }

        /// The same as ``description``.
        public var debugDescription: String { description }

        /// A mirror with the login name and delivery mode only, so `dump` shows no secret.
        public var customMirror: Mirror {
            Mirror(self, children: ["loginName": loginName, "delivery": deliveryName], displayStyle: .struct)
        }
    }
}
