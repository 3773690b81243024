import Foundation

extension SafesayClient {
    /// Downloads a file a customer sent (`/v2/downLoadFile`): a picture, video, voice recording or
    /// file whose ``SafesayEvent/fileID`` a webhook reported.
    ///
    /// - Parameters:
    ///   - eventID: The channel (``SafesayEvent/eventID``).
    ///   - fileID: The file (``SafesayEvent/fileID``).
    /// - Returns: The bytes, with the answer's `Content-Type` and `Content-Disposition`.
    /// - Throws: `ValidationError` for a non-positive id; ``Every8DError`` (`檔案不存在`, no such
    ///   file) after one token renewal; `TransportError` `.responseTooLarge` past
    ///   ``Configuration/maxFileBytes``; `ResponseParseError` for a JSON answer without the file.
    public func downloadFile(eventID: Int, fileID: Int64) async throws -> SafesayFile {
        let request = try SafesayRequest.download(eventID: eventID, fileID: fileID)
        let limit = configuration.maxFileBytes
        return try await perform(request) { response in
            let file = try Every8DV3ResponseParser.safesayFile(response.body, headers: response.headers)
            guard file.data.count <= limit else {
                throw TransportError(.responseTooLarge, detail: "the file has \(file.data.count) bytes; the limit is \(limit)")
            }
            return file
        }
    }

    /// Downloads a file a customer sent into `destination`, replacing a file there; see
    /// ``downloadFile(eventID:fileID:)``.
    ///
    /// The file appears whole or not at all (it is written to a temporary file beside it and
    /// renamed). The transport delivers the answer in one piece, bounded by
    /// ``Configuration/maxFileBytes``.
    ///
    /// - Parameters:
    ///   - eventID: The channel.
    ///   - fileID: The file.
    ///   - destination: A file URL.
    /// - Returns: Where it was saved, its size and the answer's headers.
    /// - Throws: As ``downloadFile(eventID:fileID:)``, and the file system's error when it cannot be written.
    @discardableResult
    public func downloadFile(eventID: Int, fileID: Int64, to destination: URL) async throws -> SafesaySavedFile {
        guard destination.isFileURL else {
            throw ValidationError(field: "destination", value: destination.absoluteString, reason: "must be a file URL")
        }
        let file = try await downloadFile(eventID: eventID, fileID: fileID)
        try file.data.write(to: destination, options: .atomic)
        return SafesaySavedFile(url: destination, byteCount: file.data.count, contentType: file.contentType,
                                contentDisposition: file.contentDisposition)
    }
}
