import Foundation

/// Escaping for text placed inside XML elements, attributes and CDATA sections.
public enum XMLEscaping {
    /// Escapes `&`, `<`, `>`, `"` and `'` so that `text` is safe in element content and in
    /// double- or single-quoted attribute values.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Wraps `text` in one or more CDATA sections so that it survives verbatim, even when it
    /// contains `]]>` (split as `]]` + `]]><![CDATA[` + `>`).
    public static func cdata(_ text: String) -> String {
        "<![CDATA[" + text.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
    }
}
