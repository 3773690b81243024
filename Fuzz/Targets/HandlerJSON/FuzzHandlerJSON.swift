@_spi(SMSInternals) import Every8D
import Foundation
import FuzzSupport

// ConnectionHandler answers: the token fetch and the check/close result. Property: no crash, no
// hang; a token never contains whitespace.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHandlerJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    if let token = try? Every8DResponseParser.token(body) {
        if token.isEmpty || token.contains(where: { $0.isWhitespace }) { fatalError("a token with whitespace") }
    }
    _ = try? Every8DResponseParser.handlerResult(body, operation: .checkToken)
    _ = Every8DResponseParser.gatewayError(in: body, operation: .getToken)
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzHandlerJSON_main")
public func fuzzHandlerJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzHandlerJSON)
}
