import Foundation
@_spi(SMSInternals) import SMSTransport

/// A place on a map, as Safesay writes it: `longitude,latitude` in decimal degrees
/// (`121.54069836039582,24.98475687523791`).
///
/// The degrees are kept as exact decimals, so a place read from a webhook goes back out with the
/// same digits.
public struct SafesayCoordinates: Sendable, Hashable, CustomStringConvertible {
    /// Degrees east (negative: west), from -180 to 180.
    public var longitude: Decimal
    /// Degrees north (negative: south), from -90 to 90.
    public var latitude: Decimal

    /// Creates a place.
    ///
    /// - Parameters:
    ///   - longitude: Degrees east, -180 to 180.
    ///   - latitude: Degrees north, -90 to 90.
    public init(longitude: Decimal, latitude: Decimal) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// Reads `longitude,latitude`; `nil` unless both are plain decimals in range.
    ///
    /// - Parameter text: Such as `121.54069836039582,24.98475687523791` (spaces around either number are ignored).
    public init?(_ text: String) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let longitude = ExactDecimal.parse(parts[0].trimmingCharacters(in: .whitespaces)),
              let latitude = ExactDecimal.parse(parts[1].trimmingCharacters(in: .whitespaces)) else { return nil }
        self.init(longitude: longitude, latitude: latitude)
        guard isInRange else { return nil }
    }

    /// Whether both numbers are within their ranges.
    var isInRange: Bool {
        (-180...180).contains(longitude) && (-90...90).contains(latitude)
    }

    /// `longitude,latitude`, as the wire carries it.
    public var description: String { "\(longitude),\(latitude)" }
}
