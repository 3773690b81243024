import Foundation

/// Writes CSV records as ``CSVReader`` reads them back (RFC 4180).
public enum CSVWriter {
    /// One record as a line without its line end: a field holding a comma, a quote or a line end
    /// is quoted, with its quotes doubled.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}
