extension V3Request {
    /// `getdrstatus`: one page of delivery reports (1000 rows a page).
    ///
    /// Members: `batchid`, `type` (`SMS` or `MMS`), `pageno` (from 1, as a string).
    ///
    /// - Throws: `ValidationError` for `batchid` (empty, control characters) or `pageno` (below 1).
    static func deliveryStatus(batch batchID: String, page: Int = 1, mms: Bool = false) throws -> V3Request {
        let id = try SendValidation.batchID(batchID, field: "batchid")
        try SendValidation.page(page, field: "pageno")
        let members = OutgoingJSON([.init("batchid", .string(id)), .init("type", .string(mms ? "MMS" : "SMS")), .init("pageno", .string(String(page)))])
        return V3Request(operation: mms ? .v3MMSDeliveryStatus : .v3DeliveryStatus, members: members, rule: .read)
    }

    /// `getreplymsg`: one page of replies (MO) to a batch.
    ///
    /// Members: `batchid`, `pageno`.
    ///
    /// - Throws: `ValidationError` for `batchid` or `pageno`.
    static func replies(batch batchID: String, page: Int = 1) throws -> V3Request {
        let id = try SendValidation.batchID(batchID, field: "batchid")
        try SendValidation.page(page, field: "pageno")
        let members = OutgoingJSON([.init("batchid", .string(id)), .init("pageno", .string(String(page)))])
        return V3Request(operation: .v3Replies, members: members, rule: .read)
    }

    /// `cancelbooking`: cancel what is still booked in a batch and refund its points.
    ///
    /// Members: `batchid`, `type` (`SMS` or `MMS`). Repeated only when nothing left: a repeat
    /// after a cancellation that did happen would be answered `521`.
    ///
    /// - Throws: `ValidationError` for `batchid`.
    static func cancelBooking(batch batchID: String, mms: Bool = false) throws -> V3Request {
        let id = try SendValidation.batchID(batchID, field: "batchid")
        let members = OutgoingJSON([.init("batchid", .string(id)), .init("type", .string(mms ? "MMS" : "SMS"))])
        return V3Request(operation: mms ? .v3CancelMMSBooking : .v3CancelBooking, members: members, rule: .once)
    }
}
