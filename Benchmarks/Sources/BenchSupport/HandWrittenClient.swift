import Foundation
@_spi(SMSInternals) import SMSTransport
@_spi(SMSInternals) import Every8D

/// The floor for the per-call benchmarks: the same calls written by hand, as directly as a
/// developer who knows the wire format would write them, with none of the SDK's layers.
///
/// What it does, per call: append the form or JSON bytes by hand (percent-encoding or escaping as
/// the wire needs), build a `TransportRequest` for a URL made once up front, await the same
/// transport, check the status, and read the answer with a minimal parser written for the one
/// expected shape. What it does not do: validate input, look at the configuration, read the
/// error envelope, retry, log, or check cancellation. Numbers are read with the SDK's public leaf
/// converter `ExactDecimal` (a hand-written parse of the same digits costs the same; the converter
/// is benchmarked on its own), and a delivery page with the SDK's public page parser (a
/// hand-written page parser would be the parser benchmark again; here only the call around it is
/// compared).
public struct HandWrittenClient: Sendable {
    /// The answer did not have the one shape this floor reads.
    public struct Unexpected: Error {}

    let transport: any HTTPTransport
    let userID: String
    let password: String
    let sendURL = URL(string: "https://new.e8d.tw/API21/HTTP/SendSMS.ashx")!
    let paramURL = URL(string: "https://new.e8d.tw/API21/HTTP/SendParam.ashx")!
    let creditURL = URL(string: "https://new.e8d.tw/API21/HTTP/GetCredit.ashx")!
    let deliveryURL = URL(string: "https://new.e8d.tw/API21/HTTP/GetDeliveryStatus.ashx")!

    /// Creates the floor over `transport`.
    public init(transport: any HTTPTransport, userID: String, password: String) {
        self.transport = transport
        self.userID = userID
        self.password = password
    }

    /// `SendSMS.ashx`: `UID PWD SB MSG DEST ST RETRYTIME`, answer `CREDIT,SENDED,COST,UNSEND,BATCHID`.
    public func sendSMS(to numbers: [String], text: String, subject: String) async throws -> SendReceipt {
        var body: [UInt8] = []
        body.reserveCapacity(256)
        Self.field("UID", userID, first: true, to: &body)
        Self.field("PWD", password, to: &body)
        Self.field("SB", subject, to: &body)
        Self.field("MSG", text, to: &body)
        Self.field("DEST", numbers.joined(separator: ","), to: &body)
        Self.field("ST", "", to: &body)
        Self.field("RETRYTIME", "1440", to: &body)
        let response = try await post(sendURL, body: body, json: false)
        return try Self.receipt(response.body)
    }

