import Foundation
import Testing
import Every8D

/// `every8d` with no account set: every command against the in-process sandbox.
@Suite("every8d against the built-in sandbox")
struct Every8DSandboxCommandTests {
    @Test("demo runs every call, exits 0 and says once on stderr that it uses the sandbox")
    func demo() async throws {
        let result = await CLI.every8d(["demo"])
        #expect(result.code == 0, "\(result)")
        #expect(result.stderr == [CLI.every8dNotice])
        let out = result.out
        for fact in [
            "Token fetched; issued at", "The gateway says the token is alive.", "Credit: 1000.00 points",
            "+886912345670  100 delivered to the handset", "+886912345676  101 the handset was off",
            "+886912345678  0 at the carrier", "(TAB format)", "(XML format)", "reply at", "+886912345679", "收到，謝謝！",
            "Dry run: nothing was sent.", "already got it in batch", "MR order-1", "700 MMS sent", "300 scheduled",
            "cancelled 2 booked SMS messages; 2.00 points refunded", "cancelled 1 booked MMS message; 3.00 points refunded",
            "every8d: --to: invalid DEST[1]", "EVERY8D error -3 (EraseBooking)", "total:       8.00 points",
            "CustID=demo  (not in the documented list)", "a reply (MO) from the recipient", "Token closed",
            "Credit: 988.00 points",
        ] {
            #expect(out.contains(fact), "demo output lacks \(fact)")
        }
    }

