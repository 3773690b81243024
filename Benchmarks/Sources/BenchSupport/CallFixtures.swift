import Every8D
import Foundation
import SMSTransport

/// What the per-call benchmarks send, and the clients they send it with: the SDK's client and the
/// hand-written floor over the same transport, both in password mode (every call one request).
public enum CallFixtures {
    public static let userID = "Test1234"
    /// A password with `+`, `@`, `&` and `=`, so that both sides percent-encode it.
    public static let password = "S3cr3t+P@ss&=word"
    /// An SMS text, Chinese as most are (every byte of it percent-encoded).
    public static let text = "您的驗證碼 123456，五分鐘內有效。"
    public static let numbers = ["+886912345678"]
    /// The short text the loopback and network benchmarks send (subject `OTP`, to `numbers`).
    public static let otpText = "您的驗證碼 123456"
    /// The form `sendSMS` sends for `otpText`, written once by hand for the floors that POST it.
    public static let otpForm = "UID=Test1234&PWD=S3cr3t%2BP%40ss%26%3Dword&SB=OTP&MSG=%E6%82%A8%E7%9A%84%E9%A9%97%E8%AD%89%E7%A2%BC%20123456"
        + "&DEST=%2B886912345678&ST=&RETRYTIME=1440"
    /// Ten personalized messages for `SendParam`.
    public static let messages = (0..<10).map {
        PersonalizedMessage(mobile: "+8869123456\($0)0", text: "王先生您好，您的訂單 A00\($0) 已出貨。")
    }
    /// The batch whose delivery page is read.
    public static let batch = "00f6b953-b790-42fb-9c2f-5169fb7dbc6a"

    /// The messages as the floor takes them.
    public static func pairs(_ messages: [PersonalizedMessage]) -> [(mobile: String, text: String)] {
        messages.map { (mobile: $0.mobile, text: $0.text) }
    }

    /// The SDK's client over `transport`.
    public static func client(_ transport: any HTTPTransport) -> Every8DClient {
        Every8DClient(credentials: .init(userID: userID, password: password), configuration: .init(authentication: .password),
                      transport: transport)
    }

    /// The floor over `transport`.
    public static func floor(_ transport: any HTTPTransport) -> HandWrittenClient {
        HandWrittenClient(transport: transport, userID: userID, password: password)
    }
}
