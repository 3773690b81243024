@_spi(SMSInternals) import Every8D
import Foundation
import FuzzSupport

// The JSON delivery page (the SDK's own byte-level JSON reader). Property: no crash, no hang;
// whatever parses as a page is valid JSON to Foundation's reader too, so the reader is no more
// lenient than RFC 8259 about structure. It is lenient inside strings on purpose (bytes that are
// not UTF-8 become U+FFFD, an unknown escape is the character itself), so the comparison is made
// only for UTF-8 input without backslashes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDeliveryJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    if (try? Every8DResponseParser.deliveryPage(json: body)) != nil, String(data: body, encoding: .utf8) != nil,
       !body.contains(UInt8(ascii: "\\")) {
        var json = body
        if json.starts(with: [0xEF, 0xBB, 0xBF]) { json = json.dropFirst(3) }
        if (try? JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])) == nil {
            fatalError("a page that Foundation's JSON reader refuses")
        }
    }
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzDeliveryJSON_main")
public func fuzzDeliveryJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzDeliveryJSON)
}
