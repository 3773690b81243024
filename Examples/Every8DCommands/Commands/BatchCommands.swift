import Foundation
import Every8D

extension Every8DCommand {
    static let sandboxBatchNote = [
        "Without EVERY8D_UID/EVERY8D_PWD the built-in sandbox starts afresh in every run, so it knows",
        "no batch from an earlier run; `every8d demo` shows this call on batches of the same run.",
    ]

    static let sandboxEmptyNote = "  (the built-in sandbox starts afresh in every run and knows no batch of an earlier one; try every8d demo)"

    /// `status BATCH`: every delivery report (all pages), or one page.
    static let status = Every8DCommand(
        name: "status", synopsis: "status BATCH [--mms] [--format tab|json|xml] [--page N]",
        summary: "the delivery reports of a batch (all pages, or one)",
        details: [
            "Prints each message of the batch with its mobile, status code and meaning, fetching page after",
            "page (GetDeliveryStatus.ashx, 1000 rows a page; over SOAP getDeliveryStatus). BATCH is sent as BID.",
        ],
        options: [
            .flag("mms", wire: ["MMS/GetDeliveryStatus.ashx"], "the batch is an MMS batch (over SOAP getMMSDeliveryStatus)"),
            .value("format", "tab|json|xml", wire: ["RESPFORMAT"],
                   "the wire format, RESPFORMAT 0, 1 or 2 (default json, the only one with MR and real cost; the SOAP API answers xml only)"),
            Every8DOptions.page,
        ],
        notes: sandboxBatchNote + [
            "",
            "Examples:",
            "  every8d status 5ca1ab1e-0000-4000-8000-000000000001 --format tab",
            "  every8d --json status 5ca1ab1e-0000-4000-8000-000000000001 --page 2",
        ],
        otherFields: ["BID": "BATCH", "format": "--format"]
    ) { invocation in
        let arguments = invocation.arguments
        let batch = try Every8DOptions.batch(arguments)
        let kind: MessageKind = arguments.flag("mms") ? .mms : .sms
        let format = try arguments.choice("format", ["tab": DeliveryReportFormat.tab, "json": .json, "xml": .xml])
        let page = try arguments.wholeNumber("page", from: 1...Int(Int32.max))
        let gateway = try await invocation.gateway()
        let shownFormat = format ?? (gateway.settings.api == .soap ? .xml : .json)
        var result: CommandResult
        let empty: Bool
        if let page {
            let answer = try await gateway.client.deliveryReportPage(batch: batch, page: page, kind: kind, format: format)
            result = Every8DRender.reports(answer.reports, batch: batch, kind: kind, format: shownFormat,
                                           page: (page, answer.totalCount, DeliveryPage.pageSize))
            empty = answer.totalCount == 0
        } else {
            var reports: [DeliveryReport] = []
            for try await report in gateway.client.deliveryReports(batch: batch, kind: kind, format: format) { reports.append(report) }
            result = Every8DRender.reports(reports, batch: batch, kind: kind, format: shownFormat)
            empty = reports.isEmpty
        }
        if empty && gateway.isSandbox { result.lines.append(sandboxEmptyNote) }
        return result
    }

    /// `replies BATCH`: every reply (MO), all pages, or one page.
    static let replies = Every8DCommand(
        name: "replies", synopsis: "replies BATCH [--format tab|json] [--page N]",
        summary: "the replies (MO) to a batch (all pages, or one)",
        details: [
            "Prints each reply to the batch with the number, the time and the text (GetReplyMessage.ashx,",
            "10 replies a page; over SOAP they are read from the delivery log's REPLY_SMS). BATCH is sent as BID.",
        ],
        options: [
            .value("format", "tab|json", wire: ["RESPFORMAT"], "the wire format, RESPFORMAT 0 or 1 (default json; the SOAP API has no choice)"),
            .value("page", "N", wire: ["PNO"], "only page N (from 1) instead of every page (over SOAP: the replies that came with delivery page N)"),
        ],
        notes: sandboxBatchNote + [
            "",
            "Examples:",
            "  every8d replies 5ca1ab1e-0000-4000-8000-000000000001",
            "  every8d replies 5ca1ab1e-0000-4000-8000-000000000001 --format tab --page 1",
        ],
        otherFields: ["BID": "BATCH", "format": "--format"]
    ) { invocation in
        let arguments = invocation.arguments
        let batch = try Every8DOptions.batch(arguments)
        let format = try arguments.choice("format", ["tab": ReplyFormat.tab, "json": .json])
        let page = try arguments.wholeNumber("page", from: 1...Int(Int32.max))
        let gateway = try await invocation.gateway()
        var result: CommandResult
        let empty: Bool
        if let page {
            let answer = try await gateway.client.replyPage(batch: batch, page: page, format: format)
            result = Every8DRender.replies(answer.replies, batch: batch, page: (page, answer.totalCount, ReplyPage.pageSize))
            empty = answer.totalCount == 0
        } else {
            var replies: [Reply] = []
            for try await reply in gateway.client.replies(batch: batch, format: format) { replies.append(reply) }
            result = Every8DRender.replies(replies, batch: batch)
            empty = replies.isEmpty
        }
        if empty && gateway.isSandbox { result.lines.append(sandboxEmptyNote) }
        return result
    }

    /// `cancel BATCH`: cancel a booking and get its points back.
    static let cancel = Every8DCommand(
        name: "cancel", synopsis: "cancel BATCH [--mms]",
        summary: "cancel a scheduled batch and get its points back",
        details: [
            "Cancels the booked messages of a batch sent with --at (EraseBooking.ashx; over SOAP eraseBooking) and",
            "prints how many were cancelled and the points refunded. BATCH is sent as BID. The gateway answers -3",
            "for an unknown batch and -4 when nothing is booked any more (exit 1).",
        ],
        options: [
            .flag("mms", wire: ["MMS/EraseBooking.ashx"], "the batch is an MMS batch (over SOAP eraseMMSBooking)"),
        ],
        notes: sandboxBatchNote + [
            "",
            "Example:",
            "  every8d cancel 5ca1ab1e-0000-4000-8000-000000000001",
        ],
        otherFields: ["BID": "BATCH"]
    ) { invocation in
        let batch = try Every8DOptions.batch(invocation.arguments)
        let kind: MessageKind = invocation.arguments.flag("mms") ? .mms : .sms
        let gateway = try await invocation.gateway()
        do {
            return Every8DRender.cancelled(try await gateway.client.cancelBooking(batch: batch, kind: kind), batch: batch, kind: kind)
        } catch let error as Every8DError where gateway.isSandbox && error.code == .batchNotFound {
            throw NotedError.freshSandbox(error, program: "every8d")
        }
    }
}
