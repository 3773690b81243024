import Foundation
import FuzzSupport
import SMSTransport

// The safe XML tree (OMICard answers, SOAP envelopes, delivery logs), with both engines: the
// built-in reader (the default) and the one over Foundation's XMLParser, which XMLTree guards
// against XMLParser's own crashes on Linux (a processing instruction without data, names that
// are not UTF-8: their inputs are kept in corpus/XMLTree/crash-*). Property: no crash, no hang,
// no DTD accepted, depth within the limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXMLTree(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 0 else { return 0 }
    let body = Data(bytes: data, count: size)
    for engine in [XMLTree.Engine.builtIn, .foundation] {
        guard let root = try? XMLTree.parse(body, options: .init(maxDepth: 16, engine: engine)) else { continue }
        func depth(_ element: XMLTree.Element) -> Int { 1 + (element.children.map(depth).max() ?? 0) }
        if depth(root) > 16 { fatalError("deeper than the limit (\(engine))") }
        _ = root.firstDescendant("ErrorCode")
    }
    return 0
}

/// The program's entry point (see `runLibFuzzer`).
@_cdecl("FuzzXMLTree_main")
public func fuzzXMLTreeMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzXMLTree)
}
