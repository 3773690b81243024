import Foundation

/// The checks every send makes before anything is built, each failing with a `ValidationError`
/// that names the gateway's field.
enum SendValidation {
    /// The default validity the gateway applies, in minutes (one day).
    static let defaultValidityMinutes = 1440

    /// Message text: not empty or only whitespace.
    static func text(_ text: String, field: @autoclosure () -> String = "MSG") throws {
        guard !isBlank(text) else {
            throw ValidationError(field: field(), reason: "the text is empty")
        }
    }

    /// Whether `text` is empty or holds only `CharacterSet.whitespacesAndNewlines`, the question
    /// `text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty` asks, without that copy
    /// (on Linux it goes through `NSString`): usually the first scalar answers it.
    static func isBlank(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                // The set's ASCII members: tab, LF, VT, FF, CR and space.
                if value == 0x20 || (0x09...0x0D).contains(value) { continue }
                return false
            }
            // Nothing above U+3000 (ideographic space) is in the set; below it, ask the set.
            if value > 0x3000 || !CharacterSet.whitespacesAndNewlines.contains(scalar) { return false }
        }
        return true
    }

    /// A send time as `yyyyMMddHHmmss` Taiwan time, or `""` for now; it must be in the future.
    static func sendTime(_ date: Date?, now: @autoclosure () -> Date, field: @autoclosure () -> String = "ST") throws -> String {
        // The clock is read only when there is a time to check.
        guard let date else { return "" }
        guard date > now() else {
            throw ValidationError(field: field(), value: TaiwanTime.compact(date), reason: "the send time \(TaiwanTime.dashed(date)) (Taiwan time) is not in the future")
        }
        return TaiwanTime.compact(date)
    }

    /// The validity period in whole minutes (default 1440).
    static func validityMinutes(_ validity: Duration?, field: String = "RETRYTIME") throws -> Int {
        guard let validity else { return defaultValidityMinutes }
        let (seconds, attoseconds) = validity.components
        guard attoseconds == 0, seconds % 60 == 0, seconds >= 60 else {
            throw ValidationError(field: field, reason: "the validity must be a positive whole number of minutes")
        }
        guard seconds / 60 <= Int64(Int32.max) else {
            throw ValidationError(field: field, reason: "the validity is too long")
        }
        return Int(seconds / 60)
    }

    /// `RETRYTIME` as sent; the default's text is made once.
    static func minutesText(_ minutes: Int) -> String {
        minutes == defaultValidityMinutes ? defaultValidityText : String(minutes)
    }

    private static let defaultValidityText = String(defaultValidityMinutes)

    /// An event id, if given: not empty, no line breaks.
    static func eventID(_ eventID: String?, field: String = "EventID") throws -> String? {
        guard let eventID else { return nil }
        let trimmed = eventID.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else { throw ValidationError(field: field, reason: "an event id, when given, must not be empty") }
        guard !hasLineBreak(trimmed) else { throw ValidationError(field: field, value: trimmed, reason: "must be one line") }
        return trimmed
    }

    /// A subject: one line (it is a label in the gateway's records).
    static func subject(_ subject: String, field: @autoclosure () -> String = "SB") throws {
        guard !hasLineBreak(subject) else {
            throw ValidationError(field: field(), value: subject, reason: "the subject must be one line")
        }
    }

    /// Whether `text` has a character that `Character.isNewline` calls a newline, read off the
    /// scalars without forming characters: a character is a newline when its first scalar is
    /// U+000A–U+000D, U+0085, U+2028 or U+2029, and each of those scalars always begins a
    /// character of its own (controls and separators break on both sides), except LF after CR,
    /// whose character begins with CR.
    static func hasLineBreak(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
            default: false
            }
        }
    }

    /// Message references (`MR`): unique within one request when given.
    static func uniqueReferences(_ references: some Sequence<String?>, field: (Int) -> String) throws {
        var seen: [String: Int] = [:]
        for (index, reference) in references.enumerated() {
            guard let reference, !reference.isEmpty else { continue }
            if let earlier = seen[reference] {
                throw ValidationError(field: field(index), value: reference, reason: "the message reference is also used by recipient \(earlier + 1)")
            }
            seen[reference] = index
        }
    }

    /// A batch id for queries and cancellations: not empty, one line, printable.
    static func batchID(_ batchID: String, field: String = "BID") throws -> String {
        let trimmed = batchID.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else { throw ValidationError(field: field, reason: "the batch id is empty") }
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw ValidationError(field: field, value: trimmed, reason: "the batch id contains control characters")
        }
        return trimmed
    }

    /// A page number: 1 or more.
    static func page(_ page: Int, field: String = "PNO") throws {
        guard page >= 1 else { throw ValidationError(field: field, value: String(page), reason: "pages are numbered from 1") }
    }
}
