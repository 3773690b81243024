import Foundation
import Testing
@_spi(SMSInternals) @testable import SMSTransport

@Suite("HTTPStatusError")
struct HTTPStatusErrorTests {
    @Test("description: status alone, or with a redacted preview")
    func description() {
        #expect(HTTPStatusError(status: 503).description == "HTTP status 503")
        #expect(HTTPStatusError(status: 429, retryAfter: "5", bodyPreview: "slow down").description == "HTTP status 429: slow down")
    }

    @Test("from a response: Retry-After kept, body redacted by name and scrubbed by value, cut short")
    func fromResponse() {
        let body = Data((#"{"Msg":"bad PWD=named-secret for user, token value-secret"}"# + String(repeating: " pad", count: 100)).utf8)
        let response = TransportResponse(status: 403, headers: ["Retry-After": "120", "Content-Type": "application/json"], body: body)
        let error = HTTPStatusError(response: response, secrets: ["value-secret"])
        #expect(error.status == 403)
        #expect(error.retryAfter == "120")
        expectNoSecret(error.description, ["named-secret", "value-secret"])
        #expect(error.bodyPreview.count <= 161)
        #expect(error.description.hasPrefix("HTTP status 403: {\"Msg\":\"bad PWD=<redacted> for user, token <redacted>\""))
    }
}

@Suite("ResponseParseError")
struct ResponseParseErrorTests {
    @Test("description names what was expected, why, and shows the redacted body")
    func description() {
        let bare = ResponseParseError(expected: "send result", reason: "field 2 is not an integer")
        #expect(bare.description == "unreadable response: expected send result; field 2 is not an integer")
        let withBody = bare.withBody(Data("UID=a&PWD=form-secret&x=1".utf8), contentType: FormEncoding.contentType, secrets: ["a"])
        #expect(withBody.description == "unreadable response: expected send result; field 2 is not an integer; body: UID=<redacted>&PWD=<redacted>&x=1")
        #expect(withBody.expected == bare.expected && withBody.reason == bare.reason)
    }
}

@Suite("TransportError")
struct TransportErrorTests {
    @Test("whether the request may have been processed follows the code unless stated")
    func processed() {
        for code in [TransportError.Code.connectionRefused, .cannotFindHost, .cannotConnect, .tlsFailure, .badURL] {
            #expect(!TransportError(code).requestMayHaveBeenProcessed, "\(code)")
            #expect(code.provesNothingWasSent)
        }
        for code in [TransportError.Code.timedOut, .connectionLost, .responseTooLarge, .badServerResponse, .other] {
            #expect(TransportError(code).requestMayHaveBeenProcessed, "\(code)")
        }
        #expect(!TransportError(.other, requestMayHaveBeenProcessed: false).requestMayHaveBeenProcessed)
    }

    @Test("description carries the code and detail, switchable codes compare by value")
    func description() {
        #expect(TransportError(.timedOut, detail: "no response within 30 seconds").description
            == "transport error: timedOut, no response within 30 seconds (the server may have processed the request)")
        #expect(TransportError(.cannotFindHost).description == "transport error: cannotFindHost (nothing was sent)")
        let error: any Error = TransportError(.connectionLost)
        switch (error as? TransportError)?.code {
        case .connectionLost?: break
        default: Issue.record("code did not match")
        }
    }
}

@Suite("ValidationError")
struct ValidationErrorTests {
    @Test("description names the field and the reason")
    func description() {
        #expect(ValidationError(field: "DEST[3]", reason: "not a mobile number").description == "invalid DEST[3]: not a mobile number")
    }
}

@Suite("SendOutcomeUnknownError")
struct SendOutcomeUnknownErrorTests {
    @Test("description names the operation, the cause and the advice, not the recipients")
    func description() {
        let error = SendOutcomeUnknownError(operation: "SendSMS", cause: TransportError(.timedOut), startedAt: Date(timeIntervalSince1970: 0),
                                            recipients: ["+886912345678"], references: ["SB": "x"], advice: "Check the delivery status.")
        #expect(error.description.hasPrefix("SendSMS: outcome unknown"))
        #expect(error.description.contains("timedOut"))
        #expect(error.description.hasSuffix("Check the delivery status."))
        #expect(!error.description.contains("+886912345678"))
    }
}
