import Foundation

/// The bodies the benchmarks parse: the four 1000-row delivery pages from `Benchmarks/Fixtures`
/// (the same files the Python baseline reads) and small answers built here in the gateways' shapes.
public enum BenchFixtures {
    /// `Benchmarks/Fixtures`, found from this source file so that it works from any directory.
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// A fixture file's bytes; stops the benchmark run with a clear message when it is missing.
    public static func load(_ name: String) -> Data {
        let url = directory.appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url) else {
            fatalError("benchmark fixture \(url.path) is missing")
        }
        return data
    }

    /// `dr-page-1000.tab`: 1000 CRLF rows with an empty NAME column.
    public static let deliveryPageTAB = load("dr-page-1000.tab")
    /// `dr-page-1000.json`: 1000 rows, numbers as strings.
    public static let deliveryPageJSON = load("dr-page-1000.json")
    /// `dr-page-1000.xml`: 1000 `<SMS>` rows as the SOAP layout has them.
    public static let deliveryPageXML = load("dr-page-1000.xml")
    /// `dr-page-1000-v3.json`: API 3.0's `getdrstatus` answer with 1000 rows (the page inside
    /// `{"status","message","data"}`, every value a string).
    public static let deliveryPageJSONV3 = load("dr-page-1000-v3.json")

    /// A send result as `SendSMS.ashx` answers it.
    public static let sendResult = Data("9610040.00,2,2,0,c496f706-9b0f-4ff8-9644-9503edbb7064".utf8)

    /// A send result in the JSON envelope `SendParam.ashx` answers with.
    public static let sendParamResult = Data(#"{"Result":true,"Status":"0","Msg":"9610040.00,10,10,0,c496f706-9b0f-4ff8-9644-9503edbb7064"}"#.utf8)

    /// A credit answer.
    public static let creditAnswer = Data("9610040.00".utf8)

    /// A push report's query as EVERY8D sends it (form-encoded, an unknown field included).
    public static let pushReportQuery = "BatchID=c496f706-9b0f-4ff8-9644-9503edbb7064&RM=%2b886912345678&RT=20240115120102"
        + "&STATUS=100&SM=&ST=20240115120000&MR=42&SUBJECT=%E8%A8%82%E5%96%AE%E9%80%9A%E7%9F%A5&NAME=%E7%8E%8B%E5%B0%8F%E6%98%8E"
        + "&SOURCE=API&CHARGE=1.00&TYPE=SMS&MSGID=1234567890&USERID=Test1234&CustID=77&UserNo=3"

    /// A 10-row reply page in TAB, as `GetReplyMessage.ashx` answers with `RESPFORMAT=0`.
    public static let replyPageTAB: Data = {
        var text = "10\r\n"
        for row in 0..<10 {
            text += "\t+88691000000\(row)\t好的，收到了 \(row)\t2026/11/22 04:57:\(10 + row)\r\n"
        }
        return Data(text.utf8)
    }()

    /// The same 10 replies in JSON (`RESPFORMAT=1`).
    public static let replyPageJSON: Data = {
        var rows: [String] = []
        for row in 0..<10 {
            rows.append(#"{"NAME":"","MOBILE":"+88691000000\#(row)","CONTENT":"好的，收到了 \#(row)","RECEIVED_TIME":"2026-11-22 04:57:\#(10 + row)"}"#)
        }
        let text = #"{"SMS_COUNT":10,"BID":"c496f706-9b0f-4ff8-9644-9503edbb7064","DATA":["# + rows.joined(separator: ",") + "]}"
        return Data(text.utf8)
    }()

    /// An OMICard `SMS.aspx` answer in XML.
    public static let omiCardXML = Data(#"<?xml version="1.0" encoding="utf-8"?><Result><ErrorCode>0</ErrorCode><ErrorMsg>OK</ErrorMsg><LaunchID>123456</LaunchID></Result>"#.utf8)

    /// An OMICard `SMS.aspx` answer in CSV (header line, value line).
    public static let omiCardCSV = Data("ErrorCode,ErrorMsg,LaunchID\r\n0,OK,123456\r\n".utf8)
}
