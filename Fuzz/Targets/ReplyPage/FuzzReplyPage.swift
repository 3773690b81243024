@_spi(SMSInternals) import Every8D
import Foundation
import FuzzSupport

// Reply (MO) pages in TAB (multi-line texts put back together) and JSON. Property: no crash, no hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReplyPage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    _ = try? Every8DResponseParser.replyPage(tab: body)
    _ = try? Every8DResponseParser.replyPage(json: body)
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzReplyPage_main")
public func fuzzReplyPageMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzReplyPage)
}