    @Test("demo --json prints one object with every step")
    func demoJSON() async throws {
        let result = await CLI.every8d(["--json", "demo"])
        #expect(result.code == 0, "\(result)")
        let object = try result.jsonObject()
        #expect(object["command"] as? String == "demo")
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.count >= 20)
        let send = try #require(steps.first { ($0["title"] as? String)?.hasPrefix("Send one SMS") == true }?["result"] as? [String: Any])
        #expect(send["sent"] as? Int == 4)
        #expect((send["cost"] as? NSNumber)?.intValue == 4)
    }

    @Test("demo ignores an account in the environment and says so, without printing the password")
    func demoWithAccountSet() async {
        let result = await CLI.every8d(["demo"], environment: ["EVERY8D_UID": "someone", "EVERY8D_PWD": "demo-secret-pw"])
        #expect(result.code == 0, "\(result)")
        #expect(result.stderr.count == 1)
        #expect(result.stderr.first?.contains("demo always uses the built-in sandbox") == true)
        #expect(!result.everything.contains("demo-secret-pw"))
    }

    @Test("token get, check and close print the issue time and the gateway's answers", arguments: ["get", "check", "close"])
    func token(action: String) async throws {
        let result = await CLI.every8d(["token", action])
        #expect(result.code == 0, "\(result)")
        #expect(result.stderr == [CLI.every8dNotice])
        #expect(result.out.contains("issued at"))
        if action == "check" { #expect(result.out.contains("The gateway says the token is alive.")) }
        if action == "close" { #expect(result.out.contains("Token closed")) }
        let json = try await CLI.every8d(["token", action, "--json"]).jsonObject()
        #expect(json["command"] as? String == "token \(action)")
        #expect((json["issuedAt"] as? String)?.hasSuffix("+08:00") == true)
    }

    @Test("token without a valid action is a usage error")
    func tokenUsage() async {
        #expect(await CLI.every8d(["token"]).code == 2)
        let result = await CLI.every8d(["token", "refresh"])
        #expect(result.code == 2)
        #expect(result.stderr == ["every8d: token takes get, check or close, got \"refresh\""])
    }

    @Test("credit prints the demo account's points, exactly")
    func credit() async throws {
        let result = await CLI.every8d(["credit"])
        #expect(result.code == 0)
        #expect(result.stdout == ["Credit: 1000.00 points"])
        let json = try await CLI.every8d(["credit", "--json"]).jsonObject()
        #expect((json["credit"] as? NSNumber)?.intValue == 1000)
    }

    @Test("send prints the batch, counts, cost and credit")
    func send() async throws {
        let result = await CLI.every8d(["send", "--to", "0912345670,0912345676,+14155550100", "--text", "測試 + & = 100%", "--subject", "t"])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("SMS sent."))
        #expect(result.out.contains("sent:      3 messages"))
        #expect(result.out.contains("cost:      5.00 points"), "two Taiwan numbers and one abroad at 3×")
        #expect(result.out.contains("credit:    995.00 points left"))
        let json = try await CLI.every8d(["--json", "send", "--to", "0912345670", "--text", "hi"]).jsonObject()
        #expect(json["sent"] as? Int == 1)
        let batch = try #require(json["batchID"] as? String)
        #expect(!batch.isEmpty)
    }

    @Test("a booked send names its time; a time in the past or malformed is refused before sending")
    func sendAt() async {
        let booked = await CLI.every8d(["send", "--to", "0912345670", "--text", "later", "--at", CLI.compactTime(fromNow: 7200)])
        #expect(booked.code == 0, "\(booked)")
        #expect(booked.out.contains("SMS booked for"))
        let past = await CLI.every8d(["send", "--to", "0912345670", "--text", "x", "--at", "20200101090000"])
        #expect(past.code == 2)
        #expect(past.stderr.count == 1)
        #expect(past.stderr.first?.hasPrefix("every8d: --at: invalid ST \"20200101090000\": ") == true, "\(past)")
        let malformed = await CLI.every8d(["send", "--to", "0912345670", "--text", "x", "--at", "tomorrow"])
        #expect(malformed.code == 2)
        #expect(malformed.stderr.first?.contains("--at must be a Taiwan time yyyyMMddHHmmss") == true)
    }

    @Test("send's usage errors exit 2 with one line and nothing sent", arguments: [
        (["send", "--text", "x"], "every8d: --to is required"),
        (["send", "--to", "0912345670"], "every8d: --text is required"),
        (["send", "--to", "0912345670,0912-345-678", "--text", "x"], "every8d: --to: invalid DEST[2] \"0912-345-678\": must be a Taiwan mobile"),
        (["send", "--to", "0912345670,,0912345671", "--text", "x"], "every8d: --to: invalid DEST[2]: the number is empty"),
        (["send", "--to", "0912345670", "--text", "x", "--dry-run"], "every8d: --dry-run needs --filter-duplicates"),
        (["send", "--to", "0912345670", "--text", "x", "--validity", "0"], "every8d: --validity must be a whole number from 1 to 2147483647, got \"0\""),
        (["send", "--to", "0912345670", "--text", "x", "--validity", "ten"], "every8d: --validity must be a whole number from 1 to 2147483647, got \"ten\""),
        (["send", "--to", "0912345670", "--text", "x", "--colour", "red"], "every8d: unknown option --colour"),
        (["send", "--to", "0912345670", "--text", "x", "extra"], "every8d: unexpected argument \"extra\""),
        (["send", "--to", "0912345670", "--text", "   "], "every8d: --text: invalid MSG: the text is empty"),
    ])
    func sendUsage(arguments: [String], expected: String) async {
        let result = await CLI.every8d(arguments)
        #expect(result.code == 2, "\(result)")
        #expect(result.stderr.count == 1, "\(result)")
        #expect(result.stderr.first?.hasPrefix(expected) == true, "\(result)")
        #expect(result.stdout.isEmpty)
    }

    @Test("the duplicate filter: a dry run and a real send")
    func filterDuplicates() async throws {
        let dry = await CLI.every8d(["send", "--to", "0912345670", "--text", "x", "--filter-duplicates", "--dry-run"])
        #expect(dry.code == 0, "\(dry)")
        #expect(dry.out.contains("Dry run: nothing was sent."))
        #expect(dry.out.contains("No number got this text in the last 24 hours."))
        let real = try await CLI.every8d(["send", "--to", "0912345670", "--text", "x", "--filter-duplicates", "--json"]).jsonObject()
        #expect(real["sent"] as? Int == 1)
        #expect(real["dryRun"] as? Bool == false)
        #expect((real["filtered"] as? [Any])?.isEmpty == true)
    }

    @Test("send-personal reads mobile,text,name,email,send_at,mr and sends one message each")
    func sendPersonal() async throws {
        let file = try CLI.temporaryFile(named: "people.csv", text: """
            Mobile,Text,Name,Email,Send_At,MR
            0912345670,"王先生您好，包裹已到, 請取件",王小明,,,a1
            0912345671,李小姐您好,李小華,li@example.com,\(CLI.compactTime(fromNow: 3600)),a2

            """)
        defer { CLI.cleanUp(file) }
        let result = await CLI.every8d(["send-personal", "--csv", file.path, "--subject", "到貨"])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("recipients in the file: 2"))
        #expect(result.out.contains("sent:      2 messages"))
        let gif = try gifFile()
        defer { CLI.cleanUp(gif) }
        let json = try await CLI.every8d(["--json", "send-personal", "--csv", file.path, "--image", gif.path, "--subject", "圖"]).jsonObject()
        // An MMS subject may be empty (the vendor's own examples send "SB": "").
        let noSubject = await CLI.every8d(["send-personal", "--csv", file.path, "--image", gif.path])
        #expect(noSubject.code == 0, "\(noSubject)")
        #expect(json["kind"] as? String == "MMS")
        #expect((json["cost"] as? NSNumber)?.intValue == 6)
    }

    @Test("send-personal names the file's row and column for bad rows and headers", arguments: [
        ("mobile,text\n0912345670,hi\n0912-345,hi\n", "row 3, column mobile"),
        ("mobile,text\n0912345670,\n", "row 2, column text"),
        ("mobile,text,colour\n0912345670,hi,red\n", "row 1, column 3: unknown column \"colour\""),
        ("text\nhi\n", "the header has no mobile column"),
        ("mobile,text,send_at\n0912345670,hi,soon\n", "row 2, column send_at"),
        ("mobile,text,mr\n0912345670,hi,x\n0912345671,hi,x\n", "row 3, column mr"),
        ("mobile,text\n0912345670,hi,extra\n", "row 2: 3 cells"),
        ("mobile,text\n", "has a header but no rows"),
        ("mobile,text\n\"0912345670,hi\n", "line 2"),
    ])
    func sendPersonalErrors(csv: String, expected: String) async throws {
        let file = try CLI.temporaryFile(named: "bad.csv", text: csv)
        defer { CLI.cleanUp(file) }
        let result = await CLI.every8d(["send-personal", "--csv", file.path])
        #expect(result.code == 2, "\(result)")
        #expect(result.stderr.count == 1, "\(result)")
        #expect(result.stderr.first?.contains(expected) == true, "\(result)")
    }

    @Test("send-personal with a missing file or no --csv is a usage error")
    func sendPersonalMissingFile() async {
        let missing = await CLI.every8d(["send-personal", "--csv", "/nonexistent/people.csv"])
        #expect(missing.code == 2)
        #expect(missing.stderr == ["every8d: cannot read the --csv file \"/nonexistent/people.csv\""])
        #expect(await CLI.every8d(["send-personal"]).stderr == ["every8d: --csv is required"])
    }

    @Test("send-template fills field1…field5 per row")
    func sendTemplate() async throws {
        let file = try CLI.temporaryFile(named: "due.csv", text: "mobile,field1,field2,mr\n0912345670,王小明,3/31,m1\n0912345679,李小華,4/15,m2\n")
        defer { CLI.cleanUp(file) }
        let result = await CLI.every8d(["send-template", "--template", "%field1% 您好，%field2% 到期", "--csv", file.path])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("sent:      2 messages"))
        let bad = await CLI.every8d(["send-template", "--template", "%field9%", "--csv", file.path])
        #expect(bad.code == 2)
        #expect(bad.stderr.first?.hasPrefix("every8d: --template: invalid MSG: %field9%") == true, "\(bad)")
        let pipe = try CLI.temporaryFile(named: "pipe.csv", text: "mobile,field1\n0912345670,a|b\n")
        defer { CLI.cleanUp(pipe) }
        let piped = await CLI.every8d(["send-template", "--template", "%field1%", "--csv", pipe.path])
        #expect(piped.code == 2)
        #expect(piped.stderr.first?.contains("row 2, column field1…field5") == true, "\(piped)")
        #expect(await CLI.every8d(["send-template", "--csv", file.path]).stderr == ["every8d: --template is required"])
    }

    @Test("mms sends a picture file; without a picture, or with one that is not, it is a usage error")
    func mms() async throws {
        let gif = try gifFile()
        defer { CLI.cleanUp(gif) }
        let result = await CLI.every8d(["mms", "--to", "0912345670", "--subject", "圖", "--text", "看", "--image", gif.path])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("MMS sent."))
        #expect(result.out.contains("cost:      3.00 points"))
        #expect(await CLI.every8d(["mms", "--to", "0912345670", "--subject", "圖"]).stderr == ["every8d: --image is required"])
        let text = try CLI.temporaryFile(named: "not.png", text: "hello")
        defer { CLI.cleanUp(text) }
        let notPicture = await CLI.every8d(["mms", "--to", "0912345670", "--subject", "s", "--image", text.path])
        #expect(notPicture.code == 2)
        #expect(notPicture.stderr.first?.hasPrefix("every8d: --image: invalid ATTACHMENT") == true, "\(notPicture)")
        let abroad = await CLI.every8d(["mms", "--to", "+14155550100", "--subject", "s", "--image", gif.path])
        #expect(abroad.code == 2)
        #expect(abroad.stderr.first?.contains("Taiwan") == true)
    }

    @Test("status, replies and cancel of a batch the fresh sandbox does not know")
    func unknownBatch() async throws {
        let status = await CLI.every8d(["status", "no-such-batch"])
        #expect(status.code == 0, "\(status)")
        #expect(status.out.contains("0 SMS delivery reports"))
        let json = try await CLI.every8d(["status", "no-such-batch", "--mms", "--format", "xml", "--json"]).jsonObject()
        #expect(json["count"] as? Int == 0)
        #expect(json["kind"] as? String == "MMS")
        let replies = await CLI.every8d(["replies", "no-such-batch"])
        #expect(replies.code == 0)
        #expect(replies.out.contains("0 replies"))
        let cancel = await CLI.every8d(["cancel", "no-such-batch"])
        #expect(cancel.code == 1, "\(cancel)")
        #expect(cancel.stderr == [CLI.every8dNotice, "every8d: EVERY8D error -3 (EraseBooking): 無法取得指定發送資料 [no such batch, nothing to cancel]; "
            + "the built-in sandbox starts afresh in every run and knows nothing from earlier ones; try every8d demo"])
        #expect(status.out.contains("the built-in sandbox starts afresh in every run"))
    }

    @Test("status, replies and cancel check their arguments", arguments: [
        (["status"], "every8d: BATCH is required"),
        (["status", "a", "b"], "every8d: unexpected argument \"b\""),
        (["status", "a", "--format", "csv"], "every8d: --format must be tab, json or xml, got \"csv\""),
        (["replies"], "every8d: BATCH is required"),
        (["cancel"], "every8d: BATCH is required"),
        (["cancel", " "], "every8d: BATCH: invalid BID: the batch id is empty (nothing was sent)"),
    ])
    func batchUsage(arguments: [String], expected: String) async {
        let result = await CLI.every8d(arguments)
        #expect(result.code == 2, "\(result)")
        #expect(result.stderr == [expected])
    }

    @Test("cost estimates offline, without the sandbox")
    func cost() async throws {
        let result = await CLI.every8d(["cost", "--text", String(repeating: "字", count: 71), "--to", "0912345678,+14155550100"])
        #expect(result.code == 0)
        #expect(result.stderr.isEmpty, "no sandbox notice: nothing is sent")
        #expect(result.out.contains("71 characters billed (UTF-16 units), 2 points per Taiwan recipient, 6 abroad"))
        #expect(result.out.contains("total:       8.00 points"))
        let json = try await CLI.every8d(["--json", "cost", "--text", "hi"]).jsonObject()
        #expect(json["pointsPerTaiwanRecipient"] as? Int == 1)
        #expect(json["points"] == nil)
        let bad = await CLI.every8d(["cost", "--text", "hi", "--to", "12"])
        #expect(bad.code == 2)
        #expect(bad.stderr.first?.hasPrefix("every8d: --to: invalid DEST[1] \"12\"") == true, "\(bad)")
        #expect(await CLI.every8d(["cost"]).stderr == ["every8d: --text is required"])
    }

    @Test("report reads a delivery report and a reply, undocumented fields included")
    func report() async throws {
        let delivery = await CLI.every8d(["report", "BatchID=b1&RM=%2B886912345678&RT=20250301093000&STATUS=101&CustID=c9&UserNo=7"])
        #expect(delivery.code == 0)
        #expect(delivery.stderr.isEmpty)
        #expect(delivery.out.contains("a delivery report, STATUS 101 (the handset was off, out of signal or full, failed)"))
        #expect(delivery.out.contains("mobile:      +886912345678"))
        #expect(delivery.out.contains("reported:    2025-03-01 09:30:00 (Taiwan time)"))
        #expect(delivery.out.contains("CustID=c9  (not in the documented list)"))
        #expect(delivery.out.contains("UserNo=7  (not in the documented list)"))
        let reply = try await CLI.every8d(["--json", "report", "https://example.com/hook?RM=0912345679&STATUS=999&SM=%E5%A5%BD+%E7%9A%84"]).jsonObject()
        #expect(reply["isReply"] as? Bool == true)
        #expect(reply["category"] as? String == "reply")
        #expect(reply["text"] as? String == "好 的")
        let notReport = await CLI.every8d(["report", "BatchID=b1"])
        #expect(notReport.code == 2)
        #expect(notReport.stderr == ["every8d: QUERY is not a push report: STATUS is missing"])
    }

    private func gifFile() throws -> URL {
        try CLI.temporaryFile(named: "pixel.gif", contents: CLI.gif)
    }
}
