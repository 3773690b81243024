/// The API 3.0 and Safesay endpoints a URL path names, ignoring case and any prefix before them.
///
/// 3.0: `…/<custcode>/<endpoint>` with one of ``Endpoint``'s names. Safesay:
/// `…/v2/<pack>/gettoken`, `…/v2/sendMessage`, `…/v2/downLoadFile`.
enum Every8DV3Route: Sendable, Hashable {
    enum Endpoint: String, CaseIterable, Sendable {
        case getToken = "getoken"
        case tokenIsLive = "tokenislive"
        case sendSMS = "sendsms"
        case sendExclusiveSMS = "sendexclusive_sms"
        case sendParamSMS = "sendparam_sms"
        case sendMMS = "sendmms"
        case sendExclusiveMMS = "sendexclusive_mms"
        case sendParamMMS = "sendparam_mms"
        case getCredit = "getcredit"
        case deliveryStatus = "getdrstatus"
        case replies = "getreplymsg"
        case cancelBooking = "cancelbooking"
    }

    case api(Endpoint, custcode: String)
    case safesayToken(pack: String)
    case safesaySend
    case safesayDownload

    init?(path: String) {
        let parts = path.split(separator: "/").map(String.init)
        guard let last = parts.last?.lowercased() else { return nil }
        let count = parts.count
        if count >= 3, parts[count - 3].lowercased() == "v2", last == "gettoken" {
            self = .safesayToken(pack: parts[count - 2])
        } else if count >= 2, parts[count - 2].lowercased() == "v2", last == "sendmessage" {
            self = .safesaySend
        } else if count >= 2, parts[count - 2].lowercased() == "v2", last == "downloadfile" {
            self = .safesayDownload
        } else if count >= 2, let endpoint = Endpoint(rawValue: last) {
            self = .api(endpoint, custcode: parts[count - 2])
        } else {
            return nil
        }
    }

    /// The name requests are recorded under in ``SandboxNetwork`` (and faults are queued for):
    /// the 3.0 endpoint's name (`sendsms`), or `v2/gettoken`, `v2/sendMessage`, `v2/downLoadFile`.
    var recordName: String {
        switch self {
        case .api(let endpoint, _): endpoint.rawValue
        case .safesayToken: "v2/gettoken"
        case .safesaySend: "v2/sendMessage"
        case .safesayDownload: "v2/downLoadFile"
        }
    }
}
