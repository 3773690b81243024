@_spi(SMSInternals) import Every8D
import Foundation
import FuzzSupport
import SMSTransport

// A differential target: the input bytes choose up to 5 delivery rows (names with markup and CJK,
// times in every layout, costs, any status, line ends, padding), which are written as a TAB, a
// JSON and an XML page. All three must parse, to the same rows, equal to the rows written.

/// Reads choices from the fuzzer's bytes (zeros once they run out).
struct Choices {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    mutating func byte() -> Int {
        defer { index += 1 }
        return index < bytes.count ? Int(bytes[index]) : 0
    }

    mutating func pick<T>(_ options: [T]) -> T { options[byte() % options.count] }
    mutating func flag() -> Bool { byte() & 1 == 1 }
}

struct Row {
    var name: String
    var mobile: String
    var sentAt: (text: String, date: Date)?
    var cost: String?
    var status: Int
    var receivedAt: (text: String, date: Date)?
}

func makeTime(_ choices: inout Choices) -> (text: String, date: Date)? {
    guard choices.flag() else { return nil }
    let year = 1970 + choices.byte() % 130, month = 1 + choices.byte() % 12, day = 1 + choices.byte() % 28
    let hour = choices.byte() % 24, minute = choices.byte() % 60, second = choices.byte() % 60
    guard let date = TaiwanTime.makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second) else {
        fatalError("makeDate refused a valid time")
    }
    let layout = choices.pick([TaiwanTime.dashed, TaiwanTime.slashed, TaiwanTime.unpadded, TaiwanTime.compact])
    return (layout(date), date)
}

func makeRows(_ choices: inout Choices) -> [Row] {
    let alphabet = ["a", "Z", "0", " ", "王", "小", "&", "<", ">", "\"", "'", "-", "é", "\\", "/", ";", "#"]
    return (0..<(choices.byte() % 6)).map { _ in
        var name = ""
        for _ in 0..<(choices.byte() % 7) { name += choices.pick(alphabet) }
        name = name.trimmingCharacters(in: .whitespaces)
        let mobile = "+8869" + (0..<8).map { _ in String(choices.byte() % 10) }.joined()
        let sentAt = makeTime(&choices)
        var cost: String?
        if choices.flag() {
            cost = String(choices.byte() * 37 % 10_000)
            let fraction = choices.byte() % 4
            if fraction > 0 { cost! += "." + (0..<fraction).map { _ in String(choices.byte() % 10) }.joined() }
        }
        let status = choices.pick([-10, -3, 0, 100, 101, 107, 300, 303, 500, 888, 999, 12_345]) + (choices.flag() ? 0 : choices.byte())
        return Row(name: name, mobile: mobile, sentAt: sentAt, cost: cost, status: status, receivedAt: makeTime(&choices))
    }
}

func renderTAB(_ rows: [Row], _ choices: inout Choices) -> Data {
    let end = choices.flag() ? "\r\n" : "\n"
    var text = "\(rows.count)\(end)"
    for row in rows {
        text += [row.name, row.mobile, row.sentAt?.text ?? "", row.cost ?? "", String(row.status)].joined(separator: "\t")
        if row.receivedAt != nil || choices.flag() { text += "\t" + (row.receivedAt?.text ?? "") }
        text += end
    }
    return Data(text.utf8)
}

func jsonString(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

func renderJSON(_ rows: [Row], _ choices: inout Choices) -> Data {
    func value(_ text: String?) -> String { text.map(jsonString) ?? (choices.flag() ? "null" : "\"\"") }
    var members = ["\"SMS_COUNT\":\(rows.count)", "\"BID\":\"b\""]
    if !rows.isEmpty || choices.flag() {
        let data = rows.enumerated().map { index, row in
            let status = choices.flag() ? String(row.status) : jsonString(String(row.status))
            return "{\"MR\":\"\(index + 1)\",\"NAME\":\(jsonString(row.name)),\"MOBILE\":\(jsonString(row.mobile)),"
                + "\"SEND_TIME\":\(value(row.sentAt?.text)),\"COST\":\(value(row.cost)),\"STATUS\":\(status),"
                + "\"REAL_COST\":\(value(row.cost)),\"RECEIVED_TIME\":\(value(row.receivedAt?.text))}"
        }
        members.append("\"DATA\":[" + data.joined(separator: ",") + "]")
    }
    return Data(("{" + members.joined(separator: ",") + "}").utf8)
}

func renderXML(_ rows: [Row], _ choices: inout Choices) -> Data {
    func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
    let pad = choices.flag() ? "   " : ""
    var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SMS_LOG><CODE>0</CODE><DESCRIPTION>ok</DESCRIPTION>"
    text += "<GET_DELIVERY_STATUS COUNT=\"\(rows.count)\">"
    for row in rows {
        text += "<SMS>"
        text += row.name.isEmpty && choices.flag() ? "<NAME />" : "<NAME>\(escaped(row.name))</NAME>"
        text += "<MOBILE>\(row.mobile)\(pad)</MOBILE>"
        text += "<SENT_TIME>\(row.sentAt?.text ?? "")</SENT_TIME><COST>\(pad)\(row.cost ?? "")</COST><STATUS>\(row.status)</STATUS>"
        if let received = row.receivedAt { text += "<RECEIVED_TIME>\(received.text)</RECEIVED_TIME>" }
        text += "</SMS>\n"
    }
    text += "</GET_DELIVERY_STATUS></SMS_LOG>"
    return Data(text.utf8)
}

func check(_ page: DeliveryPage, _ rows: [Row], _ format: String, _ body: Data) {
    func fail(_ what: String) -> Never {
        fatalError("\(format): \(what)\n\(String(decoding: body, as: UTF8.self))")
    }
    guard page.totalCount == rows.count, page.reports.count == rows.count else { fail("\(page.reports.count) rows") }
    for (report, row) in zip(page.reports, rows) {
        if report.name != row.name { fail("name \(report.name) != \(row.name)") }
        if report.mobile != row.mobile { fail("mobile \(report.mobile)") }
        if report.sentAt != row.sentAt?.date { fail("sentAt") }
        if report.cost != row.cost.flatMap({ Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }) { fail("cost") }
        if report.status.rawValue != row.status { fail("status") }
        if report.receivedAt != row.receivedAt?.date { fail("receivedAt") }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDeliveryDifferential(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    var choices = Choices(bytes: UnsafeRawBufferPointer(start: data, count: size))
    let rows = makeRows(&choices)
    let tab = renderTAB(rows, &choices), json = renderJSON(rows, &choices), xml = renderXML(rows, &choices)
    for (body, format) in [(tab, DeliveryReportFormat.tab), (json, .json), (xml, .xml)] {
        do {
            check(try Every8DResponseParser.deliveryPage(body, format: format), rows, "\(format)", body)
        } catch {
            fatalError("\(format) refused a valid page: \(error)\n\(String(decoding: body, as: UTF8.self))")
        }
    }
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzDeliveryDifferential_main")
public func fuzzDeliveryDifferentialMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzDeliveryDifferential)
}
