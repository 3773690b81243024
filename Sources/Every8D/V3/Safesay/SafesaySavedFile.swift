import Foundation

/// A file from `/v2/downLoadFile`, saved by ``SafesayClient/downloadFile(eventID:fileID:to:)``.
public struct SafesaySavedFile: Sendable, Hashable {
    /// Where it was saved.
    public var url: URL
    /// Its size in bytes.
    public var byteCount: Int
    /// The answer's `Content-Type` (the specification: `application/x-download`).
    public var contentType: String?
    /// The answer's `Content-Disposition`, if any, as sent.
    public var contentDisposition: String?

    /// Creates a description of a saved file.
    public init(url: URL, byteCount: Int, contentType: String? = nil, contentDisposition: String? = nil) {
        self.url = url
        self.byteCount = byteCount
        self.contentType = contentType
        self.contentDisposition = contentDisposition
    }
}
