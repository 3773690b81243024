/// An MMS picture as API 3.0 takes it: PNG or JPEG (`jpg`, `jpeg` and `png`; 2.1 also took
/// GIF, which 3.0 answers with `547`), base64-encoded once.
struct V3Picture: Sendable {
    let base64: String
    /// `jpg` or `png`.
    let type: String

    /// - Throws: `ValidationError` for `attachment` when the picture is a GIF.
    init(_ attachment: MMSAttachment) throws {
        guard attachment.type != .gif else {
            throw ValidationError(field: "attachment", reason: "the picture is a GIF; API 3.0 takes png, jpg and jpeg only")
        }
        base64 = attachment.base64
        type = attachment.type.rawValue
    }
}
