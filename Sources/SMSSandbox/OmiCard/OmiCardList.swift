import Foundation

/// Recipient lists as OMICard reads them: `SMSList` (numbers separated by commas), or a list
/// file (`SMSListFile`, `SMSUrl`) in CSV whose first line is a header such as
/// `SMSNumber,Name,Gender` (a first line that starts with a number is taken as data, with the
/// numbers in the first column).
enum OmiCardList {
    struct Entry: Sendable, Hashable {
        var number: String
        var columns: [String: String]
        /// Header names in file order, for personalisation.
        var headers: [String]
    }

    /// The numbers of an `SMSList` field.
    static func inline(_ text: String) -> [Entry] {
        text.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r\n" || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .map { Entry(number: $0, columns: [:], headers: []) }
    }

    /// The rows of a list file, or `nil` when the CSV is malformed.
    ///
    /// - Parameters:
    ///   - data: The file (UTF-8, BOM allowed).
    ///   - quoting: Whether `"` quotes fields (`SMSListOption` 16 turns it off).
    static func file(_ data: Data, quoting: Bool) -> [Entry]? {
        let records: [[String]]
        if quoting {
            guard let parsed = try? DelimitedText.csv(data) else { return nil }
            records = parsed
        } else {
            records = DelimitedText.lines(data, separator: UInt8(ascii: ","))
        }
        guard let first = records.first else { return [] }
        let hasHeader = !looksLikeNumber(first[0])
        let headers = hasHeader ? first.map { $0.trimmingCharacters(in: .whitespaces) } : ["SMSNumber"]
        let numberColumn = headers.firstIndex { $0.caseInsensitiveEquals("SMSNumber") } ?? 0
        return records.dropFirst(hasHeader ? 1 : 0).compactMap { record in
            guard numberColumn < record.count else { return nil }
            var columns: [String: String] = [:]
            for (index, header) in headers.enumerated() where index < record.count {
                columns[header] = record[index]
            }
            let number = record[numberColumn].trimmingCharacters(in: .whitespaces)
            return number.isEmpty ? nil : Entry(number: number, columns: columns, headers: headers)
        }
    }

    /// `content` with `%Header%` (ignoring case) replaced by the entry's values.
    static func personalise(_ content: String, with entry: Entry) -> String {
        var text = content
        for header in entry.headers where !header.isEmpty {
            text = text.replacingOccurrences(of: "%\(header)%", with: entry.columns[header] ?? "", options: .caseInsensitive)
        }
        return text
    }

    /// The number as stored, and whether it is a valid mobile number.
    ///
    /// - Parameter normalise: Whether `09…` becomes `+8869…` (`SMSListOption` 4 turns it off).
    static func number(_ raw: String, normalise: Bool) -> (number: String, valid: Bool) {
        let digits: (Substring) -> Bool = { $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        let body = raw.dropFirst()
        if raw.count == 10, raw.hasPrefix("09"), digits(Substring(raw)) {
            return (normalise ? "+886" + raw.dropFirst() : raw, true)
        }
        if raw.hasPrefix("+"), (8...16).contains(raw.count), digits(body) {
            return (raw, !raw.hasPrefix("+886") || (raw.count == 13 && raw.hasPrefix("+8869")))
        }
        return (raw, false)
    }

    private static func looksLikeNumber(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let body = trimmed.hasPrefix("+") ? trimmed.dropFirst() : Substring(trimmed)
        return !body.isEmpty && body.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
