import Foundation

/// Something in front of the gateway (a CDN such as CloudFront, a firewall, a proxy) answered
/// HTTP 403 with an HTML page: the request was blocked before it reached the gateway, so
/// **nothing was sent**.
///
/// The gateways speak plain text, JSON or XML, never HTML; a 403 page means the caller was
/// refused by the network in front of them, typically a geo or IP block ("The request could not
/// be satisfied … Request blocked"). Renewing a token or repeating the call does not help: check
/// that this server's egress IP is allowed (EVERY8D's CDN has refused callers outside Taiwan).
public struct RequestBlockedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status (403).
    public let status: Int
    /// The page's `<title>`, trimmed and cut short, or `""` when it has none.
    public let title: String
    /// Who answered, from the `Server` or `Via` header (for example `"CloudFront"`), or `""`.
    public let server: String

    /// Creates the error.
    ///
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - title: The page's title.
    ///   - server: Who answered, if known.
    public init(status: Int, title: String, server: String = "") {
        self.status = status
        self.title = title
        self.server = server
    }

    /// The error for `response` when it is an HTML page answered with 403, or `nil`.
    ///
    /// - Parameter response: A response.
    /// - Returns: The error, or `nil` for any other response.
    public init?(response: TransportResponse) {
        guard response.status == 403, Self.isHTML(response) else { return nil }
        self.init(status: response.status, title: Self.title(of: response.body), server: Self.server(of: response.headers))
    }

    /// One line: status, who and the page's title, that nothing was sent, and what to check.
    public var description: String {
        var text = "HTTP \(status) from something in front of the gateway"
        if !server.isEmpty { text += " (\(server))" }
        if !title.isEmpty { text += ": \"\(title)\"" }
        return text + "; the request was blocked before it reached the gateway, nothing was sent. "
            + "Check that this server's egress IP is allowed (a geo or IP block; a Taiwan egress may be needed)."
    }

    private static func isHTML(_ response: TransportResponse) -> Bool {
        if let type = response.headers["Content-Type"]?.lowercased(), type.contains("html") { return true }
        let head = String(decoding: response.body.prefix(512), as: UTF8.self).lowercased()
        return head.contains("<html") || head.contains("<!doctype html")
    }

    /// The text of the first `<title>`, entities for `&amp; &lt; &gt; &quot;` decoded, spaces collapsed.
    private static func title(of body: Data) -> String {
        let text = String(decoding: body.prefix(16 * 1024), as: UTF8.self)
        guard let open = text.range(of: "<title", options: .caseInsensitive),
              let start = text[open.upperBound...].firstIndex(of: ">"),
              let close = text[start...].range(of: "</title", options: .caseInsensitive) else { return "" }
        var title = String(text[text.index(after: start)..<close.lowerBound])
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            title = title.replacingOccurrences(of: entity, with: character)
        }
        let words = title.split(whereSeparator: { $0.isWhitespace })
        let line = words.joined(separator: " ")
        return line.count > 120 ? String(line.prefix(119)) + "…" : line
    }

    private static func server(of headers: HTTPHeaders) -> String {
        let candidates = [headers["Server"], headers["Via"], headers["X-Cache"]].compactMap { $0 }
        if candidates.contains(where: { $0.lowercased().contains("cloudfront") }) { return "CloudFront" }
        guard let server = headers["Server"]?.trimmingCharacters(in: .whitespaces), !server.isEmpty else { return "" }
        return String(server.prefix(40))
    }
}
