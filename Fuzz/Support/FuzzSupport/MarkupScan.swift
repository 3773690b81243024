import Foundation

/// Whether `body` holds a `<!DOCTYPE` or `<!ENTITY` outside comments, CDATA sections and
/// processing instructions, where they are only text: such a document must never be accepted.
public func declaresDTD(_ body: Data) -> Bool {
    let bytes = [UInt8](body)
    func starts(_ text: String, at index: Int) -> Bool { bytes[index...].starts(with: Array(text.utf8)) }
    func skip(past terminator: String, from index: Int) -> Int {
        var at = index
        while at < bytes.count, !starts(terminator, at: at) { at += 1 }
        return at + terminator.utf8.count
    }
    var index = 0
    while index < bytes.count {
        if starts("<!--", at: index) {
            index = skip(past: "-->", from: index + 4)
        } else if starts("<![CDATA[", at: index) {
            index = skip(past: "]]>", from: index + 9)
        } else if starts("<?", at: index) {
            index = skip(past: "?>", from: index + 2)
        } else if starts("<!DOCTYPE", at: index) || starts("<!ENTITY", at: index) {
            return true
        } else {
            index += 1
        }
    }
    return false
}
