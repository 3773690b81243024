import Foundation
import Testing
@testable import Every8D

/// Every API 3.0 rule refuses bad input before a request exists, naming the 3.0 member and the value.
@Suite("API 3.0 validation")
struct V3ValidationTests {
    private func refusal(_ build: () throws -> Any) -> ValidationError? {
        do {
            _ = try build()
            return nil
        } catch let error as ValidationError {
            return error
        } catch {
            Issue.record("not a ValidationError: \(error)")
            return nil
        }
    }

    @Test("annex 3: the five Taiwan forms and + with a country code are accepted", arguments: [
        ("0900111111", "+886900111111"), ("886900111111", "+886900111111"), ("8860900111111", "+886900111111"),
        ("+886900111111", "+886900111111"), ("+8860900111111", "+886900111111"), (" 0912345678\t", "+886912345678"),
        ("+8613823456789", "+8613823456789"), ("+14155550100", "+14155550100"),
    ])
    func acceptedNumbers(_ raw: String, _ sent: String) throws {
        let checked = try V3MobileNumber.checked(raw, field: "mobiles[1]", normalizeTaiwan: true)
        #expect(checked.number == sent)
        #expect(checked.isTaiwan == sent.hasPrefix("+886"))
    }

    @Test("without normalisation a Taiwan number goes out as written")
    func unnormalised() throws {
        for raw in ["0900111111", "886900111111", "8860900111111", "+8860900111111"] {
            let checked = try V3MobileNumber.checked(raw, field: "m", normalizeTaiwan: false)
            #expect(checked.number == raw)
            #expect(checked.isTaiwan)
        }
    }

    @Test("annex 3's refused forms and other junk are refused, naming the number", arguments: [
        "861382345678", "1382345678", "0912 345 678", "+886-912-345-678", "(02)12345678", "+1234567", "+1234567890123456", "09123456789", "abc", "+",
    ])
    func refusedNumbers(_ raw: String) {
        let error = refusal { try V3Request.sendSMS(to: ["0912345678", raw], text: "x", options: V3Fixture.options) }
        #expect(error?.field == "mobiles[2]")
        #expect(error?.value == raw.trimmingCharacters(in: .whitespaces))
    }

    @Test("sendsms: text, subject, numbers, send time, validity, event id")
    func sendSMSRules() {
        let options = V3Fixture.options
        #expect(refusal { try V3Request.sendSMS(to: [], text: "x", options: options) }?.field == "mobiles")
        #expect(refusal { try V3Request.sendSMS(to: ["0912345678"], text: " \n", options: options) }?.field == "msg")
        #expect(refusal { try V3Request.sendSMS(to: ["0912345678"], text: "x", subject: "a\nb", options: options) }?.field == "subject")
        #expect(refusal { try V3Request.sendSMS(to: ["0912345678"], text: "x", at: Fixture.now, options: options) }?.field == "sendtime")
        #expect(refusal { try V3Request.sendSMS(to: ["0912345678"], text: "x", validity: .seconds(90), options: options) }?.field == "retrytime")
        #expect(refusal { try V3Request.sendSMS(to: ["0912345678"], text: "x", eventID: " ", options: options) }?.field == "eventid")
        #expect(refusal { try V3Request.sendSMSFilteringDuplicates(to: ["0912345678"], text: "x", eventID: "1", options: options) }?.field == "eventid")
    }

