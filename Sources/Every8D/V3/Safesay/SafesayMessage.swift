import Foundation

/// A message to send into a Safesay chat room (`/v2/sendMessage`): the "interactive reply" channel
/// an SMS with an `eventid` links to.
///
/// The recipient must have joined the channel (opened the link in a message sent with that
/// channel's event id); Safesay delivers the message into that chat room.
public struct SafesayMessage: Sendable, Hashable {
    /// Who receives it.
    public enum Recipient: Sendable, Hashable {
        /// The customer with this number (`Mobile`): `+` and the country code, or `09xxxxxxxx`.
        case mobile(String)
        /// The chat room with this id (`ChatroomID`), as a webhook reported it.
        case chatroom(String)
    }

    /// What it carries: one of a text, a file or a place.
    public enum Content: Sendable, Hashable {
        /// A text (`Text`).
        case text(String)
        /// A picture, video or file (`Attachment`, sent base64-encoded).
        case attachment(Data)
        /// A place on a map (`Coordinates`).
        case location(SafesayCoordinates)
    }

    /// The channel (`EventID`), created on EVERY8D's Safesay console.
    public var eventID: Int
    /// Who receives it.
    public var recipient: Recipient
    /// What it carries.
    public var content: Content

    /// Creates a message.
    ///
    /// - Parameters:
    ///   - eventID: The channel's id (`EventID`).
    ///   - recipient: A number or a chat room.
    ///   - content: A text, a file or a place.
    public init(eventID: Int, to recipient: Recipient, content: Content) {
        self.eventID = eventID
        self.recipient = recipient
        self.content = content
    }
}
