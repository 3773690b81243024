/// The request line and header fields of an HTTP/1.x request, read strictly and within limits.
struct HTTPRequestHead: Sendable {
    /// The method, as sent (`GET`).
    let method: String
    /// The request target, as sent (`/every8d/report?BatchID=…`).
    let target: String
    /// `HTTP/1.1` or `HTTP/1.0`.
    let version: String
    /// The header fields, in order.
    let headers: [(name: String, value: String)]

    /// The target's path (before `?`).
    var path: String {
        String(target.prefix { $0 != "?" && $0 != "#" })
    }

    /// The target's query (after `?`, without a fragment), empty when there is none.
    var query: String {
        guard let mark = target.firstIndex(of: "?") else { return "" }
        return String(target[target.index(after: mark)...].prefix { $0 != "#" })
    }

    /// Why a head was refused, as the HTTP status to answer.
    enum Refusal: Error, Equatable {
        /// Not HTTP/1.x as written (400).
        case malformed
        /// A request line longer than the limit (414).
        case targetTooLong
        /// Header fields longer than the limit (431).
        case headersTooLarge
        /// Not HTTP/1.0 or 1.1 (505).
        case unsupportedVersion

        var status: Int {
            switch self {
            case .malformed: 400
            case .targetTooLong: 414
            case .headersTooLarge: 431
            case .unsupportedVersion: 505
            }
        }
    }

    /// Where the head ends in `bytes` (just past the empty line), or `nil` while it has not ended.
    static func end(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        var index = 1
        while index < bytes.count {
            if bytes[index] == 0x0A {
                if bytes[index - 1] == 0x0A { return index + 1 }
                if index >= 2, bytes[index - 1] == 0x0D, bytes[index - 2] == 0x0A { return index + 1 }
            }
            index += 1
        }
        return nil
    }

    /// How to refuse bytes that grew past `limit` without ending the head: the request line never
    /// ended (414) or the header fields are too large (431).
    static func refusalForOversized(_ bytes: [UInt8]) -> Refusal {
        bytes.contains(0x0A) ? .headersTooLarge : .targetTooLong
    }

    /// Reads a complete head (the bytes up to and including the empty line).
    ///
    /// - Throws: ``Refusal``.
    init(_ bytes: ArraySlice<UInt8>) throws {
        // Header bytes are ASCII in practice; anything else is kept as Latin-1 rather than refused.
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.last == 0x0D ? line.dropLast() : line
            return String(trimmed.map { Character(Unicode.Scalar($0)) })
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { throw Refusal.malformed }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }),
              parts[1].allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "\u{7F}" && $0.asciiValue! >= 0x21 }) else {
            throw Refusal.malformed
        }
        guard parts[2].hasPrefix("HTTP/") else { throw Refusal.malformed }
        guard parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else { throw Refusal.unsupportedVersion }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  !line[..<colon].contains(where: { $0 == " " || $0 == "\t" }) else { throw Refusal.malformed }
            let value = line[line.index(after: colon)...].trimmingSpacesAndTabs()
            headers.append((String(line[..<colon]), value))
        }
        method = String(parts[0])
        target = String(parts[1])
        version = String(parts[2])
        self.headers = headers
    }

    /// The value of the first header named `name`, ignoring case.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

private extension Substring {
    func trimmingSpacesAndTabs() -> String {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
