extension Every8DOperation {
    /// Log in and get the session key (`getConnection` on `SMS.asmx`).
    public static let soapGetConnection = SOAPMethod.getConnection.operation
    /// Log out: end the account's session key (`closeConnection` on `SMS.asmx`).
    public static let soapCloseConnection = SOAPMethod.closeConnection.operation
    /// Send one text to many numbers (`sendSMS` on `SMS.asmx`).
    public static let soapSendSMS = SOAPMethod.sendSMS.operation
    /// Send one text to many numbers with a validity period (`sendMessage` on `SMS.asmx`).
    public static let soapSendMessage = SOAPMethod.sendMessage.operation
    /// Send one text per recipient (`sendParamSMS` on `SMS.asmx`).
    public static let soapSendParamSMS = SOAPMethod.sendParamSMS.operation
    /// Read SMS delivery reports, replies included (`getDeliveryStatus` on `SMS.asmx`).
    public static let soapDeliveryStatus = SOAPMethod.getDeliveryStatus.operation
    /// Read the account's credit (`getCredit` on `SMS.asmx`).
    public static let soapCredit = SOAPMethod.getCredit.operation
    /// Cancel a scheduled SMS batch (`eraseBooking` on `SMS.asmx`).
    public static let soapCancelBooking = SOAPMethod.eraseBooking.operation
    /// Cancel a scheduled MMS batch (`eraseMMSBooking` on `SMS.asmx`).
    public static let soapCancelMMSBooking = SOAPMethod.eraseMMSBooking.operation
    /// Send one MMS to many numbers (`sendMMS` on `MMS.asmx`).
    public static let soapSendMMS = SOAPMethod.sendMMS.operation
    /// Read MMS delivery reports (`getMMSDeliveryStatus` on `MMS.asmx`).
    public static let soapMMSDeliveryStatus = SOAPMethod.getMMSDeliveryStatus.operation
}

/// One web method of the SOAP API: its name on the wire, the service that has it, and its
/// parameters in the documented order.
struct SOAPMethod: Sendable, Hashable {
    /// The two services below `/API21/SOAP/`.
    enum Service: String, Sendable, Hashable {
        case sms = "SMS.asmx"
        case mms = "MMS.asmx"
    }

    /// The method name, as in the body element and the action (`sendSMS`).
    let name: String
    let service: Service
    /// The parameter names in the vendor's order.
    let parameters: [String]

    /// The operation recorded in errors and log records: `SOAP.<name>`, path `<service>`.
    var operation: Every8DOperation { Every8DOperation(name: "SOAP.\(name)", path: service.rawValue) }

    static let getConnection = SOAPMethod(name: "getConnection", service: .sms, parameters: ["userID", "password"])
    static let closeConnection = SOAPMethod(name: "closeConnection", service: .sms, parameters: ["sessionKey"])
    static let sendSMS = SOAPMethod(name: "sendSMS", service: .sms, parameters: ["sessionKey", "subject", "content", "mobile", "sendTime"])
    static let sendMessage = SOAPMethod(
        name: "sendMessage", service: .sms, parameters: ["sessionKey", "subject", "content", "mobile", "sendTime", "retryTime"])
    static let sendParamSMS = SOAPMethod(name: "sendParamSMS", service: .sms, parameters: ["sessionKey", "subject", "contentXML", "sendTime"])
    static let getDeliveryStatus = SOAPMethod(name: "getDeliveryStatus", service: .sms, parameters: ["sessionKey", "batchID", "pageNo"])
    static let getCredit = SOAPMethod(name: "getCredit", service: .sms, parameters: ["sessionKey"])
    static let eraseBooking = SOAPMethod(name: "eraseBooking", service: .sms, parameters: ["sessionKey", "batchID"])
    static let eraseMMSBooking = SOAPMethod(name: "eraseMMSBooking", service: .sms, parameters: ["sessionKey", "batchID"])
    static let sendMMS = SOAPMethod(
        name: "sendMMS", service: .mms,
        parameters: ["sessionKey", "subject", "content", "mobile", "sendTime", "retryTime", "attachment", "type"])
    static let getMMSDeliveryStatus = SOAPMethod(name: "getMMSDeliveryStatus", service: .mms, parameters: ["sessionKey", "batchID", "pageNo"])
}
