/// JSON string literals for JSON written by hand (the sandbox's answers, the command-line tools'
/// `--json` output), where members must come out in a given order.
package enum JSONEscaping {
    /// Appends `text` as a JSON string literal, quotes included: `"` and `\` escaped, LF, CR and
    /// TAB as `\n`, `\r`, `\t`, other controls as `\u00xx`, everything else as is (UTF-8).
    package static func appendLiteral(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    output += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    /// `text` as a JSON string literal (see ``appendLiteral(_:to:)``).
    package static func literal(_ text: String) -> String {
        var output = ""
        appendLiteral(text, to: &output)
        return output
    }
}
