/// What an XML declaration (`<?xml version="1.0" encoding="…"?>`) says about the encoding.
enum XMLEncodingDeclaration: Equatable {
    /// No XML declaration, or one without `encoding`, or a UTF-8 byte-order mark: UTF-8.
    case absent
    /// `encoding="UTF-8"` (or `utf8`).
    case utf8
    /// Another encoding, lowercased, with the byte range of its name in the declaration.
    case other(String, Range<Int>)
    /// A UTF-8 byte-order mark before a declaration naming another encoding (a fatal error in
    /// XML 1.0, 4.3.3; libxml2 would switch to the declared encoding mid-document).
    case conflictsWithBOM(String)
    /// A declaration whose pseudo-attributes cannot be read.
    case malformed

    init(_ raw: UnsafeRawBufferPointer) {
        let hasBOM = raw.count >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF
        let start = hasBOM ? 3 : 0
        let count = raw.count
        guard count >= start + 6, raw[start..<(start + 5)].elementsEqual("<?xml".utf8), raw[start + 5].isASCIIWhitespace else {
            self = .absent
            return
        }
        var index = start + 5
        while true {
            while index < count, raw[index].isASCIIWhitespace { index += 1 }
            guard index < count else { self = .malformed; return }
            if raw[index] == UInt8(ascii: "?") {
                self = index + 1 < count && raw[index + 1] == UInt8(ascii: ">") ? .absent : .malformed
                return
            }
            let nameStart = index
            while index < count, (raw[index] | 0x20) >= UInt8(ascii: "a"), (raw[index] | 0x20) <= UInt8(ascii: "z") { index += 1 }
            let name = raw[nameStart..<index]
            while index < count, raw[index].isASCIIWhitespace { index += 1 }
            guard !name.isEmpty, index < count, raw[index] == UInt8(ascii: "=") else { self = .malformed; return }
            index += 1
            while index < count, raw[index].isASCIIWhitespace { index += 1 }
            guard index < count, raw[index] == UInt8(ascii: "\"") || raw[index] == UInt8(ascii: "'") else { self = .malformed; return }
            let quote = raw[index]
            let valueStart = index + 1
            var valueEnd = valueStart
            while valueEnd < count, raw[valueEnd] != quote, raw[valueEnd] >= 0x20, raw[valueEnd] < 0x7F, raw[valueEnd] != UInt8(ascii: "<") {
                valueEnd += 1
            }
            guard valueEnd < count, raw[valueEnd] == quote else { self = .malformed; return }
            index = valueEnd + 1
            if name.elementsEqual("encoding".utf8) {
                let value = String(decoding: UnsafeRawBufferPointer(rebasing: raw[valueStart..<valueEnd]), as: UTF8.self).lowercased()
                if value == "utf-8" || value == "utf8" {
                    self = .utf8
                } else {
                    self = hasBOM ? .conflictsWithBOM(value) : .other(value, valueStart..<valueEnd)
                }
                return
            }
        }
    }
}
