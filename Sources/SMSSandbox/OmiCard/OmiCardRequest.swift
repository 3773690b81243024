import Foundation
@_spi(SMSInternals) import SMSTransport

/// An OMICard call's fields and uploaded files, gathered as ASP.NET's `Request[...]` does:
/// the query string first, then the body (URL-encoded form or multipart), then the fields of an
/// XML request (`XmlRequest`, `XmlReqFilePath`, `XmlReqUrl`). Names ignore case; values do not.
struct OmiCardRequest: Sendable {
    var fields: [FormField]
    var files: [MultipartReader.Part]

    /// The first value named `name` (ignoring case), or `nil`.
    func value(_ name: String) -> String? {
        fields.value(named: name)
    }

    /// The first non-empty value named `name`, or `nil`.
    func nonEmpty(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) && !$0.value.isEmpty }?.value
    }

    /// The uploaded file in the field named `name` (ignoring case), or `nil`.
    func file(_ name: String) -> MultipartReader.Part? {
        files.first { $0.name.caseInsensitiveEquals(name) }
    }

    /// Reads the query and body, or fails with 102 for a body type the pages do not read.
    static func read(_ request: TransportRequest) -> Result<OmiCardRequest, OmiCardFailure> {
        var fields: [FormField] = []
        if let query = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.percentEncodedQuery {
            fields += FormEncoding.decode(query)
        }
        var files: [MultipartReader.Part] = []
        if request.method == .post, !request.body.isEmpty || request.headers["Content-Type"] != nil {
            switch request.headers.mediaType {
            case "application/x-www-form-urlencoded":
                fields += FormEncoding.decode(request.body)
            case "multipart/form-data":
                guard let type = request.headers["Content-Type"], let boundary = MultipartSummary.boundary(in: type),
                      let parts = MultipartReader.parts(of: request.body, boundary: boundary) else {
                    return .failure(.incorrectRequest)
                }
                for part in parts {
                    if part.fileName == nil { fields.append(FormField(part.name, part.text)) } else { files.append(part) }
                }
            default:
                return .failure(.incorrectRequest)
            }
        }
        return .success(OmiCardRequest(fields: fields, files: files))
    }

    /// Appends the fields of an XML request document (`<REQUEST><Name>value</Name>…</REQUEST>`),
    /// after the fields already read so that those win.
    ///
    /// - Returns: `false` when the document is not such XML.
    mutating func mergeXML(_ data: Data) -> Bool {
        guard let root = try? XMLTree.parse(data), root.localName.caseInsensitiveEquals("REQUEST") else { return false }
        for child in root.children {
            fields.append(FormField(child.localName, child.text.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return true
    }
}
