import Foundation

/// The endpoint URLs of one client, each built and checked once, then reused.
///
/// Building a URL from a configuration (`URLComponents`, the host through IDNA, a parse of the
/// result) costs more than the rest of a short call, and a client's configuration never changes;
/// so each endpoint's URL is built on its first use and kept. Failures are not kept: a bad
/// configuration throws its `ValidationError` on every call, before anything is sent.
///
/// Copies of a client share one cache (it is a reference), as they share the token.
package final class EndpointCache: Sendable {
    /// A client uses a handful of endpoints: a short list compared by `==` (the same literal
    /// compares at once) beats hashing the path on every call.
    private let urls = Locked<[Endpoint]>([])

    private struct Endpoint {
        var path: String
        var url: URL
    }

    /// Creates an empty cache.
    package init() {}

    /// The URL of `path`: the one built before, or `build(path)` (kept when it succeeds).
    ///
    /// - Parameters:
    ///   - path: What identifies the endpoint, for example `"SendSMS.ashx"`.
    ///   - build: Builds and checks the URL; called at most once per path that succeeds.
    /// - Throws: Whatever `build` throws (nothing is kept then).
    package func url(_ path: String, build: (String) throws -> URL) rethrows -> URL {
        try urls.withLock { urls in
            for entry in urls where entry.path == path { return entry.url }
            let url = try build(path)
            urls.append(Endpoint(path: path, url: url))
            return url
        }
    }
}
