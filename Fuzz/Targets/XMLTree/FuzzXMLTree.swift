import Foundation
import FuzzSupport
import SMSTransport

// The safe XML tree over Foundation's XMLParser (OMICard answers, SOAP envelopes). Property: no
// crash, no hang, no DTD accepted, depth within the limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXMLTree(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    if let root = try? XMLTree.parse(body, options: .init(maxDepth: 16)) {
        func depth(_ element: XMLTree.Element) -> Int { 1 + (element.children.map(depth).max() ?? 0) }
        if depth(root) > 16 { fatalError("deeper than the limit") }
        if body.range(of: Data("<!DOCTYPE".utf8)) != nil { fatalError("a DTD was accepted") }
        _ = root.firstDescendant("ErrorCode")
    }
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzXMLTree_main")
public func fuzzXMLTreeMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzXMLTree)
}
