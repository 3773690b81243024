import Foundation

/// One message from a Safesay chat room, as EVERY8D POSTs it to your webhook (`application/json`).
///
/// Read it from the request body with ``init(json:)``, then answer the POST with HTTP 200 and an
/// empty body, quickly (do the work afterwards). The specification says nothing more about the
/// answer; it asks you to accept the webhook only from EVERY8D's addresses and over TLS 1.2 or later.
///
/// ```swift
/// let event = try SafesayEvent(json: requestBody)
/// switch event.type {
/// case .text: print(event.mobile, event.text ?? "")
/// case .image, .file, .video, .voice: // download it with the file id
///     print(event.fileID ?? 0)
/// default: break
/// }
/// ```
public struct SafesayEvent: Sendable, Hashable {
    /// What kind of message it is (`Type`). Known kinds are static members; any other number is kept.
    public struct MessageType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The number as sent.
        public let rawValue: Int

        /// Creates a kind from its number.
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// A text (`1`); in ``SafesayEvent/text``.
        public static let text = Self(rawValue: 1)
        /// The customer opened the chat room from the link (`2`, the first click).
        public static let linkOpened = Self(rawValue: 2)
        /// A sticker (`3`); in ``SafesayEvent/stickerURL``.
        public static let sticker = Self(rawValue: 3)
        /// A voice recording (`5`); download it with ``SafesayEvent/fileID``.
        public static let voice = Self(rawValue: 5)
        /// A picture (`6`); download it with ``SafesayEvent/fileID``.
        public static let image = Self(rawValue: 6)
        /// A file (`7`); download it with ``SafesayEvent/fileID``.
        public static let file = Self(rawValue: 7)
        /// A place on a map (`8`); in ``SafesayEvent/coordinates``.
        public static let location = Self(rawValue: 8)
        /// The customer took back an earlier message (`10`).
        public static let withdrawn = Self(rawValue: 10)
        /// A video (`11`); download it with ``SafesayEvent/fileID``.
        public static let video = Self(rawValue: 11)

        /// Every kind the specification lists.
        public static let known: [Self] = [.text, .linkOpened, .sticker, .voice, .image, .file, .location, .withdrawn, .video]

        /// Whether this SDK knows the kind.
        public var isKnown: Bool { Self.known.contains(self) }

