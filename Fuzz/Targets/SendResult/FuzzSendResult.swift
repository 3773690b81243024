@_spi(SMSInternals) import Every8D
import Foundation
import FuzzSupport

// Every parser of a short EVERY8D answer, on the same bytes: send results, the duplicate
// filter's shapes, credit, cancellation, and the envelope reader. Property: no crash, no hang,
// and a parsed receipt is internally consistent.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSendResult(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    _ = Every8DResponseParser.gatewayError(in: body, operation: .sendSMS)
    _ = try? Every8DResponseParser.answerText(body, operation: .sendSMS)
    if let receipt = try? Every8DResponseParser.sendReceipt(body) {
        if receipt.batchID.isEmpty { fatalError("a receipt without a batch id") }
    }
    if let receipt = try? Every8DResponseParser.duplicateFilterReceipt(body) {
        for filtered in receipt.filtered where filtered.mobile.isEmpty || filtered.earlierBatchID.isEmpty {
            fatalError("an empty filtered number or batch")
        }
    }
    _ = try? Every8DResponseParser.credit(body)
    _ = try? Every8DResponseParser.cancelResult(body)
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzSendResult_main")
public func fuzzSendResultMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzSendResult)
}
