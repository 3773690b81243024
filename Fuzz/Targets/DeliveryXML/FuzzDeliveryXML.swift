@_spi(SMSInternals) import Every8D
import Foundation
import FuzzSupport

// The XML delivery page (XMLTokenizer, as the EVERY8D reader drives it). Property: no crash, no
// hang, no DTD accepted.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDeliveryXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    if (try? Every8DResponseParser.deliveryPage(xml: body)) != nil, declaresDTD(body) {
        fatalError("a page with a DTD was accepted")
    }
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzDeliveryXML_main")
public func fuzzDeliveryXMLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzDeliveryXML)
}