        /// `6 (image)`, or the number alone when unknown.
        public var description: String {
            let names: [Int: String] = [1: "text", 2: "link opened", 3: "sticker", 5: "voice", 6: "image", 7: "file",
                                        8: "location", 10: "withdrawn", 11: "video"]
            return names[rawValue].map { "\(rawValue) (\($0))" } ?? String(rawValue)
        }
    }

    /// The message's id (`MessageID`).
    public var messageID: String
    /// The channel (`EventID`).
    public var eventID: Int
    /// The customer's number (`Mobile`); `+` alone for a guest (see ``isGuest``).
    public var mobile: String
    /// The chat room (`ChatroomID`; marked mandatory, yet absent from every example).
    public var chatroomID: String?
    /// The text of a text message, or the notice of a ``MessageType/linkOpened`` (`Text`).
    public var text: String?
    /// What kind of message it is (`Type`).
    public var type: MessageType
    /// The file to download with `/v2/downLoadFile` (`FileID`).
    public var fileID: Int64?
    /// The sticker's picture (`StickerURL`), as sent.
    public var stickerURL: String?
    /// The place of a ``MessageType/location`` message (`Coordinates`).
    public var coordinates: SafesayCoordinates?
    /// When the customer sent it (`SendTime`).
    public var sentAt: Date
    /// `SendTime` as sent (microseconds since 1970 in the documented examples).
    public var sendTime: Int64
    /// Members this SDK does not know, as text (numbers and booleans as written), for fields
    /// EVERY8D adds later.
    public var otherFields: [String: String]

    /// Whether the customer is a guest, without a known number (`Mobile` is `+`).
    public var isGuest: Bool { mobile == "+" }

    /// Creates an event.
    public init(messageID: String, eventID: Int, mobile: String, chatroomID: String? = nil, text: String? = nil,
                type: MessageType, fileID: Int64? = nil, stickerURL: String? = nil, coordinates: SafesayCoordinates? = nil,
                sentAt: Date, sendTime: Int64, otherFields: [String: String] = [:]) {
        self.messageID = messageID
        self.eventID = eventID
        self.mobile = mobile
        self.chatroomID = chatroomID
        self.text = text
        self.type = type
        self.fileID = fileID
        self.stickerURL = stickerURL
        self.coordinates = coordinates
        self.sentAt = sentAt
        self.sendTime = sendTime
        self.otherFields = otherFields
    }

    /// Reads a webhook's JSON body.
    ///
    /// `MessageID`, `EventID`, `Type` and `SendTime` are required; keys are matched ignoring case;
    /// numbers may come as JSON numbers or strings; an empty string is the same as an absent member.
    ///
    /// - Parameter body: The POST's body.
    /// - Throws: `ResponseParseError` when the body is not such an object, a required member is
    ///   missing, or a number or the coordinates do not read.
    public init(json body: Data) throws {
        self = try body.withUnsafeBytes { bytes in
            var reader = JSONReader(bytes, expected: Self.expected)
            var values: [String: JSONReader.Scalar] = [:]
            var others: [String: String] = [:]
            try reader.beginObject()
            var first = true
            while let key = try reader.nextKey(first: &first) {
                let name = reader.string(key).trimmingASCIIWhitespace()
                let known = Self.members.first { $0.caseInsensitiveEquals(name) }
                guard reader.peek() != UInt8(ascii: "{"), reader.peek() != UInt8(ascii: "[") else {
                    if known != nil { throw reader.failure("\(name) is an object or array") }
                    try reader.skipValue()
                    continue
                }
                let value = try reader.readScalar()
                if let known {
                    values[known] = value
                } else if let text = reader.text(value) {
                    others[name] = text
                }
            }
            try reader.expectEnd()
            func text(_ name: String) -> String? {
                values[name].flatMap { reader.text($0) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            func number(_ name: String) throws -> Int64? {
                guard let scalar = values[name] else { return nil }
                return try reader.convert(scalar, field: name, as: "an integer") { Safesay.int64($0) }
            }
            guard let messageID = text("MessageID") else { throw reader.failure("MessageID is missing") }
            guard let eventID = try number("EventID"), let event = Int(exactly: eventID) else { throw reader.failure("EventID is missing") }
            guard let type = try number("Type"), let kind = Int(exactly: type) else { throw reader.failure("Type is missing") }
            guard let sendTime = try number("SendTime") else { throw reader.failure("SendTime is missing") }
            var coordinates: SafesayCoordinates?
            if let place = text("Coordinates") {
                guard let read = SafesayCoordinates(place) else { throw reader.failure("Coordinates is not longitude,latitude") }
                coordinates = read
            }
            return SafesayEvent(
                messageID: messageID, eventID: event, mobile: text("Mobile")?.trimmingASCIIWhitespace() ?? "",
                chatroomID: text("ChatroomID"), text: text("Text"), type: MessageType(rawValue: kind),
                fileID: try number("FileID"), stickerURL: text("StickerURL"), coordinates: coordinates,
                sentAt: Safesay.date(fromTimestamp: sendTime), sendTime: sendTime, otherFields: others)
        }
    }

    private static let expected = "Safesay webhook {\"MessageID\",\"EventID\",\"Mobile\",\"Type\",\"SendTime\",…}"
    private static let members = ["MessageID", "EventID", "Mobile", "ChatroomID", "Text", "Type", "FileID", "StickerURL",
                                  "Coordinates", "SendTime"]
}
