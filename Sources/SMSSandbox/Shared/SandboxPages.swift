import Foundation

/// The HTML pages and odd bodies the sandbox answers with when something is wrong, shaped like
/// what IIS, a CDN or a maintenance page would send.
enum SandboxPages {
    static let htmlContentType = "text/html; charset=utf-8"

    /// A full response for an HTTP error status.
    static func errorResponse(status: Int) -> TransportResponse {
        var headers: HTTPHeaders = ["Content-Type": htmlContentType, "Server": "Microsoft-IIS/10.0"]
        if status == 429 || status == 503 { headers.add(name: "Retry-After", value: "1") }
        return TransportResponse(status: status, headers: headers, body: Data(page(status: status).utf8))
    }

    /// HTTP 200 with a maintenance page in place of the gateway's answer.
    static func maintenanceResponse() -> TransportResponse {
        let html = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>系統維護中</title></head>
            <body><h1>系統維護中</h1><p>系統目前正在進行維護，請稍後再試。</p></body></html>

            """
        return TransportResponse(status: 200, headers: ["Content-Type": htmlContentType], body: Data(html.utf8))
    }

    /// Bytes that are no text in any charset: invalid UTF-8, NULs and an escape character.
    static let garbage = Data([0xFF, 0xFE, 0xFD, 0x00, 0xC3, 0x28, 0xA0, 0xA1, 0x80, 0x9F, 0x3C, 0x00, 0x1B, 0xE2, 0x82])

    static func page(status: Int) -> String {
        switch status {
        case 403:
            return "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>edge-cache</center>\r\n</body>\r\n</html>\r\n"
        case 404:
            return iisPage(title: "404 - File or directory not found.", detail: "The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.")
        case 405:
            return iisPage(title: "405 - HTTP verb used to access this page is not allowed.", detail: "The page you are looking for cannot be displayed because an invalid method (HTTP verb) was used to attempt access.")
        case 401:
            return iisPage(title: "401 - Unauthorized: Access is denied due to invalid credentials.", detail: "You do not have permission to view this directory or page using the credentials that you supplied.")
        case 429:
            return "<html><head><title>429 Too Many Requests</title></head><body><h1>Too Many Requests</h1><p>Please slow down.</p></body></html>\r\n"
        case 502:
            return "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\r\n"
        case 503:
            return "<html><head><title>Service Unavailable</title></head><body><h2>Service Unavailable</h2><hr><p>HTTP Error 503. The service is unavailable.</p></body></html>\r\n"
        default:
            return iisPage(title: "\(status) - Internal server error.", detail: "There is a problem with the resource you are looking for, and it cannot be displayed.")
        }
    }

    private static func iisPage(title: String, detail: String) -> String {
        """
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r
        <html xmlns="http://www.w3.org/1999/xhtml">\r
        <head>\r
        <meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>\r
        <title>\(title.split(separator: ".").first.map(String.init) ?? title)</title>\r
        </head>\r
        <body>\r
        <div id="header"><h1>Server Error</h1></div>\r
        <div id="content">\r
         <div class="content-container"><fieldset>\r
          <h2>\(title)</h2>\r
          <h3>\(detail)</h3>\r
         </fieldset></div>\r
        </div>\r
        </body>\r
        </html>\r

        """
    }
}