    /// `SendParam.ashx` (exclusive): JSON `UID PWD SB RETRYTIME RecipientDataList`, answer the
    /// receipt in the `Msg` of `{"Result":true,…}`.
    public func sendPersonalized(_ messages: [(mobile: String, text: String)], subject: String) async throws -> SendReceipt {
        var body: [UInt8] = []
        body.reserveCapacity(128 + messages.count * 128)
        body.append(contentsOf: #"{"UID":"#.utf8)
        Self.jsonString(userID, to: &body)
        body.append(contentsOf: #","PWD":"#.utf8)
        Self.jsonString(password, to: &body)
        body.append(contentsOf: #","SB":"#.utf8)
        Self.jsonString(subject, to: &body)
        body.append(contentsOf: #","RETRYTIME":1440,"RecipientDataList":["#.utf8)
        for (index, message) in messages.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: #"{"Name":"","Mobile":"#.utf8)
            Self.jsonString(message.mobile, to: &body)
            body.append(contentsOf: #","Email":"","SendTime":"","Param":"#.utf8)
            Self.jsonString(message.text, to: &body)
            body.append(contentsOf: #","Mr":""}"#.utf8)
        }
        body.append(contentsOf: "]}".utf8)
        let response = try await post(paramURL, body: body, json: true)
        // The one expected shape: `"Result":true` and the receipt in `"Msg":"…"`.
        let bytes = [UInt8](response.body)
        guard Self.find(Array(#""Result":true"#.utf8), in: bytes) != nil,
              let msg = Self.find(Array(#""Msg":""#.utf8), in: bytes) else { throw Unexpected() }
        let start = msg + 7
        guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { throw Unexpected() }
        return try Self.receipt(Data(bytes[start..<end]))
    }

    /// `GetCredit.ashx`: `UID PWD`, answer `1000.00`.
    public func credit() async throws -> Decimal {
        var body: [UInt8] = []
        Self.field("UID", userID, first: true, to: &body)
        Self.field("PWD", password, to: &body)
        let response = try await post(creditURL, body: body, json: false)
        guard let value = response.body.withUnsafeBytes({ ExactDecimal.parse(bytes: $0) }) else { throw Unexpected() }
        return value
    }

    /// `GetDeliveryStatus.ashx`: `UID PWD BID PNO RESPFORMAT=1`, the JSON page read by the SDK's page parser.
    public func deliveryPage(batchID: String, page: Int) async throws -> DeliveryPage {
        var body: [UInt8] = []
        Self.field("UID", userID, first: true, to: &body)
        Self.field("PWD", password, to: &body)
        Self.field("BID", batchID, to: &body)
        Self.field("PNO", String(page), to: &body)
        Self.field("RESPFORMAT", "1", to: &body)
        let response = try await post(deliveryURL, body: body, json: false)
        return try Every8DResponseParser.deliveryPage(json: response.body)
    }

    private func post(_ url: URL, body: [UInt8], json: Bool) async throws -> TransportResponse {
        let request = TransportRequest(
            method: .post, url: url,
            headers: ["Content-Type": json ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded; charset=utf-8"],
            body: Data(body))
        let response = try await transport.send(request)
        guard response.status == 200 else { throw Unexpected() }
        return response
    }

    // MARK: Bytes by hand

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func field(_ name: String, _ value: String, first: Bool = false, to body: inout [UInt8]) {
        if !first { body.append(UInt8(ascii: "&")) }
        body.append(contentsOf: name.utf8)
        body.append(UInt8(ascii: "="))
        for byte in value.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                body.append(byte)
            default:
                body.append(UInt8(ascii: "%"))
                body.append(hex[Int(byte >> 4)])
                body.append(hex[Int(byte & 0x0F)])
            }
        }
    }

    private static func jsonString(_ text: String, to body: inout [UInt8]) {
        body.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                body.append(UInt8(ascii: "\\"))
                body.append(byte)
            case 0..<0x20:
                body.append(contentsOf: "\\u00".utf8)
                body.append(hex[Int(byte >> 4)])
                body.append(hex[Int(byte & 0x0F)])
            default:
                body.append(byte)
            }
        }
        body.append(UInt8(ascii: "\""))
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = 0
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// `CREDIT,SENDED,COST,UNSEND,BATCHID`, exactly that shape.
    static func receipt(_ data: Data) throws -> SendReceipt {
        try data.withUnsafeBytes { bytes -> SendReceipt in
            var commas: [Int] = []
            commas.reserveCapacity(4)
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: ",") { commas.append(index) }
            guard commas.count == 4 else { throw Unexpected() }
            func slice(_ from: Int, _ to: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[from..<to]) }
            func integer(_ part: UnsafeRawBufferPointer) throws -> Int {
                guard !part.isEmpty else { throw Unexpected() }
                var value = 0
                for byte in part {
                    guard byte >= 0x30, byte <= 0x39 else { throw Unexpected() }
                    value = value * 10 + Int(byte - 0x30)
                }
                return value
            }
            guard let credit = ExactDecimal.parse(bytes: slice(0, commas[0])),
                  let cost = ExactDecimal.parse(bytes: slice(commas[1] + 1, commas[2])) else { throw Unexpected() }
            let sent = try integer(slice(commas[0] + 1, commas[1]))
            let unsent = try integer(slice(commas[2] + 1, commas[3]))
            let batch = String(decoding: slice(commas[3] + 1, bytes.count), as: UTF8.self)
            return SendReceipt(credit: credit, sent: sent, cost: cost, unsent: unsent, batchID: batch)
        }
    }
}
