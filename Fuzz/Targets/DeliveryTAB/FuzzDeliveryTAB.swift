@_spi(SMSInternals) import Every8D
import Foundation
import FuzzSupport
import SMSTransport

// The TAB delivery page and the tab-line splitter under it. Property: no crash, no hang; a page
// that parses has one report per data line (rows are never dropped silently).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDeliveryTAB(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    let lines = DelimitedText.lines(body)
    if let page = try? Every8DResponseParser.deliveryPage(tab: body) {
        // Line 1 is the count; every other non-blank line is a report.
        if page.reports.count != max(0, lines.count - 1) {
            fatalError("\(lines.count) lines but \(page.reports.count) reports")
        }
    }
    _ = try? Every8DResponseParser.deliveryPage(body, format: .tab, operation: .mmsDeliveryStatus)
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzDeliveryTAB_main")
public func fuzzDeliveryTABMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzDeliveryTAB)
}
