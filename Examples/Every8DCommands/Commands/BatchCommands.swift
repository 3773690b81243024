import Foundation
import Every8D

extension Every8DCommand {
    static let sandboxBatchNote = [
        "Without EVERY8D_UID/EVERY8D_PWD the built-in sandbox starts afresh in every run, so it knows",
        "no batch from an earlier run; `every8d demo` shows this call on batches of the same run.",
    ]

    static let sandboxEmptyNote = "  (the built-in sandbox starts afresh in every run and knows no batch of an earlier one; try every8d demo)"

    /// `status BATCH`: every delivery report, all pages.
    static let status = Every8DCommand(
        name: "status", synopsis: "status BATCH [--mms] [--format tab|json|xml]",
        summary: "every delivery report of a batch (all pages)",
        details: [
            "Prints each message of the batch with its mobile, status code and meaning, fetching page",
            "after page (GetDeliveryStatus.ashx, 1000 rows a page).",
            "",
            "Options:",
            "  --mms                  the batch is an MMS batch (MMS/GetDeliveryStatus.ashx)",
            "  --format tab|json|xml  the wire format to ask for (default json, the only one with MR and real cost;",
            "                         with --api soap the SOAP delivery log is XML only)",
            "",
        ] + sandboxBatchNote + [
            "",
            "Example:",
            "  every8d status 5ca1ab1e-0000-4000-8000-000000000001 --format tab",
        ],
        valueOptions: ["format"], flagOptions: ["mms"]
    ) { invocation in
        let batch = try Every8DOptions.batch(invocation.arguments)
        let kind: MessageKind = invocation.arguments.flag("mms") ? .mms : .sms
        let format: DeliveryReportFormat?
        switch invocation.arguments.value("format")?.lowercased() {
        case nil: format = nil
        case "json": format = .json
        case "tab": format = .tab
        case "xml": format = .xml
        case .some(let other): throw UsageError("--format must be tab, json or xml, got \"\(other)\"")
        }
        let gateway = try invocation.gateway()
        try gateway.require(kind == .mms ? .mmsDeliveryStatus : .deliveryStatus, for: kind == .mms ? "status --mms" : "status")
        let reports = try await gateway.backend.deliveryReports(batch: batch, kind: kind, format: format)
        var result = Every8DRender.reports(reports, batch: batch, kind: kind, format: format ?? (gateway.backend.api == .soap ? .xml : .json))
        if reports.isEmpty && gateway.isSandbox { result.lines.append(sandboxEmptyNote) }
        return result
    }

    /// `replies BATCH`: every reply (MO), all pages.
    static let replies = Every8DCommand(
        name: "replies", synopsis: "replies BATCH",
        summary: "every reply (MO) to a batch",
        details: [
            "Prints each reply to the batch with the number, the time and the text (GetReplyMessage.ashx,",
            "all pages).",
            "",
        ] + sandboxBatchNote + [
            "",
            "Example:",
            "  every8d replies 5ca1ab1e-0000-4000-8000-000000000001",
        ],
        valueOptions: [], flagOptions: []
    ) { invocation in
        let batch = try Every8DOptions.batch(invocation.arguments)
        let gateway = try invocation.gateway()
        try gateway.require(.replies, for: "replies")
        let replies = try await gateway.backend.replies(batch: batch)
        var result = Every8DRender.replies(replies, batch: batch)
        if replies.isEmpty && gateway.isSandbox { result.lines.append(sandboxEmptyNote) }
        return result
    }

    /// `cancel BATCH`: cancel a booking and get its points back.
    static let cancel = Every8DCommand(
        name: "cancel", synopsis: "cancel BATCH [--mms]",
        summary: "cancel a scheduled batch and get its points back",
        details: [
            "Cancels the booked messages of a batch sent with --at (EraseBooking.ashx) and prints how",
            "many were cancelled and the points refunded. The gateway answers -3 for an unknown batch and",
            "-4 when nothing is booked any more (exit 1).",
            "",
            "Options:",
            "  --mms   the batch is an MMS batch (MMS/EraseBooking.ashx)",
            "",
        ] + sandboxBatchNote + [
            "",
            "Example:",
            "  every8d cancel 5ca1ab1e-0000-4000-8000-000000000001",
        ],
        valueOptions: [], flagOptions: ["mms"]
    ) { invocation in
        let batch = try Every8DOptions.batch(invocation.arguments)
        let kind: MessageKind = invocation.arguments.flag("mms") ? .mms : .sms
        let gateway = try invocation.gateway()
        try gateway.require(kind == .mms ? .cancelMMSBooking : .cancelBooking, for: kind == .mms ? "cancel --mms" : "cancel")
        do {
            return Every8DRender.cancelled(try await gateway.backend.cancelBooking(batch: batch, kind: kind), batch: batch, kind: kind)
        } catch let error as Every8DError where gateway.isSandbox && error.code == .batchNotFound {
            throw NotedError.freshSandbox(error, program: "every8d")
        }
    }
}
