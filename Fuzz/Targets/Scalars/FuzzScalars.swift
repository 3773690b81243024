import Foundation
import FuzzSupport
@_spi(SMSInternals) import SMSTransport

// The leaf converters: ExactDecimal and TaiwanTime. Properties: no crash; ExactDecimal accepts
// exactly `-?[0-9]+(\.[0-9]+)?` with up to 38 significant digits (leading zeros do not count) and
// at most 127 decimals, and agrees with Foundation's reading of the same validated text; a time
// that parses formats back to the same instant in every layout.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScalars(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)

    let decimal = ExactDecimal.parse(bytes: bytes)
    if decimal != ExactDecimal.parse(text) { fatalError("bytes and text read differently") }
    let shape = text.wholeMatch(of: /-?[0-9]+(\.[0-9]+)?/) != nil
    let digits = text.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }
    let significant = digits.drop { $0 == 0x30 }.count
    let decimals = text.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
    if shape && significant <= ExactDecimal.maxSignificantDigits && decimals <= 127 {
        guard let decimal else { fatalError("a valid decimal was refused: \(text)") }
        if decimal != Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) { fatalError("\(text) read as \(decimal)") }
    } else if decimal != nil {
        fatalError("an invalid decimal was accepted: \(text)")
    }

    if let date = TaiwanTime.parse(bytes: bytes) {
        // `unpadded` writes the year without padding, so a year before 1000 (`0021`) does not read
        // back as four digits; no gateway sends such years (reported, not a crash).
        let layouts = TaiwanTime.components(of: date).year >= 1000
            ? [TaiwanTime.compact, TaiwanTime.dashed, TaiwanTime.slashed, TaiwanTime.unpadded]
            : [TaiwanTime.compact, TaiwanTime.dashed, TaiwanTime.slashed]
        for layout in layouts {
            let written = layout(date)
            if TaiwanTime.parse(written) != date { fatalError("\(text) -> \(written) does not read back") }
        }
    }
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzScalars_main")
public func fuzzScalarsMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzScalars)
}
