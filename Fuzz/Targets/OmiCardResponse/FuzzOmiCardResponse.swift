import Foundation
import FuzzSupport
@_spi(SMSInternals) import OmiCard
import SMSTransport

// OMICard answers in every format the reader detects (XML, CSV, query string, UTF-16, downloads,
// redirects). The first input byte picks the headers; the rest is the body. Property: no crash,
// no hang; a read answer always has an ErrorCode.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOmiCardResponse(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    guard size > 0 else { return 0 }
    let selector = data[0]
    let body = Data(bytes: data + 1, count: size - 1)
    let contentTypes = [nil, "text/xml; charset=utf-8", "text/csv", "text/plain; charset=utf-16", "text/html; charset=big5",
                        "application/octet-stream", "text/plain; charset=unicode", "text/xml; charset=utf-16le"]
    var headers = HTTPHeaders()
    if let type = contentTypes[Int(selector & 0x07)] { headers.add(name: "Content-Type", value: type) }
    if selector & 0x08 != 0 { headers.add(name: "Content-Disposition", value: "attachment; filename=\"result.csv\"") }
    if selector & 0x10 != 0 {
        // A redirect whose Location carries the answer (the body is the query).
        headers.add(name: "Location", value: "https://example.invalid/done?" + String(decoding: body, as: UTF8.self))
        _ = try? OmiCardResponseParser.parse(TransportResponse(status: 302, headers: headers, body: Data()))
        return 0
    }
    if let response = try? OmiCardResponseParser.parse(body, headers: headers) {
        if response["ErrorCode"] == nil { fatalError("an answer without ErrorCode") }
        _ = try? OmiCardResponseParser.smsLaunch(from: response)
        _ = try? OmiCardResponseParser.recipientStatus(from: response, launchID: "1", query: .smsNumber("0912345678"))
    }
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzOmiCardResponse_main")
public func fuzzOmiCardResponseMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzOmiCardResponse)
}
