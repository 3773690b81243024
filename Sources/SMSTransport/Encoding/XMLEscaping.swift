import Foundation

/// Escaping for text placed inside XML elements, attributes and CDATA sections.
package enum XMLEscaping {
    /// Escapes `text` so that it reads back exactly in element content and in double- or
    /// single-quoted attribute values.
    ///
    /// `&`, `<`, `>`, `"` and `'` become entity references; TAB, LF and CR become character
    /// references (`&#9;`, `&#10;`, `&#13;`), because a parser would otherwise turn CR LF into LF
    /// and, in attributes, all three into spaces. Characters XML 1.0 cannot carry at all
    /// (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+FFFE, U+FFFF) become U+FFFD; check
    /// ``firstInvalidCharacter(in:)`` first to refuse them instead.
    ///
    /// - Parameter text: The text to embed.
    /// - Returns: The escaped text (the same string when nothing needs escaping).
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: needsWork) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t": result += "&#9;"
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            default:
                result.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return result
    }

    /// Wraps `text` in one or more CDATA sections so that it survives verbatim, even when it
    /// contains `]]>` (split as `]]` + `]]><![CDATA[` + `>`).
    ///
    /// Characters XML 1.0 cannot carry become U+FFFD, as in ``escape(_:)``. A parser still turns
    /// CR LF inside CDATA into LF; use ``escape(_:)`` where a CR must survive.
    ///
    /// - Parameter text: The text to embed.
    /// - Returns: `<![CDATA[…]]>` holding the text.
    public static func cdata(_ text: String) -> String {
        var safe = text
        if text.unicodeScalars.contains(where: { !isAllowed($0) }) {
            safe = String(String.UnicodeScalarView(text.unicodeScalars.map { isAllowed($0) ? $0 : "\u{FFFD}" }))
        }
        return "<![CDATA[" + safe.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
    }

    /// The first character in `text` that XML 1.0 cannot carry, escaped or not, or `nil`.
    ///
    /// Use it to turn such input into a ``ValidationError`` before building a document.
    ///
    /// - Parameter text: The text to check.
    /// - Returns: The offending character, or `nil` when every character is allowed.
    public static func firstInvalidCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { !isAllowed($0) }
    }

    /// XML 1.0 `Char`: TAB, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    private static func needsWork(_ byte: UInt8) -> Bool {
        // Markup characters, C0 controls, and the lead byte of U+FFFE/U+FFFF (EF BF BE/BF).
        byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 || byte < 0x20 || byte == 0xEF
    }
}
