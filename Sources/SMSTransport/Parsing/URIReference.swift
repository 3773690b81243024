/// RFC 3986 syntax checks for namespace names, as libxml2 applies them (libxml2 reports an
/// invalid namespace URI, and a relative default namespace, as errors through `XMLParser`, so
/// the built-in reader refuses the same documents).
enum URIReference {
    /// Whether `bytes` is a URI-reference: a URI with a scheme, or a relative reference.
    ///
    /// Follows libxml2 where it is stricter than the RFC: a `:` must be followed by a port.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
            // libxml2 also takes '[' and ']' in a fragment, "for compatibility".
            guard isValid(rest[(hash + 1)...], allowing: fragmentExtras) else { return false }
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            guard isValid(rest[(question + 1)...], allowing: queryExtras) else { return false }
            rest = rest[..<question]
        }
        if let schemeEnd = schemeEnd(rest) {
            rest = rest[(schemeEnd + 1)...]
        } else if let slash = rest.firstIndex(of: UInt8(ascii: "/")) ?? Optional(rest.endIndex),
                  rest[..<slash].contains(UInt8(ascii: ":")) {
            // A relative path's first segment cannot hold a colon (it would read as a scheme).
            return false
        }
        if rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) {
            let authorityStart = rest.startIndex + 2
            let authorityEnd = rest[authorityStart...].firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            guard isValidAuthority(rest[authorityStart..<authorityEnd]) else { return false }
            rest = rest[authorityEnd...]
        }
        return isValid(rest, allowing: pathExtras)
    }

    /// Whether the text has a scheme (`http:`), which makes it absolute.
    static func hasScheme(_ bytes: [UInt8]) -> Bool {
        schemeEnd(bytes[...]) != nil
    }

    /// The index of the `:` ending a scheme, if the text starts with one.
    private static func schemeEnd(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard let first = bytes.first, isLetter(first), let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let valid = bytes[bytes.startIndex..<colon].allSatisfy {
            isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
        return valid ? colon : nil
    }

    private static func isValidAuthority(_ authority: ArraySlice<UInt8>) -> Bool {
        var host = authority
        if let at = authority.firstIndex(of: UInt8(ascii: "@")) {
            guard isValid(authority[..<at], allowing: userInfoExtras) else { return false }
            host = authority[(at + 1)...]
        }
        var portStart: Int?
        if host.first == UInt8(ascii: "[") {
            guard let close = host.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = host[(host.startIndex + 1)..<close]
            guard !literal.isEmpty, literal.allSatisfy({ isUnreserved($0) || isSubDelimiter($0) || $0 == UInt8(ascii: ":") }) else { return false }
            let after = host[(close + 1)...]
            if let first = after.first {
                guard first == UInt8(ascii: ":") else { return false }
                portStart = close + 2
            }
        } else {
            let colon = host.firstIndex(of: UInt8(ascii: ":"))
            guard isValid(host[..<(colon ?? host.endIndex)], allowing: []) else { return false }
            portStart = colon.map { $0 + 1 }
        }
        if let portStart {
            let port = host[portStart...]
            guard !port.isEmpty, port.count <= 10, port.allSatisfy(isDigit),
                  let value = Int(String(decoding: port, as: UTF8.self)), value <= Int(Int32.max) else { return false }
        }
        return true
    }

    /// Unreserved characters, percent escapes, sub-delimiters and `extras`.
    private static func isValid(_ bytes: ArraySlice<UInt8>, allowing extras: [UInt8]) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else { return false }
                index += 3
                continue
            }
            guard isUnreserved(byte) || isSubDelimiter(byte) || extras.contains(byte) else { return false }
            index += 1
        }
        return true
    }

    private static let pathExtras = Array(":@/".utf8)
    private static let queryExtras = Array(":@/?".utf8)
    private static let fragmentExtras = Array(":@/?[]".utf8)
    private static let userInfoExtras = Array(":".utf8)

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isHex(_ byte: UInt8) -> Bool { isDigit(byte) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66) }
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }
    private static func isSubDelimiter(_ byte: UInt8) -> Bool {
        Array("!$&'()*+,;=".utf8).contains(byte)
    }
}