    @Test("recipient lists: names and e-mail addresses are refused, not dropped; references unique; send times checked")
    func recipientLists() {
        let options = V3Fixture.options
        #expect(refusal { try V3Request.sendPersonalizedSMS([], options: options) }?.field == "recipientdatalist")
        let named = refusal { try V3Request.sendPersonalizedSMS([PersonalizedMessage(mobile: "0912345678", text: "x", name: "王小明")], options: options) }
        #expect(named?.field == "recipientdatalist[1].name")
        let mailed = refusal {
            try V3Request.sendTemplateSMS(template: "%field1%", recipients: [TemplateRecipient(mobile: "0912345678", values: ["a"], email: "a@b.tw")], options: options)
        }
        #expect(mailed?.field == "recipientdatalist[1].email")
        let twice = refusal {
            try V3Request.sendPersonalizedSMS([PersonalizedMessage(mobile: "0912345678", text: "x", messageReference: "m"),
                                                PersonalizedMessage(mobile: "0912345679", text: "y", messageReference: "m")], options: options)
        }
        #expect(twice?.field == "recipientdatalist[2].mr")
        #expect(refusal { try V3Request.sendPersonalizedSMS([PersonalizedMessage(mobile: "0912345678", text: "")], options: options) }?.field
            == "recipientdatalist[1].params")
        #expect(refusal { try V3Request.sendPersonalizedSMS([PersonalizedMessage(mobile: "0912345678", text: "x", sendAt: Fixture.now)], options: options) }?.field
            == "recipientdatalist[1].sendtime")
        #expect(refusal { try V3Request.sendPersonalizedSMS([PersonalizedMessage(mobile: "12", text: "x")], options: options) }?.field
            == "recipientdatalist[1].mobile")
    }

    @Test("templates: placeholders 1 to 5, at most five values, no comma inside a value that is used")
    func templates() {
        let options = V3Fixture.options
        #expect(refusal { try V3Request.sendTemplateSMS(template: "%field6%", recipients: [TemplateRecipient(mobile: "0912345678", values: [])], options: options) }?.field
            == "paramsContent")
        #expect(refusal { try V3Request.sendTemplateSMS(template: "", recipients: [TemplateRecipient(mobile: "0912345678", values: [])], options: options) }?.field
            == "paramsContent")
        let six = refusal {
            try V3Request.sendTemplateSMS(template: "%field1%", recipients: [TemplateRecipient(mobile: "0912345678", values: ["1", "2", "3", "4", "5", "6"])], options: options)
        }
        #expect(six?.field == "recipientdatalist[1].params")
        let comma = refusal {
            try V3Request.sendTemplateSMS(template: "%field1% %field2%", recipients: [TemplateRecipient(mobile: "0912345678", values: ["a", "1,000"])], options: options)
        }
        #expect(comma?.field == "recipientdatalist[1].params")
        #expect(comma?.value == "1,000")
        #expect(comma?.description == #"invalid recipientdatalist[1].params "1,000": value 2 contains ',', API 3.0's separator between values"#)
        // A pipe was 2.1's separator; in 3.0 it is an ordinary character.
        #expect(refusal { try V3Request.sendTemplateSMS(template: "%field1%", recipients: [TemplateRecipient(mobile: "0912345678", values: ["a|b"])], options: options) } == nil)
    }

    @Test("MMS: subject required and short, Taiwan numbers only, png or jpeg only, text and size limits")
    func mms() throws {
        let options = V3Fixture.options
        let jpeg = try MMSAttachment(data: Fixture.jpeg())
        let gif = try MMSAttachment(data: Fixture.gif())
        #expect(refusal { try V3Request.sendMMS(to: ["0912345678"], subject: "", attachment: jpeg, options: options) }?.field == "subject")
        #expect(refusal { try V3Request.sendMMS(to: ["0912345678"], subject: String(repeating: "字", count: 16), attachment: jpeg, options: options) }?.field == "subject")
        #expect(refusal { try V3Request.sendMMS(to: ["0912345678"], subject: String(repeating: "a", count: 39), attachment: jpeg, options: options) } == nil)
        let abroad = refusal { try V3Request.sendMMS(to: ["0912345678", "+8613823456789"], subject: "s", attachment: jpeg, options: options) }
        #expect(abroad?.field == "mobiles[2]")
        #expect(abroad?.value == "+8613823456789")
        #expect(refusal { try V3Request.sendMMS(to: ["0912345678"], subject: "s", attachment: gif, options: options) }?.field == "attachment")
        #expect(refusal { try V3Request.sendMMS(to: ["0912345678"], subject: "s", text: String(repeating: "a", count: 4001), attachment: jpeg, options: options) }?.field == "msg")
        let big = try MMSAttachment(data: Fixture.jpeg(size: 300 * 1024 - 2))
        #expect(refusal { try V3Request.sendMMS(to: ["0912345678"], subject: "s", text: "abc", attachment: big, options: options) }?.field == "msg")
        #expect(refusal { try V3Request.sendPersonalizedMMS([PersonalizedMessage(mobile: "+14155550100", text: "x")], subject: "s", attachment: jpeg, options: options) }?.field
            == "recipientdatalist[1].mobile")
        #expect(refusal { try V3Request.sendTemplateMMS(template: "%field1%", recipients: [TemplateRecipient(mobile: "0912345678", values: ["a"])], subject: "s",
                                                        attachment: gif, options: options) }?.field == "attachment")
    }

    @Test("queries: batch id and page")
    func queries() {
        #expect(refusal { try V3Request.deliveryStatus(batch: " ") }?.field == "batchid")
        #expect(refusal { try V3Request.deliveryStatus(batch: "b\n1") }?.field == "batchid")
        #expect(refusal { try V3Request.deliveryStatus(batch: "b", page: 0) }?.field == "pageno")
        #expect(refusal { try V3Request.replies(batch: "") }?.field == "batchid")
        #expect(refusal { try V3Request.replies(batch: "b", page: -1) }?.field == "pageno")
        #expect(refusal { try V3Request.cancelBooking(batch: "") }?.field == "batchid")
    }

    @Test("the site: https only (http when allowed), a custcode a path segment can carry")
    func site() throws {
        #expect(refusal { try V3Site(siteURL: URL(string: "http://e8dapi.e8d.tw")!) }?.field == "siteURL")
        #expect(refusal { try V3Site(siteURL: URL(string: "http://e8dapi.e8d.tw")!, allowsInsecureHTTP: true) } == nil)
        #expect(refusal { try V3Site(siteURL: URL(string: "ftp://e8dapi.e8d.tw")!) }?.field == "siteURL")
        #expect(refusal { try V3Site(siteURL: URL(string: "/relative")!) }?.field == "siteURL")
        for custcode in ["", " ", "e8d/x", "e 8d", "..", "e8d?x", "客戶"] {
            let error = refusal { try V3Site(custcode: custcode) }
            #expect(error?.field == "custcode", "\(custcode)")
        }
        #expect(try V3Site(custcode: " acme_01.tw ").custcode == "acme_01.tw")
        #expect(refusal { try V3Fixture.site.safesayTokenURL(pack: "a/b") }?.field == "pack")
        #expect(try V3Fixture.site.safesayTokenURL(pack: "P001").absoluteString == "https://e8dapi.e8d.tw/v2/P001/gettoken")
        #expect(V3Fixture.site.safesayURL(.safesaySendMessage).absoluteString == "https://e8dapi.e8d.tw/v2/sendMessage")
    }
}
