import Foundation

/// The EVERY8D answer shapes, written exactly as SPEC-NOTES documents them.
enum Every8DRendering {
    /// `CREDIT,SENDED,COST,UNSEND,BATCHID`, credit with two decimals, cost as a whole number.
    static func sendResult(_ receipt: Every8DReceipt) -> String {
        "\(SandboxFormatting.twoPlaces(receipt.credit)),\(receipt.sent),\(SandboxFormatting.points(receipt.cost)),\(receipt.unsent),\(receipt.batchID ?? "")"
    }

    /// The duplicate filter's answer: the send result, then `,FAIL_MOBILE,FAIL_BATCHID` when
    /// numbers were filtered; a dry run is `0,0,0,` plus the same two fields when any.
    static func filteredSendResult(_ receipt: Every8DReceipt, dryRun: Bool) -> String {
        let base = dryRun ? "0,0,0," : sendResult(receipt)
        guard !receipt.duplicates.isEmpty else { return base }
        let mobiles = receipt.duplicates.map(\.mobile).joined(separator: "/")
        let batches = receipt.duplicates.map(\.batchID).joined(separator: "/")
        return "\(base),\(mobiles),\(batches)"
    }

    // MARK: Delivery status (DR)

    /// TAB: the total count on the first line, then `NAME MOBILE SEND_TIME COST STATUS RECEIVED_TIME`
    /// per row, CRLF line ends, times as `yyyy/MM/dd HH:mm:ss`.
    static func deliveryTAB(total: Int, rows: ArraySlice<Every8DDeliveryRow>) -> String {
        var text = "\(total)\r\n"
        for row in rows {
            text += [tabSafe(row.name), row.mobile, TaiwanTime.slashed(row.sendTime), SandboxFormatting.twoPlaces(row.cost),
                     String(row.status), row.receivedAt.map(TaiwanTime.slashed) ?? ""].joined(separator: "\t")
            text += "\r\n"
        }
        return text
    }

    /// JSON: `{"SMS_COUNT":n,"BID":"..","DATA":[…]}` with numbers as strings, times as
    /// `yyyy-MM-dd HH:mm:ss`; no `DATA` when there are no rows.
    static func deliveryJSON(total: Int, batchID: String, rows: ArraySlice<Every8DDeliveryRow>) -> String {
        var members: [(String, String)] = [("SMS_COUNT", String(total)), ("BID", JSONText.string(batchID))]
        if !rows.isEmpty {
            members.append(("DATA", "[" + rows.map(deliveryRowJSON).joined(separator: ",") + "]"))
        }
        return JSONText.object(members)
    }

    /// One JSON row: `MR NAME MOBILE SEND_TIME COST STATUS REAL_COST RECEIVED_TIME`, all strings
    /// (API 3.0's `getdrstatus` rows are the same).
    static func deliveryRowJSON(_ row: Every8DDeliveryRow) -> String {
        JSONText.object([
            ("MR", JSONText.string(row.messageReference)),
            ("NAME", JSONText.string(row.name)),
            ("MOBILE", JSONText.string(row.mobile)),
            ("SEND_TIME", JSONText.string(TaiwanTime.dashed(row.sendTime))),
            ("COST", JSONText.string(SandboxFormatting.twoPlaces(row.cost))),
            ("STATUS", JSONText.string(String(row.status))),
            ("REAL_COST", JSONText.string(SandboxFormatting.twoPlaces(row.realCost))),
            ("RECEIVED_TIME", JSONText.string(row.receivedAt.map(TaiwanTime.dashed) ?? "")),
        ])
    }

    /// XML in the SOAP API's layout, indented as .NET writes it, with `REPLY_SMS` per reply.
    static func deliveryXML(total: Int, rows: ArraySlice<Every8DDeliveryRow>) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<SMS_LOG>\r\n  <CODE>0</CODE>\r\n"
        xml += "  <DESCRIPTION>\(total > 0 ? "發送狀態查詢成功" : "查無資料")</DESCRIPTION>\r\n"
        guard !rows.isEmpty else {
            return xml + "  <GET_DELIVERY_STATUS COUNT=\"\(total)\" />\r\n</SMS_LOG>"
        }
        xml += "  <GET_DELIVERY_STATUS COUNT=\"\(total)\">\r\n"
        for row in rows {
            xml += "    <SMS>\r\n"
            xml += row.name.isEmpty ? "      <NAME />\r\n" : "      <NAME>\(XMLEscaping.escape(row.name))</NAME>\r\n"
            xml += "      <MOBILE>\(XMLEscaping.escape(row.mobile))</MOBILE>\r\n"
            xml += "      <SENT_TIME>\(TaiwanTime.slashed(row.sendTime))</SENT_TIME>\r\n"
            xml += "      <COST>\(SandboxFormatting.twoPlaces(row.cost))</COST>\r\n"
            xml += "      <STATUS>\(row.status)</STATUS>\r\n"
            for reply in row.replies {
                xml += "      <REPLY_SMS>\r\n        <REPLY_TIME>\(TaiwanTime.slashed(reply.receivedAt))</REPLY_TIME>\r\n"
                xml += "        <MESSAGE>\(XMLEscaping.cdata(reply.text))</MESSAGE>\r\n      </REPLY_SMS>\r\n"
            }
            xml += "    </SMS>\r\n"
        }
        return xml + "  </GET_DELIVERY_STATUS>\r\n</SMS_LOG>"
    }

    // MARK: Replies (MO)

    /// TAB: the total count, then `NAME MOBILE CONTENT RECEIVED_TIME` per reply.
    static func repliesTAB(total: Int, rows: ArraySlice<Every8DSandboxReply>) -> String {
        var text = "\(total)\r\n"
        for reply in rows {
            text += [tabSafe(reply.name), reply.mobile, tabSafe(reply.text), TaiwanTime.slashed(reply.receivedAt)].joined(separator: "\t")
            text += "\r\n"
        }
        return text
    }

    /// JSON: `{"SMS_COUNT":n,"BID":"..","DATA":[{"NAME","MOBILE","CONTENT","RECEIVED_TIME"}]}`,
    /// times as `yyyy/MM/dd HH:mm:ss` (as in the seed's example).
    static func repliesJSON(total: Int, batchID: String, rows: ArraySlice<Every8DSandboxReply>) -> String {
        var members: [(String, String)] = [("SMS_COUNT", String(total)), ("BID", JSONText.string(batchID))]
        if !rows.isEmpty {
            let data = rows.map { reply in
                JSONText.object([
                    ("NAME", JSONText.string(reply.name)),
                    ("MOBILE", JSONText.string(reply.mobile)),
                    ("CONTENT", JSONText.string(reply.text)),
                    ("RECEIVED_TIME", JSONText.string(TaiwanTime.slashed(reply.receivedAt))),
                ])
            }
            members.append(("DATA", "[" + data.joined(separator: ",") + "]"))
        }
        return JSONText.object(members)
    }

    /// A TAB field with tabs and line ends turned into spaces, so a row stays one line.
    static func tabSafe(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }
}
