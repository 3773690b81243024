import Foundation
import FuzzSupport
@_spi(SMSInternals) import SMSTransport

// The safe XML tree (OMICard answers, SOAP envelopes, delivery logs): the SDK's own reader.
// Property: no crash, no hang, no DTD accepted, depth within the limit. (Comparing it with
// Foundation's XMLParser is the test suite's `XMLDifferentialTests`, whose oracle lives in the
// tests; the inputs that crashed XMLParser are kept in corpus/XMLTree/crash-* and replayed there.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXMLTree(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    guard let root = try? XMLTree.parse(body, options: .init(maxDepth: 16)) else { return 0 }
    func depth(_ element: XMLTree.Element) -> Int { 1 + (element.children.map(depth).max() ?? 0) }
    if depth(root) > 16 { fatalError("deeper than the limit") }
    if declaresDTD(body) { fatalError("a document with a DTD was accepted") }
    _ = root.firstDescendant("ErrorCode")
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzXMLTree_main")
public func fuzzXMLTreeMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzXMLTree)
}
