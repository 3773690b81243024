/// One EVERY8D API 2.1 call: its name (used in errors and log records) and its endpoint.
///
/// Known operations are static members. The legacy SOAP client and your own code may create
/// others; ``path`` is then whatever identifies the call there.
public struct Every8DOperation: Sendable, Hashable, CustomStringConvertible {
    /// A short name, for example `"SendSMS"`; stable, safe to use as a metrics label.
    public let name: String
    /// The endpoint below `/API21/HTTP/`, for example `"SendSMS.ashx"` or `"MMS/SendMMS.ashx"`.
    public let path: String

    /// Creates an operation.
    ///
    /// - Parameters:
    ///   - name: A short, stable name.
    ///   - path: The endpoint below `/API21/HTTP/`.
    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    /// The ``name``.
    public var description: String { name }

    /// Fetch a token (`ConnectionHandler.ashx`, `VerifyType` 1).
    public static let getToken = Every8DOperation(name: "GetToken", path: "ConnectionHandler.ashx")
    /// Check that a token is alive (`ConnectionHandler.ashx`, `VerifyType` 2).
    public static let checkToken = Every8DOperation(name: "CheckToken", path: "ConnectionHandler.ashx")
    /// Close a token (`ConnectionHandler.ashx`, `VerifyType` 3).
    public static let closeToken = Every8DOperation(name: "CloseToken", path: "ConnectionHandler.ashx")
    /// Send one text to many numbers (`SendSMS.ashx`).
    public static let sendSMS = Every8DOperation(name: "SendSMS", path: "SendSMS.ashx")
    /// Send one text, skipping numbers that got the same text in the last 24 hours (`SendSMS4FilterMessage.ashx`).
    public static let sendSMSFilteringDuplicates = Every8DOperation(name: "SendSMS4FilterMessage", path: "SendSMS4FilterMessage.ashx")
    /// Send one text per recipient (`SendParam.ashx`, exclusive SMS).
    public static let sendPersonalizedSMS = Every8DOperation(name: "SendPersonalizedSMS", path: "SendParam.ashx")
    /// Send a template filled per recipient (`SendParam.ashx`, param SMS).
    public static let sendTemplateSMS = Every8DOperation(name: "SendTemplateSMS", path: "SendParam.ashx")
    /// Send one MMS per recipient with its own text (`SendParam.ashx`, exclusive MMS).
    public static let sendPersonalizedMMS = Every8DOperation(name: "SendPersonalizedMMS", path: "SendParam.ashx")
    /// Send an MMS template filled per recipient (`SendParam.ashx`, param MMS).
    public static let sendTemplateMMS = Every8DOperation(name: "SendTemplateMMS", path: "SendParam.ashx")
    /// Send one MMS to many numbers (`MMS/SendMMS.ashx`).
    public static let sendMMS = Every8DOperation(name: "SendMMS", path: "MMS/SendMMS.ashx")
    /// Read the account's credit (`GetCredit.ashx`).
    public static let credit = Every8DOperation(name: "GetCredit", path: "GetCredit.ashx")
    /// Read SMS delivery reports (`GetDeliveryStatus.ashx`).
    public static let deliveryStatus = Every8DOperation(name: "GetDeliveryStatus", path: "GetDeliveryStatus.ashx")
    /// Read MMS delivery reports (`MMS/GetDeliveryStatus.ashx`).
    public static let mmsDeliveryStatus = Every8DOperation(name: "GetMMSDeliveryStatus", path: "MMS/GetDeliveryStatus.ashx")
    /// Read replies (MO) to an SMS batch (`GetReplyMessage.ashx`).
    public static let replies = Every8DOperation(name: "GetReplyMessage", path: "GetReplyMessage.ashx")
    /// Cancel a scheduled SMS batch (`EraseBooking.ashx`).
    public static let cancelBooking = Every8DOperation(name: "EraseBooking", path: "EraseBooking.ashx")
    /// Cancel a scheduled MMS batch (`MMS/EraseBooking.ashx`).
    public static let cancelMMSBooking = Every8DOperation(name: "EraseMMSBooking", path: "MMS/EraseBooking.ashx")
}
