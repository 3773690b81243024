import Foundation

/// A file a customer sent into a Safesay chat room, downloaded with `/v2/downLoadFile`.
public struct SafesayFile: Sendable, Hashable {
    /// The file's bytes.
    public var data: Data
    /// The answer's `Content-Type` (the specification: `application/x-download`).
    public var contentType: String?
    /// The answer's `Content-Disposition`, if any, as sent (the specification does not say whether
    /// it names the file).
    public var contentDisposition: String?

    /// Creates a file.
    public init(data: Data, contentType: String? = nil, contentDisposition: String? = nil) {
        self.data = data
        self.contentType = contentType
        self.contentDisposition = contentDisposition
    }
}
