// API 3.0 calls, named `V3.<endpoint>` (the endpoint being the last path component after
// `/<custcode>/`), and the Safesay calls, named `Safesay.<endpoint>`. The delivery-status and
// cancellation endpoints serve SMS and MMS by a `type` member, so their names add it.
extension Every8DOperation {
    /// Fetch a single-use token (`getoken`).
    public static let v3GetToken = Self(name: "V3.getoken", path: "getoken")
    /// Ask whether a token is still valid (`tokenislive`).
    public static let v3TokenIsLive = Self(name: "V3.tokenislive", path: "tokenislive")
    /// Send one text to many numbers (`sendsms`).
    public static let v3SendSMS = Self(name: "V3.sendsms", path: "sendsms")
    /// Send one text, leaving out numbers that had it in the last 24 hours (section 2.5 of the
    /// 3.0 specification, which gives the path `sendparam_sms`).
    public static let v3SendSMSFilteringDuplicates = Self(name: "V3.sendsms.filtered", path: v3FilteredSendPath)
    /// Send one text per recipient (`sendexclusive_sms`).
    public static let v3SendPersonalizedSMS = Self(name: "V3.sendexclusive_sms", path: "sendexclusive_sms")
    /// Send a template filled per recipient (`sendparam_sms`).
    public static let v3SendTemplateSMS = Self(name: "V3.sendparam_sms", path: "sendparam_sms")
    /// Send one MMS to many numbers (`sendmms`).
    public static let v3SendMMS = Self(name: "V3.sendmms", path: "sendmms")
    /// Send one MMS per recipient with a text of its own (`sendexclusive_mms`).
    public static let v3SendPersonalizedMMS = Self(name: "V3.sendexclusive_mms", path: "sendexclusive_mms")
    /// Send an MMS template filled per recipient (`sendparam_mms`).
    public static let v3SendTemplateMMS = Self(name: "V3.sendparam_mms", path: "sendparam_mms")
    /// Read the account's credit (`getcredit`).
    public static let v3Credit = Self(name: "V3.getcredit", path: "getcredit")
    /// Read SMS delivery reports (`getdrstatus`, `type` `SMS`).
    public static let v3DeliveryStatus = Self(name: "V3.getdrstatus.SMS", path: "getdrstatus")
    /// Read MMS delivery reports (`getdrstatus`, `type` `MMS`).
    public static let v3MMSDeliveryStatus = Self(name: "V3.getdrstatus.MMS", path: "getdrstatus")
    /// Read replies (MO) to a batch (`getreplymsg`).
    public static let v3Replies = Self(name: "V3.getreplymsg", path: "getreplymsg")
    /// Cancel a scheduled SMS batch (`cancelbooking`, `type` `SMS`).
    public static let v3CancelBooking = Self(name: "V3.cancelbooking.SMS", path: "cancelbooking")
    /// Cancel a scheduled MMS batch (`cancelbooking`, `type` `MMS`).
    public static let v3CancelMMSBooking = Self(name: "V3.cancelbooking.MMS", path: "cancelbooking")

    /// The path of the duplicate-filtered send. Section 2.5 gives `sendparam_sms`, the template
    /// endpoint's path, with a body of its own (`msg`, `mobiles`, `issend`, no recipient list):
    /// either the endpoint tells the two apart by their members (2.1's `SendParam.ashx` tells
    /// exclusive and template sends apart that way) or the path is a copy-and-paste slip. Sent
    /// there, the request can only be served as a filtered send or refused for missing template
    /// members, never sent unfiltered; one constant to change once the vendor confirms.
    static let v3FilteredSendPath = "sendparam_sms"

    /// Fetch the day's Safesay token (`/v2/<pack>/gettoken`).
    public static let safesayGetToken = Self(name: "Safesay.gettoken", path: "gettoken")
    /// Send a message into a Safesay chat room (`/v2/sendMessage`).
    public static let safesaySendMessage = Self(name: "Safesay.sendMessage", path: "sendMessage")
    /// Download a file a customer sent (`/v2/downLoadFile`).
    public static let safesayDownloadFile = Self(name: "Safesay.downLoadFile", path: "downLoadFile")
}
