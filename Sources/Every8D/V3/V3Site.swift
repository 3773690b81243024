import Foundation

/// Where an account's API 3.0 lives: `https://<site>/<custcode>/<endpoint>`, and its Safesay
/// calls: `https://<site>/v2/<pack>/gettoken`, `https://<site>/v2/sendMessage`, ….
///
/// The site may carry a path prefix (kept, as for 2.1's dedicated hosts). Checked when it is
/// made, so that a bad custcode fails before any request, naming the field and the value.
struct V3Site: Sendable, Hashable {
    /// `https://e8dapi.e8d.tw`, the site the specification gives once an account has API access.
    static let defaultSiteURL = URL(string: "https://e8dapi.e8d.tw")!
    /// `e8d`, the custcode of accounts opened on EVERY8D's public site.
    static let defaultCustcode = "e8d"

    /// The site without a trailing slash, query or fragment.
    let base: URL
    /// The custcode, as checked.
    let custcode: String

    /// - Throws: `ValidationError` for `siteURL` (not an absolute `https` URL, or `http` without
    ///   `allowsInsecureHTTP`) or `custcode` (empty, or characters a path segment cannot carry as they are).
    init(siteURL: URL = defaultSiteURL, custcode: String = defaultCustcode, allowsInsecureHTTP: Bool = false) throws {
        guard var components = URLComponents(url: siteURL, resolvingAgainstBaseURL: false),
              let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty else {
            throw ValidationError(field: "siteURL", reason: "must be an absolute URL such as https://e8dapi.e8d.tw")
        }
        guard scheme == "https" || (scheme == "http" && allowsInsecureHTTP) else {
            throw ValidationError(field: "siteURL", reason: scheme == "http"
                ? "plain http sends the password in clear; use https or set allowsInsecureHTTP"
                : "the scheme must be https")
        }
        self.custcode = try Self.pathSegment(custcode, field: "custcode")
        while components.percentEncodedPath.hasSuffix("/") { components.percentEncodedPath.removeLast() }
        components.percentEncodedQuery = nil
        components.fragment = nil
        components.user = nil
        components.password = nil
        guard let base = components.url else { throw ValidationError(field: "siteURL", reason: "cannot be combined with an endpoint path") }
        self.base = base
    }

    /// `<site>/<custcode>/<operation's path>`.
    func url(_ operation: Every8DOperation) -> URL {
        base.appendingPathComponent(custcode).appendingPathComponent(operation.path)
    }

    /// `<site>/v2/<pack>/gettoken`.
    ///
    /// - Throws: `ValidationError` for `pack` as for the custcode.
    func safesayTokenURL(pack: String) throws -> URL {
        base.appendingPathComponent("v2").appendingPathComponent(try Self.pathSegment(pack, field: "pack"))
            .appendingPathComponent(Every8DOperation.safesayGetToken.path)
    }

    /// `<site>/v2/<operation's path>` (`sendMessage`, `downLoadFile`).
    func safesayURL(_ operation: Every8DOperation) -> URL {
        base.appendingPathComponent("v2").appendingPathComponent(operation.path)
    }

    /// A custcode or pack: letters, digits, `-`, `_` and `.`, as given (trimmed of spaces).
    private static func pathSegment(_ text: String, field: String) throws -> String {
        let trimmed = text.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else { throw ValidationError(field: field, reason: "the \(field) is empty") }
        let allowed = trimmed.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"): true
            case UInt8(ascii: "."): trimmed != "." && trimmed != ".."
            default: false
            }
        }
        guard allowed else {
            throw ValidationError(field: field, value: trimmed, reason: "may hold only letters, digits, '-', '_' and '.'")
        }
        return trimmed
    }
}
