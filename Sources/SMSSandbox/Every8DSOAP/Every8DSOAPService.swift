/// The two SOAP services below `/API21/SOAP/` and the web methods each one has, with their
/// parameters in the vendor's order.
enum Every8DSOAPService: String, CaseIterable, Sendable {
    case sms = "SMS.asmx"
    case mms = "MMS.asmx"

    /// The service a URL path names, ignoring case and whatever comes before `/API21/SOAP/`.
    init?(path: String) {
        let lowered = path.lowercased()
        guard let range = lowered.range(of: "/api21/soap/", options: .backwards) else { return nil }
        let rest = lowered[range.upperBound...]
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == rest }) else { return nil }
        self = match
    }

    /// The web methods of the service and their parameters.
    var methods: [String: [String]] {
        switch self {
        case .sms:
            return [
                "getConnection": ["userID", "password"],
                "closeConnection": ["sessionKey"],
                "sendSMS": ["sessionKey", "subject", "content", "mobile", "sendTime"],
                "sendMessage": ["sessionKey", "subject", "content", "mobile", "sendTime", "retryTime"],
                "sendParamSMS": ["sessionKey", "subject", "contentXML", "sendTime"],
                "getDeliveryStatus": ["sessionKey", "batchID", "pageNo"],
                "getCredit": ["sessionKey"],
                "eraseBooking": ["sessionKey", "batchID"],
                "eraseMMSBooking": ["sessionKey", "batchID"],
            ]
        case .mms:
            return [
                "sendMMS": ["sessionKey", "subject", "content", "mobile", "sendTime", "retryTime", "attachment", "type"],
                "getMMSDeliveryStatus": ["sessionKey", "batchID", "pageNo"],
            ]
        }
    }
}
