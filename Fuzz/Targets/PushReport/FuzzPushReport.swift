import Every8D
import Foundation
import FuzzSupport
@_spi(SMSInternals) import SMSTransport

// Push reports as a query string and as a form body. Property: no crash, no hang; both readings
// of the same UTF-8 bytes agree (bytes that are not UTF-8 legitimately differ: as text they
// become U+FFFD before percent-decoding, as a body they may join decoded bytes), and every field
// is kept.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPushReport(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    let text = String(decoding: body, as: UTF8.self)
    let fromForm = try? PushReport(formBody: body)
    let isUTF8 = String(data: body, encoding: .utf8) != nil
    if text.contains("?") || text.contains("#") || !isUTF8 {
        _ = try? PushReport(query: text)
    } else {
        let fromQuery = try? PushReport(query: text)
        if fromQuery != fromForm { fatalError("the query and the form body read differently") }
    }
    if let report = fromForm, report.fields != FormEncoding.decode(body) { fatalError("fields were not kept") }
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzPushReport_main")
public func fuzzPushReportMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzPushReport)
}
