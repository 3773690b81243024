import Foundation
import Testing
@testable import Every8D

/// Every request against the specification's own examples (whitespace outside strings removed):
/// same members, same order, same types.
@Suite("V3Request: the exact JSON of every API 3.0 request")
struct V3RequestTests {
    @Test("getoken, tokenislive and getcredit carry the authentication alone (1.1.4, 1.2.4, 4.1.4)")
    func authenticationOnly() {
        #expect(V3Fixture.text(.getToken, .password("1234")) == V3Fixture.compact(#"{ "uid":"test", "pwd":"1234" }"#))
        #expect(V3Fixture.text(.tokenIsLive, .token("abcdef")) == V3Fixture.compact(#"{ "uid":"test", "token":"abcdef" }"#))
        #expect(V3Fixture.text(.credit, .password("1234")) == V3Fixture.compact(#"{ "uid":"test", "pwd":"1234" }"#))
        #expect(V3Fixture.text(.credit, .token("abcdef")) == V3Fixture.compact(#"{ "uid":"test", "token":"abcdef" }"#))
    }

    @Test("sendsms now and booked, password and token (2.2.4)")
    func sendSMS() throws {
        let now = try V3Request.sendSMS(to: ["+886900000001"], text: "我是訊息內文", subject: "我是主旨", options: V3Fixture.options)
        #expect(V3Fixture.body(now) == V3Fixture.compact(#"""
            {
                   "uid":"test",
                   "pwd":"1234",
                   "subject":"我是主旨",
                   "msg":"我是訊息內文",
                   "mobiles":"+886900000001",
                   "sendtime":"",
                   "retrytime":"1440"
            }
            """#))
        #expect(V3Fixture.text(now, .token("1234")) == V3Fixture.compact(#"""
            { "uid":"test", "token":"1234", "subject":"我是主旨", "msg":"我是訊息內文", "mobiles":"+886900000001", "sendtime":"", "retrytime":"1440" }
            """#))
        let booked = try V3Request.sendSMS(to: ["+886900000001"], text: "我是訊息內文", subject: "我是主旨",
                                           at: V3Fixture.time("20991225120000"), options: V3Fixture.options)
        #expect(V3Fixture.body(booked, password: "abcdef") == V3Fixture.compact(#"""
            { "uid":"test", "pwd":"abcdef", "subject":"我是主旨", "msg":"我是訊息內文", "mobiles":"+886900000001", "sendtime":"20991225120000", "retrytime":"1440" }
            """#))
        #expect(now.operation == .v3SendSMS && now.operation.path == "sendsms")
        #expect(!now.rule.isIdempotent)
    }

    @Test("sendsms: several numbers joined with commas, a validity, the event id last, escapes")
    func sendSMSDetails() throws {
        let request = try V3Request.sendSMS(
            to: ["0912345678", " +14155550100 ", "886912345679"], text: "line 1\n\"quoted\" \\ tab\t", subject: "",
            validity: .seconds(600), eventID: "-1", options: V3Fixture.options)
        #expect(V3Fixture.body(request) == #"{"uid":"test","pwd":"1234","subject":"","msg":"line 1\n\"quoted\" \\ tab\t","mobiles":"+886912345678,+14155550100,+886912345679","sendtime":"","retrytime":"10","eventid":"-1"}"#)
    }

    @Test("the filtered send: sendsms's members and issend as a JSON boolean (2.5.4)")
    func filteredSend() throws {
        let send = try V3Request.sendSMSFilteringDuplicates(
            to: ["+886900000001", "+886900000002"], text: "我是訊息內文", subject: "我是主旨", options: V3Fixture.options)
        // The example has no issend (default true) and ", " between the numbers; the SDK states
        // issend and joins with a bare comma, as 2.2's mobiles are documented.
        #expect(V3Fixture.body(send) == V3Fixture.compact(#"""
            { "uid":"test", "pwd":"1234", "subject":"我是主旨", "msg":"我是訊息內文",
              "mobiles":"+886900000001,+886900000002", "sendtime":"", "retrytime":"1440", "issend":true }
            """#))
        let dryRun = try V3Request.sendSMSFilteringDuplicates(
            to: ["+886900000001"], text: "x", at: V3Fixture.time("20991225120000"), dryRun: true, options: V3Fixture.options)
        #expect(V3Fixture.text(dryRun, .token("abcdef")) == #"{"uid":"test","token":"abcdef","subject":"","msg":"x","mobiles":"+886900000001","sendtime":"20991225120000","retrytime":"1440","issend":false}"#)
        #expect(send.operation.path == "sendparam_sms" && send.operation == .v3SendSMSFilteringDuplicates)
        #expect(dryRun.rule.isIdempotent && !send.rule.isIdempotent)
    }

    @Test("sendexclusive_sms now with a password, booked with a token (2.3.4)")
    func exclusiveSMS() throws {
        let messages = [
            PersonalizedMessage(mobile: "+886900000001", text: "客戶:小明您好、您於 2021/09/30 到期。"),
            PersonalizedMessage(mobile: "+886900000002", text: "客戶:大明您好、您於 2021/10/30 到期。"),
        ]
        let now = try V3Request.sendPersonalizedSMS(messages, subject: "我是主旨", options: V3Fixture.options)
        #expect(V3Fixture.body(now) == V3Fixture.compact(#"""
            {
                "uid":"test",
                "pwd":"1234",
                "subject":"我是主旨",
                "retrytime":"1440",
                "recipientdatalist": [
                                         {
                                                 "mobile":"+886900000001",
                                                 "sendtime":"",
                                                  "params":"客戶:小明您好、您於 2021/09/30 到期。",
                                                  "mr":""
                                             },
                                             {
                                                  "mobile":"+886900000002",
                                                  "sendtime":"",
                                                  "params":"客戶:大明您好、您於 2021/10/30 到期。",
                                                  "mr":""
                                             }
                                     ]
            }
            """#))
        let at = V3Fixture.time("20991124120000")
        let booked = try V3Request.sendPersonalizedSMS([
            PersonalizedMessage(mobile: "+886912345678", text: "客戶:小明您好、您於 2021/09/30 到期。", sendAt: at),
            PersonalizedMessage(mobile: "+886912345678", text: "客戶:大明您好、您於 2021/10/30 到期。", sendAt: at),
        ], subject: "我是主旨", options: V3Fixture.options)
        #expect(V3Fixture.text(booked, .token("abcdef")) == V3Fixture.compact(#"""
            { "uid":"test", "token":"abcdef", "subject":"我是主旨", "retrytime":"1440", "recipientdatalist": [
              { "mobile":"+886912345678", "sendtime":"20991124120000", "params":"客戶:小明您好、您於 2021/09/30 到期。", "mr":"" },
              { "mobile":"+886912345678", "sendtime":"20991124120000", "params":"客戶:大明您好、您於 2021/10/30 到期。", "mr":"" } ] }
            """#))
    }

    @Test("sendexclusive_sms: event id before the list, message references kept")
    func exclusiveDetails() throws {
        let request = try V3Request.sendPersonalizedSMS(
            [PersonalizedMessage(mobile: "0912345678", text: "a", messageReference: "r1"), PersonalizedMessage(mobile: "0912345679", text: "b")],
            validity: .seconds(3600), eventID: "42", options: V3Fixture.options)
        #expect(V3Fixture.body(request) == #"{"uid":"test","pwd":"1234","subject":"","retrytime":"60","eventid":"42","recipientdatalist":[{"mobile":"+886912345678","sendtime":"","params":"a","mr":"r1"},{"mobile":"+886912345679","sendtime":"","params":"b","mr":""}]}"#)
    }

    @Test("sendparam_sms now and booked (2.4.4): values joined with commas, as many as the template uses")
    func templateSMS() throws {
        let now = try V3Request.sendTemplateSMS(
            template: "客戶:%field1%您好、您於%field2%到期。",
            recipients: [TemplateRecipient(mobile: "+886900000001", values: ["小明", " 2024/09/30"]),
                         TemplateRecipient(mobile: "+886900000002", values: ["大明", " 2024/10/31"])],
            subject: "我是主旨", options: V3Fixture.options)
        #expect(V3Fixture.body(now) == V3Fixture.compact(#"""
            {
                "uid":"test",
                "pwd":"1234",
                "subject":"我是主旨",
                "paramsContent":"客戶:%field1%您好、您於%field2%到期。",
                "retrytime":"1440",
                "recipientdatalist": [
                                         {
                                                 "mobile":"+886900000001",
                                                 "sendtime":"",
                                                 "params":"小明, 2024/09/30",
                                               "mr":""
                                             },
                                             {
                                                "mobile":"+886900000002",
                                                "sendtime":"",
                                                "params":"大明, 2024/10/31",
                                                  "mr":""
                                             }
                                     ]
            }
            """#))
        let at = V3Fixture.time("20991124120000")
        let booked = try V3Request.sendTemplateSMS(
            template: "客戶:%field1%您好、您於%field2%到期。",
            recipients: [TemplateRecipient(mobile: "+886912345678", values: ["小明", " 2024/09/30"], sendAt: at),
                         TemplateRecipient(mobile: "+886912345678", values: ["大明", " 2024/10/31", "unused"], sendAt: at)],
            subject: "我是主旨", options: V3Fixture.options)
        #expect(V3Fixture.text(booked, .token("abcdef")) == V3Fixture.compact(#"""
            { "uid":"test", "token":"abcdef", "subject":"我是主旨", "paramsContent":"客戶:%field1%您好、您於%field2%到期。", "retrytime":"1440",
              "recipientdatalist": [ { "mobile":"+886912345678", "sendtime":"20991124120000", "params":"小明, 2024/09/30", "mr":"" },
                                     { "mobile":"+886912345678", "sendtime":"20991124120000", "params":"大明, 2024/10/31", "mr":"" } ] }
            """#))
    }

    @Test("sendparam_sms: missing values padded up to the highest placeholder; a template without placeholders sends empty params")
    func templatePadding() throws {
        let gap = try V3Request.sendTemplateSMS(template: "%field1% and %field3%", recipients: [TemplateRecipient(mobile: "0912345678", values: ["a"])],
                                                options: V3Fixture.options)
        #expect(V3Fixture.body(gap).contains(#""params":"a,,""#))
        let none = try V3Request.sendTemplateSMS(template: "no fields", recipients: [TemplateRecipient(mobile: "0912345678", values: ["x"])],
                                                 options: V3Fixture.options)
        #expect(V3Fixture.body(none).contains(#""params":"""#))
    }

