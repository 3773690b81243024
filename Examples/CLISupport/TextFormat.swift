import Foundation
import SMSTransport

/// How the commands write values for people: points with two decimals, Taiwan times, one-line
/// messages.
public enum TextFormat {
    /// `text` without surrounding whitespace and line breaks.
    public static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `text` on one line: line breaks and tabs become single spaces, surrounding space is removed.
    public static func oneLine(_ text: String) -> String {
        var result = ""
        var lastWasSpace = false
        for character in text {
            if character.isNewline || character == "\t" {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = character == " "
            }
        }
        return trimmed(result)
    }

    /// Points as the gateway writes them, with at least two decimals (`997.00`, `0.50`).
    ///
    /// Built from the decimal's exact text, never through `Double`.
    public static func points(_ value: Decimal) -> String {
        var text = "\(value)"
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: text.index(after: dot), to: text.endIndex)
            if decimals < 2 { text += String(repeating: "0", count: 2 - decimals) }
        } else {
            text += ".00"
        }
        return text
    }

    /// An instant as Taiwan wall-clock time, `yyyy-MM-dd HH:mm:ss`.
    public static func taiwanTime(_ date: Date) -> String {
        TaiwanTime.dashed(date)
    }

    /// An instant as ISO 8601 with Taiwan's offset, `yyyy-MM-ddTHH:mm:ss+08:00` (for JSON).
    public static func isoTime(_ date: Date) -> String {
        TaiwanTime.dashed(date).replacingOccurrences(of: " ", with: "T") + "+08:00"
    }

    /// A count with its noun, `1 message` or `3 messages`.
    public static func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number) \(number == 1 ? singular : (plural ?? singular + "s"))"
    }

    /// A duration in seconds, for `Date` arithmetic.
    public static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }

    /// A short duration for people: `85 ms`, `1.2 s`, `30 s`.
    public static func duration(_ duration: Duration) -> String {
        let value = seconds(duration)
        if value < 1 { return "\(Int((value * 1000).rounded())) ms" }
        if value < 10 { return "\((value * 10).rounded() / 10) s" }
        return "\(Int(value.rounded())) s"
    }
}
