import Foundation
import Testing
@testable import Every8D

/// `Every8DV3Client` against a recording transport: the exact bytes of every call, the token
/// rules on the wire, how each status is treated, and that no secret reaches any output.
@Suite("Every8DV3Client on the wire")
struct Every8DV3ClientWireTests {
    static let batch = "c496f706-9b0f-4ff8-9644-9503edbb7064"
    static let receipt = #"{"status":"200","message":"success","data":{"credit":"1000.00","sendcnt":"1","reducepoint":"1","unsendcnt":"0","batchid":"\#(batch)"}}"#
    static let noDuplicates = #"{"status":"523","message":"success","data":{"credit":"0","sendcnt":"0","reducepoint":"0","unsendcnt":"0","batchid":"","fail_mobiles":"","fail_batchid":""}}"#
    static let credit = #"{"status":"200","message":"success","data":{"credit":"1000.00"}}"#
    static let fast = RetryPolicy.exponential(maxAttempts: 3, initialDelay: .zero, maxDelay: .zero, jitter: false)

    static func client(_ transport: RecordingTransport, authentication: Every8DV3Client.AuthenticationMode = .password,
                       password: String = "1234", logger: TransportLogger? = nil) -> Every8DV3Client {
        Every8DV3Client(credentials: .init(userID: "test", password: password),
                        configuration: .init(authentication: authentication, readRetryPolicy: fast, unsentRetryPolicy: fast, logger: logger,
                                             now: { Fixture.now }),
                        transport: transport)
    }

