/// `CharacterSetID`: the language of the content. Values other than the documented two are sent as given.
public struct CharacterSetID: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The number sent as `CharacterSetID`.
    public let rawValue: Int

    /// Creates a character set from its number.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// 17: Chinese (`中文`).
    public static let chinese = CharacterSetID(rawValue: 17)
    /// 117: English (`英文`).
    public static let english = CharacterSetID(rawValue: 117)

    /// `17 (Chinese)`, `117 (English)`, or the bare number.
    public var description: String {
        switch self {
        case .chinese: return "17 (Chinese)"
        case .english: return "117 (English)"
        default: return String(rawValue)
        }
    }
}