    @Test("sendmms now and booked (3.3.4), with the attachment in place of the example's placeholder")
    func sendMMS() throws {
        let picture = try MMSAttachment(data: Fixture.jpeg())
        let now = try V3Request.sendMMS(to: ["+886900000001"], subject: "我是主旨", text: "我是訊息內文", attachment: picture, options: V3Fixture.options)
        // The example writes the last key as " type" (a stray space) and the picture as a placeholder.
        let example = V3Fixture.compact(#"""
            {
                "uid":"test",
                  "pwd":"1234",
                  "subject":"我是主旨",
                  "msg":"我是訊息內文",
                  "mobiles":"+886900000001",
                  "sendtime":"",
                  "retrytime":"1440",
                  "attachment":"附件四 多媒體檔案範例",
                  " type":"jpg"
            }
            """#)
        let expected = example.replacingOccurrences(of: "附件四 多媒體檔案範例", with: picture.base64).replacingOccurrences(of: "\" type\"", with: "\"type\"")
        #expect(V3Fixture.body(now) == expected)
        let booked = try V3Request.sendMMS(to: ["+886900000001"], subject: "我是主旨", text: "我是訊息內文",
                                           attachment: try MMSAttachment(data: Fixture.png()), at: V3Fixture.time("20991124120000"),
                                           eventID: "7", options: V3Fixture.options)
        #expect(V3Fixture.text(booked, .token("abcdef")) == #"{"uid":"test","token":"abcdef","subject":"我是主旨","msg":"我是訊息內文","mobiles":"+886900000001","sendtime":"20991124120000","retrytime":"1440","attachment":"\#(try MMSAttachment(data: Fixture.png()).base64)","type":"png","eventid":"7"}"#)
        #expect(now.operation == .v3SendMMS)
    }

    @Test("sendexclusive_mms and sendparam_mms (3.4.4, 3.5.4): attachment and attachmentType before retrytime")
    func listMMS() throws {
        let picture = try MMSAttachment(data: Fixture.jpeg())
        let exclusive = try V3Request.sendPersonalizedMMS([
            PersonalizedMessage(mobile: "+886900000001", text: "客戶:小明您好、您於 2021/09/30 到期。"),
            PersonalizedMessage(mobile: "+886900000002", text: "客戶:大明您好、您於 2021/10/30 到期。"),
        ], subject: "我是主旨", attachment: picture, options: V3Fixture.options)
        let exclusiveExample = V3Fixture.compact(#"""
            {
                "uid":"test",
                "pwd":"1234",
                "subject":"我是主旨",
                "attachment":"附件四 多媒體檔案範例",
                "attachmentType ":"jpg",
                "retrytime":"1440",
                "recipientdatalist": [
                                       {
                                         "mobile":"+886900000001",
                                         "sendtime":"",
                                          "params":"客戶:小明您好、您於 2021/09/30 到期。",
                                         "mr":""
                                    },
                                    {
                                         "mobile":"+886900000002",
                                         "sendtime":"",
                                          "params":"客戶:大明您好、您於 2021/10/30 到期。",
                                         "mr":""
                                     }
                                ]
            }
            """#)
        #expect(V3Fixture.body(exclusive) == exclusiveExample.replacingOccurrences(of: "附件四 多媒體檔案範例", with: picture.base64)
            .replacingOccurrences(of: "\"attachmentType \"", with: "\"attachmentType\""))

        let template = try V3Request.sendTemplateMMS(
            template: "客戶:%field1%您好、您於 %field2%到期。",
            recipients: [TemplateRecipient(mobile: "+886900000001", values: ["小明", " 2024/09/30"]),
                         TemplateRecipient(mobile: "+886900000002", values: ["大明", " 2024/10/31"])],
            subject: "我是主旨", attachment: picture, options: V3Fixture.options)
        let templateExample = V3Fixture.compact(#"""
            { "uid":"test", "token":"abcdef", "subject":"我是主旨", "paramsContent":"客戶:%field1%您好、您於 %field2%到期。",
              "attachment":"附件四 多媒體檔案範例", "attachmentType ":"jpg", "retrytime":"1440",
              "recipientdatalist": [ { "mobile":"+886900000001", "sendtime":"", "params":"小明, 2024/09/30", "mr":"" },
                                     { "mobile":"+886900000002", "sendtime":"", "params":"大明, 2024/10/31", "mr":"" } ] }
            """#)
        #expect(V3Fixture.text(template, .token("abcdef")) == templateExample.replacingOccurrences(of: "附件四 多媒體檔案範例", with: picture.base64)
            .replacingOccurrences(of: "\"attachmentType \"", with: "\"attachmentType\""))
        #expect(exclusive.operation == .v3SendPersonalizedMMS && template.operation == .v3SendTemplateMMS)
    }

    @Test("getdrstatus, getreplymsg and cancelbooking (4.2.4, 4.3.4, 5.1.4)")
    func queries() throws {
        let batch = "c496f706-9b0f-4ff8-9644-9503edbb7064"
        #expect(V3Fixture.body(try V3Request.deliveryStatus(batch: batch)) == V3Fixture.compact(#"""
            { "uid":"test", "pwd":"1234", "batchid":"c496f706-9b0f-4ff8-9644-9503edbb7064", "type":"SMS", "pageno":"1" }
            """#))
        #expect(V3Fixture.text(try V3Request.deliveryStatus(batch: " \(batch) ", page: 3, mms: true), .token("abcdef"))
            == #"{"uid":"test","token":"abcdef","batchid":"c496f706-9b0f-4ff8-9644-9503edbb7064","type":"MMS","pageno":"3"}"#)
        #expect(V3Fixture.text(try V3Request.replies(batch: batch), .token("abcdef")) == V3Fixture.compact(#"""
            { "uid":"test", "token":"abcdef", "batchid":"c496f706-9b0f-4ff8-9644-9503edbb7064", "pageno":"1" }
            """#))
        #expect(V3Fixture.body(try V3Request.cancelBooking(batch: batch)) == V3Fixture.compact(#"""
            { "uid":"test", "pwd":"1234", "batchid":"c496f706-9b0f-4ff8-9644-9503edbb7064", "type":"SMS" }
            """#))
        #expect(V3Fixture.body(try V3Request.cancelBooking(batch: batch, mms: true)).hasSuffix(#""type":"MMS"}"#))
        #expect(try V3Request.deliveryStatus(batch: batch, mms: true).operation == .v3MMSDeliveryStatus)
        #expect(try V3Request.cancelBooking(batch: batch).rule.isIdempotent == false)
        #expect(try V3Request.replies(batch: batch).rule.isIdempotent)
    }

    @Test("the HTTP request: POST to <site>/<custcode>/<endpoint>, JSON content type, idempotent only for reads")
    func transportRequest() throws {
        let site = try V3Site(siteURL: URL(string: "https://biz.e8d.tw/prefix/")!, custcode: "acme")
        let request = try V3Request.sendSMS(to: ["0912345678"], text: "x", options: V3Fixture.options)
        let http = request.transportRequest(url: site.url(request.operation), userID: "u", authentication: .token("t"), timeout: .seconds(7))
        #expect(http.method == .post)
        #expect(http.url.absoluteString == "https://biz.e8d.tw/prefix/acme/sendsms")
        #expect(http.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(http.timeout == .seconds(7))
        #expect(!http.isIdempotent)
        #expect(V3Fixture.site.url(.v3Credit).absoluteString == "https://e8dapi.e8d.tw/e8d/getcredit")
        #expect(V3Fixture.site.url(.v3SendSMSFilteringDuplicates).absoluteString == "https://e8dapi.e8d.tw/e8d/sendparam_sms")
    }

    @Test("request descriptions and log previews hide the password and the token")
    func redaction() throws {
        let request = try V3Request.sendSMS(to: ["0912345678"], text: "hello", options: V3Fixture.options)
        for authentication in [V3Authentication.password("S3cr3t-pwd"), .token("tok-123-secret")] {
            let http = request.transportRequest(url: V3Fixture.site.url(request.operation), userID: "u", authentication: authentication, timeout: .seconds(5))
            #expect(!http.description.contains("S3cr3t-pwd"))
            #expect(!http.description.contains("tok-123-secret"))
            #expect(http.description.contains("hello"))
        }
    }
}