    /// Answers every 3.0 endpoint as the specification's examples do; `getoken` hands out `tok-1`, `tok-2`, ….
    static func gateway() -> RecordingTransport {
        let tokens = Issued()
        return RecordingTransport { request, _ in
            let body = request.bodyText
            switch request.url.lastPathComponent {
            case "getoken": return .json(#"{"status":"200","message":"success","data":{"token":"tok-\#(tokens.next()) "}}"#)
            case "tokenislive": return .json(#"{"status":"200","message":" success ","data":{"tokenislive":"1"}}"#)
            case "getcredit": return .json(credit)
            case "sendparam_sms" where body.contains("\"issend\""): return .json(noDuplicates)
            case "getdrstatus":
                return .json(#"{"status":"200","message":"success","data":{"SMS_COUNT":"1","BID":"\#(batch)","DATA":[{"MR":"1","NAME":"","MOBILE":"+886900000001","SEND_TIME":"2021-12-16 16:09:06","COST":"1.00","STATUS":"100","REAL_COST":"1.00","RECEIVED_TIME":"2021-12-16 16:09:06"}]}}"#)
            case "getreplymsg":
                return .json(#"{"status":"200","message":"success","data":{"SMS_COUNT":"1","BID":"\#(batch)","DATA":[{"NAME":"Test01","MOBILE":"+886900000001","CONTENT":"回覆簡訊內容 01 ","RECEIVED_TIME":"2021/06/01 16:56:20"}]}}"#)
            case "cancelbooking": return .json(#"{"status":"200","message":"success","data":{"count":"1","point":"1.00"}}"#)
            default: return .json(receipt)
            }
        }
    }

    /// `path body` of each request.
    static func lines(_ transport: RecordingTransport) -> [String] {
        transport.requests.map { "\($0.url.path) \($0.bodyText)" }
    }

    @Test("every call's JSON on the wire in password mode: POST /e8d/<endpoint>, uid and pwd first, the specification's members in order")
    func everyEndpoint() async throws {
        let transport = Self.gateway()
        let client = Self.client(transport)
        let picture = try MMSAttachment(data: Fixture.jpeg())
        let booked = V3Fixture.time("20991225120000")
        _ = try await client.sendSMS(to: ["0900000001"], text: "我是訊息內文", subject: "我是主旨")
        _ = try await client.sendSMS(to: ["+886900000001", "+14155550100"], text: "訊息", at: booked, validity: .seconds(600), eventID: "-1")
        _ = try await client.sendSMSFilteringDuplicates(to: ["+886900000001", "+886900000002"], text: "我是訊息內文", subject: "我是主旨")
        _ = try await client.sendSMSFilteringDuplicates(to: ["+886900000001"], text: "我是訊息內文", dryRun: true)
        _ = try await client.sendPersonalizedSMS([PersonalizedMessage(mobile: "+886900000001", text: "客戶:小明您好", messageReference: "m1"),
                                                 PersonalizedMessage(mobile: "0900000002", text: "客戶:大明您好", sendAt: booked)],
                                                subject: "我是主旨", eventID: "22")
        _ = try await client.sendTemplateSMS(template: "客戶:%field1%您好、您於%field2%到期。",
                                             recipients: [TemplateRecipient(mobile: "+886900000001", values: ["小明", " 2024/09/30"])], subject: "我是主旨")
        _ = try await client.sendMMS(to: ["+886900000001"], subject: "我是主旨", text: "我是訊息內文", attachment: picture)
        _ = try await client.sendPersonalizedMMS([PersonalizedMessage(mobile: "+886900000001", text: "圖")], subject: "我是主旨", attachment: picture)
        _ = try await client.sendTemplateMMS(template: "%field1%", recipients: [TemplateRecipient(mobile: "+886900000001", values: ["圖"])],
                                             subject: "我是主旨", attachment: picture)
        #expect(try await client.credit() == Decimal(string: "1000.00"))
        #expect(try await client.deliveryReportPage(batch: Self.batch).reports.first?.status == .delivered)
        _ = try await client.deliveryReportPage(batch: Self.batch, page: 2, kind: .mms)
        #expect(try await client.replyPage(batch: Self.batch).replies.first?.text == "回覆簡訊內容 01 ")
        #expect(try await client.cancelBooking(batch: Self.batch) == CancelResult(cancelled: 1, refundedPoints: 1))
        _ = try await client.cancelBooking(batch: Self.batch, kind: .mms)

        let base64 = picture.base64
        #expect(Self.lines(transport) == [
            #"/e8d/sendsms {"uid":"test","pwd":"1234","subject":"我是主旨","msg":"我是訊息內文","mobiles":"+886900000001","sendtime":"","retrytime":"1440"}"#,
            #"/e8d/sendsms {"uid":"test","pwd":"1234","subject":"","msg":"訊息","mobiles":"+886900000001,+14155550100","sendtime":"20991225120000","retrytime":"10","eventid":"-1"}"#,
            #"/e8d/sendparam_sms {"uid":"test","pwd":"1234","subject":"我是主旨","msg":"我是訊息內文","mobiles":"+886900000001,+886900000002","sendtime":"","retrytime":"1440","issend":true}"#,
            #"/e8d/sendparam_sms {"uid":"test","pwd":"1234","subject":"","msg":"我是訊息內文","mobiles":"+886900000001","sendtime":"","retrytime":"1440","issend":false}"#,
            #"/e8d/sendexclusive_sms {"uid":"test","pwd":"1234","subject":"我是主旨","retrytime":"1440","eventid":"22","recipientdatalist":[{"mobile":"+886900000001","sendtime":"","params":"客戶:小明您好","mr":"m1"},{"mobile":"+886900000002","sendtime":"20991225120000","params":"客戶:大明您好","mr":""}]}"#,
            #"/e8d/sendparam_sms {"uid":"test","pwd":"1234","subject":"我是主旨","paramsContent":"客戶:%field1%您好、您於%field2%到期。","retrytime":"1440","recipientdatalist":[{"mobile":"+886900000001","sendtime":"","params":"小明, 2024/09/30","mr":""}]}"#,
            #"/e8d/sendmms {"uid":"test","pwd":"1234","subject":"我是主旨","msg":"我是訊息內文","mobiles":"+886900000001","sendtime":"","retrytime":"1440","attachment":"\#(base64)","type":"jpg"}"#,
            #"/e8d/sendexclusive_mms {"uid":"test","pwd":"1234","subject":"我是主旨","attachment":"\#(base64)","attachmentType":"jpg","retrytime":"1440","recipientdatalist":[{"mobile":"+886900000001","sendtime":"","params":"圖","mr":""}]}"#,
            #"/e8d/sendparam_mms {"uid":"test","pwd":"1234","subject":"我是主旨","paramsContent":"%field1%","attachment":"\#(base64)","attachmentType":"jpg","retrytime":"1440","recipientdatalist":[{"mobile":"+886900000001","sendtime":"","params":"圖","mr":""}]}"#,
            #"/e8d/getcredit {"uid":"test","pwd":"1234"}"#,
            #"/e8d/getdrstatus {"uid":"test","pwd":"1234","batchid":"\#(Self.batch)","type":"SMS","pageno":"1"}"#,
            #"/e8d/getdrstatus {"uid":"test","pwd":"1234","batchid":"\#(Self.batch)","type":"MMS","pageno":"2"}"#,
            #"/e8d/getreplymsg {"uid":"test","pwd":"1234","batchid":"\#(Self.batch)","pageno":"1"}"#,
            #"/e8d/cancelbooking {"uid":"test","pwd":"1234","batchid":"\#(Self.batch)","type":"SMS"}"#,
            #"/e8d/cancelbooking {"uid":"test","pwd":"1234","batchid":"\#(Self.batch)","type":"MMS"}"#,
        ])
        for request in transport.requests {
            #expect(request.method == .post)
            #expect(request.url.host == "e8dapi.e8d.tw")
            #expect(request.headers["Content-Type"] == "application/json; charset=utf-8")
        }
        #expect(transport.requests.filter { !$0.isIdempotent }.map(\.url.lastPathComponent) == [
            "sendsms", "sendsms", "sendparam_sms", "sendexclusive_sms", "sendparam_sms", "sendmms", "sendexclusive_mms", "sendparam_mms",
            "cancelbooking", "cancelbooking",
        ], "sends and cancellations are kept off kept-alive connections; a dry run is a read")
    }

    @Test("token mode: getoken with the password, then the call with uid and that token; every call and every repeat a new token")
    func tokenMode() async throws {
        let tokens = Issued()
        let failures = Issued()
        let transport = RecordingTransport { request, _ in
            switch request.url.lastPathComponent {
            case "getoken": return .json(#"{"status":"200","message":"success","data":{"token":"tok-\#(tokens.next())"}}"#)
            // The first credit read meets a database failure (may be temporary): repeated with a new token.
            case "getcredit" where failures.next() == 1: return .json(#"{"status":"503","message":"資料庫連線失敗 1","data":null}"#)
            case "getcredit": return .json(Self.credit)
            default: return .json(Self.receipt)
            }
        }
        let client = Self.client(transport, authentication: .token)
        _ = try await client.sendSMS(to: ["0900000001"], text: "x")
        #expect(try await client.credit() == 1000)
        #expect(Self.lines(transport) == [
            #"/e8d/getoken {"uid":"test","pwd":"1234"}"#,
            #"/e8d/sendsms {"uid":"test","token":"tok-1","subject":"","msg":"x","mobiles":"+886900000001","sendtime":"","retrytime":"1440"}"#,
            #"/e8d/getoken {"uid":"test","pwd":"1234"}"#,
            #"/e8d/getcredit {"uid":"test","token":"tok-2"}"#,
            #"/e8d/getoken {"uid":"test","pwd":"1234"}"#,
            #"/e8d/getcredit {"uid":"test","token":"tok-3"}"#,
        ])
        #expect(transport.requests.allSatisfy { !$0.bodyText.contains("\"pwd\"") || $0.url.lastPathComponent == "getoken" })
    }

    @Test("502: a new token and one repeat (for a send too); a second 502 surfaces without a third attempt")
    func rejectedToken() async throws {
        let tokens = Issued()
        let sends = Issued()
        let transport = RecordingTransport { request, _ in
            switch request.url.lastPathComponent {
            case "getoken": return .json(#"{"status":"200","message":"success","data":{"token":"tok-\#(tokens.next())"}}"#)
            case "sendsms" where [1, 3, 4].contains(sends.next()): return .json(#"{"status":"502","message":"token 無效","data":null}"#)
            default: return .json(Self.receipt)
            }
        }
        let client = Self.client(transport, authentication: .token)
        #expect(try await client.sendSMS(to: ["0900000001"], text: "x").batchID == Self.batch)
        let error = try await #require(throws: Every8DError.self) { try await client.sendSMS(to: ["0900000001"], text: "y") }
        #expect(error.code == .invalidToken)
        #expect(error.code.refusesToken)
        let sent = transport.requests(to: "sendsms").map(\.bodyText)
        #expect(sent.count == 4)
        #expect(zip(sent, ["tok-1", "tok-2", "tok-3", "tok-4"]).allSatisfy { $0.contains("\"token\":\"\($1)\"") })
    }

    @Test("531 in password mode: nothing was done; the client switches to tokens for good and repeats that call once")
    func passwordRefused() async throws {
        let tokens = Issued()
        let transport = RecordingTransport { request, _ in
            if request.url.lastPathComponent == "getoken" {
                return .json(#"{"status":"200","message":"success","data":{"token":"tok-\#(tokens.next())"}}"#)
            }
            guard request.bodyText.contains("\"token\"") else { return .json(#"{"status":"531","message":"不允許使用帳密驗證","data":null}"#) }
            return .json(request.url.lastPathComponent == "getcredit" ? Self.credit : Self.receipt)
        }
        let client = Self.client(transport)
        #expect(try await client.sendSMS(to: ["0900000001"], text: "x").sent == 1)
        #expect(try await client.credit() == 1000)
        #expect(transport.requests.map(\.url.lastPathComponent) == ["sendsms", "getoken", "sendsms", "getoken", "getcredit"])
        #expect(transport.requests[0].bodyText.contains("\"pwd\":\"1234\""))
        #expect(transport.requests[2].bodyText.contains("\"token\":\"tok-1\""))
    }

    @Test("a send answered with a status that may have been carried out is outcome-unknown and not repeated",
          arguments: ["503", "504", "511", "599", "577"])
    func ambiguousStatus(_ status: String) async throws {
        let transport = RecordingTransport { _, _ in .json(#"{"status":"\#(status)","message":"x","data":null}"#) }
        let error = try await #require(throws: SendOutcomeUnknownError.self) {
            try await Self.client(transport).sendSMS(to: ["0900000001"], text: "x")
        }
        #expect(error.recipients == ["+886900000001"])
        #expect((error.cause as? Every8DError)?.code.rawValue == Int(status))
        #expect(transport.requests.count == 1)
    }

    @Test("a send the gateway refuses before sending is an Every8DError, not repeated", arguments: ["501", "506", "512", "544", "553"])
    func refusedStatus(_ status: String) async throws {
        let transport = RecordingTransport { _, _ in .json(#"{"status":"\#(status)","message":"refused","data":null}"#) }
        let error = try await #require(throws: Every8DError.self) { try await Self.client(transport).sendSMS(to: ["0900000001"], text: "x") }
        #expect(error.code.rawValue == Int(status))
        #expect(transport.requests.count == 1)
    }

    @Test("no password or token in log records, errors, events or descriptions, even when the gateway echoes them")
    func secrets() async throws {
        let password = Fixture.password
        let records = LogRecords()
        let transport = RecordingTransport { request, _ in
            switch request.url.lastPathComponent {
            case "getoken": return .json(#"{"status":"200","message":"success","data":{"token":"f00dfeedcafe4bad"}}"#)
            case "getcredit": return .json(#"{"status":"502","message":"token 無效: f00dfeedcafe4bad","data":null}"#)
            default: return .json(#"{"status":"599","message":"其他錯誤 \#(password) f00dfeedcafe4bad","data":null}"#)
            }
        }
        let client = Self.client(transport, authentication: .token, password: password, logger: records.logger)
        var shown = ["\(client)", "\(client.credentials)", "\(client.configuration)"]
        let token = try await client.connect()
        shown.append("\(token)")
        #expect(token.value == "f00dfeedcafe4bad")
        let rejected = try await #require(throws: Every8DError.self) { try await client.credit() }
        shown.append("\(rejected)")
        let unknown = try await #require(throws: SendOutcomeUnknownError.self) { try await client.sendSMS(to: ["0900000001"], text: "x") }
        shown.append("\(unknown)")
        shown += records.lines
        // A getoken answer printed on its own (a transport's log, say) hides the token by its name.
        shown.append("\(TransportResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(#"{"status":"200","message":"success","data":{"token":"f00dfeedcafe4bad"}}"#.utf8)))")
        shown += transport.requests.map(\.description)
        #expect(records.lines.count >= 10)
        for text in shown {
            #expect(!text.contains(password))
            #expect(!text.contains("f00dfeedcafe4bad"), "\(text)")
        }
    }
}

/// Hands out 1, 2, 3, … across tasks.
final class Issued: @unchecked Sendable {
    // @unchecked: `count` is touched only with `lock` held.
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
}

/// Every log record a client writes, as text.
final class LogRecords: @unchecked Sendable {
    // @unchecked: `records` is touched only with `lock` held.
    private let lock = NSLock()
    private var records: [String] = []
    var logger: TransportLogger {
        { record in self.lock.withLock { self.records.append("\(record)") } }
    }
    var lines: [String] { lock.withLock { records } }
}
