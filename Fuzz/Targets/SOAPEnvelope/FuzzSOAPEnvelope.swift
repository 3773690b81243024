@_spi(SMSInternals) import Every8D
import Foundation
import FuzzSupport

// The SOAP client's answer readers: the envelope (SOAP 1.1 and 1.2, faults), and what its result
// string holds (the getConnection document, the delivery log, closeConnection's "1"/"-1").
// Property: no crash, no hang; a session key is never empty or blank; a fault is never read as
// a result.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSOAPEnvelope(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    for method in ["getConnection", "getDeliveryStatus", "sendSMS", "closeConnection"] {
        guard let result = try? Every8DSOAPResponseParser.result(body, method: method, operation: .soapSendSMS) else { continue }
        if body.range(of: Data("Fault".utf8)) != nil, result.isEmpty, body.range(of: Data("\(method)Result".utf8)) == nil {
            fatalError("a fault body read as an empty result")
        }
    }
    // The result string itself, as if the envelope had carried these bytes.
    let text = String(decoding: body, as: UTF8.self)
    if let key = try? Every8DSOAPResponseParser.sessionKey(text) {
        if key.isEmpty || key.contains(where: \.isWhitespace) { fatalError("a blank session key") }
    }
    if let page = try? Every8DSOAPResponseParser.deliveryPage(text) {
        if page.totalCount < 0 { fatalError("a negative count") }
    }
    _ = try? Every8DSOAPResponseParser.closeResult(text)
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzSOAPEnvelope_main")
public func fuzzSOAPEnvelopeMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzSOAPEnvelope)
}
