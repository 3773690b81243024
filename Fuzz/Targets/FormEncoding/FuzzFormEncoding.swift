import Foundation
import FuzzSupport
@_spi(SMSInternals) import SMSTransport

// Form encoding. Properties: decode never crashes; encode then decode gives back the same fields
// for any decoded fields (names and values of any bytes, `+` and `%` included).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormEncoding(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    let fields = FormEncoding.decode(body)
    let roundTrip = FormEncoding.decode(FormEncoding.encode(fields))
    if roundTrip != fields {
        fatalError("encode/decode changed the fields")
    }
    let text = String(decoding: body, as: UTF8.self)
    if FormEncoding.percentEncode(text).utf8.contains(where: { !(($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || [0x2D, 0x2E, 0x5F, 0x7E, 0x25].contains($0)) }) {
        fatalError("percentEncode left a reserved byte")
    }
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzFormEncoding_main")
public func fuzzFormEncodingMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzFormEncoding)
}
