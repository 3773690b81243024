import Foundation

/// Where the EVERY8D sandbox pushes delivery reports and replies, as EVERY8D calls the URL a
/// customer registers: your endpoint, in process or over HTTP.
///
/// ```swift
/// let sandbox = Every8DSandbox()
/// await sandbox.state.setPushTarget(.url(URL(string: "http://127.0.0.1:8080/every8d/report?secret=…")!,
///                                        transport: URLSessionTransport()))
/// ```
///
/// Each report is a GET with the documented query (`BatchID RM RT STATUS SM ST MR SUBJECT NAME
/// SOURCE CHARGE TYPE MSGID USERID`, form-encoded: `+` for a space, `%2B` for a plus), called
/// again after ``retryDelay`` until the target answers HTTP 200, at most ``maxAttempts`` times in
/// all. Reports go out one after another, in the order the changes were seen.
public struct Every8DPushTarget: Sendable {
    enum Destination: Sendable {
        case handler(@Sendable (String) async -> Int)
        case url(URL, any HTTPTransport)
    }

    let destination: Destination
    /// The most calls for one report (default 10, as EVERY8D).
    public var maxAttempts: Int
    /// The wait between two calls for one report (default 1 second; EVERY8D does not document its own).
    public var retryDelay: Duration

    private init(_ destination: Destination) {
        self.destination = destination
        maxAttempts = 10
        retryDelay = .seconds(1)
    }

    /// Reports go to a function in this process.
    ///
    /// - Parameter handle: Gets the query string (without `?`) and returns the HTTP status it
    ///   answers; anything but 200 makes the sandbox call again. With a `PushReportReceiver`:
    ///   `.handler { await receiver.receive(query: $0).status }`.
    /// - Returns: The target.
    public static func handler(_ handle: @escaping @Sendable (_ query: String) async -> Int) -> Every8DPushTarget {
        Every8DPushTarget(.handler(handle))
    }

    /// Reports go over HTTP to `url`, with the report's query appended to the URL's own (which may
    /// carry your secret).
    ///
    /// - Parameters:
    ///   - url: The URL you would register with EVERY8D, for example your service on `127.0.0.1`.
    ///   - transport: The transport that makes the GETs (a `URLSessionTransport`, say).
    /// - Returns: The target.
    public static func url(_ url: URL, transport: any HTTPTransport) -> Every8DPushTarget {
        Every8DPushTarget(.url(url, transport))
    }
}
