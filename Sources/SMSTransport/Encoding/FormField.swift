import Foundation

/// One `name=value` field of a form body or query string.
public struct FormField: Sendable, Hashable {
    /// The field name.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a field.
    ///
    /// - Parameters:
    ///   - name: The field name, sent percent-encoded.
    ///   - value: The field value, sent percent-encoded.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == FormField {
    /// The value of the first field named `name`, compared case-insensitively (ASCII), as
    /// OMICard and ASP.NET servers compare field names.
    ///
    /// - Parameter name: The field name in any case.
    /// - Returns: The value, or `nil` when there is no such field.
    public func value(named name: String) -> String? {
        first { $0.name.caseInsensitiveEquals(name) }?.value
    }
}
