import Every8D
import Hummingbird

extension RouterMethods {
    /// Mounts EVERY8D's push-report endpoint: GETs to `path` (and, when the receiver's secret may
    /// be the last path segment, to `path/<secret>`) go to `receiver`, which answers each with its
    /// status (200, 400, 403, 500 or 503) and a short `text/plain` body.
    ///
    /// ```swift
    /// let receiver = PushReportReceiver(secret: try PushReportSecret(settings.every8dSecret)) { report in
    ///     try await deliveries.record(report)
    /// }
    /// let router = Router()
    /// router.addPushReportRoute("every8d/report", receiver: receiver)
    /// // Register https://your.host/every8d/report?secret=<secret> (or …/report/<secret>) with EVERY8D.
    /// ```
    ///
    /// - Parameters:
    ///   - path: Where EVERY8D calls (default `every8d/report`).
    ///   - receiver: The receiver, with your handler, secret and inbox.
    /// - Returns: The router or group, for chaining.
    @discardableResult
    public func addPushReportRoute(_ path: RouterPath = "every8d/report", receiver: PushReportReceiver) -> Self {
        let respond: @Sendable (Request, Context) async -> Response = { request, _ in
            await receiver.receive(path: request.uri.path, query: request.uri.query ?? "").response
        }
        on(path, method: .get, use: respond)
        if receiver.secret?.locations.contains(.pathSegment) == true {
            on(path.appendingPath("*"), method: .get, use: respond)
        }
        return self
    }
}

extension PushReportAnswer {
    /// The answer as a Hummingbird response: its status and its body as `text/plain`.
    public var response: Response {
        Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "text/plain; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
