import Foundation
import FuzzSupport
import SMSTransport

// RFC 4180 CSV and tab lines. Property: no crash, no hang; text without quotes splits into the
// same fields as the plain line splitter with a comma separator.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    let records = try? DelimitedText.csv(body)
    _ = DelimitedText.lines(body)
    if !body.contains(UInt8(ascii: "\"")), !body.contains(0x0D), let records {
        let lines = DelimitedText.lines(body, separator: UInt8(ascii: ","))
        if records != lines.filter({ $0 != [""] }) { fatalError("CSV without quotes split unlike plain lines") }
    }
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzCSV_main")
public func fuzzCSVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzCSV)
}
