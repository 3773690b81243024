import Foundation
import Testing
import Every8D
import Every8DCommands

/// The small command-line library the examples share.
@Suite("CLISupport")
struct CLISupportTests {
    static let options: [OptionSpec] = [
        .value("to", "LIST", wire: ["DEST"], aliases: ["sms-list"], repeats: .accumulates, "numbers"),
        .value("text", "TEXT", wire: ["MSG"], "the text"),
        .value("subject", "S", wire: ["SB"], allowsEmpty: true, "a label"),
        .flag("flag", "a flag"), .flag("help", "help"),
    ]

    @Test("Arguments reads values, inline values, flags, aliases, positionals, -h and --")
    func arguments() throws {
        let parsed = try Arguments(["a", "--to", "1,2", "--text=x=y", "--flag", "-h", "--sms-list", "3", "--", "--not-an-option", "-x"],
                                   options: Self.options)
        #expect(parsed.positionals == ["a", "--not-an-option", "-x"])
        #expect(parsed.list("to") == ["1", "2", "3"], "--to and its alias accumulate")
        #expect(parsed.value("text") == "x=y")
        #expect(parsed.flag("flag"))
        #expect(parsed.flag("help"))
        #expect(try Arguments(["-1"], options: []).positionals == ["-1"])
        #expect(throws: UsageError("unknown option --x", option: "--x")) { try Arguments(["--x"], options: []) }
        #expect(throws: UsageError("--to needs a value", option: "--to")) { try Arguments(["--to"], options: Self.options) }
        #expect(throws: UsageError("--flag takes no value", option: "--flag")) { try Arguments(["--flag=1"], options: Self.options) }
        #expect(try Arguments(["--to", " a , ,b"], options: Self.options).list("to") == ["a", "", "b"])
    }

    @Test("an option given twice that does not accumulate is refused, naming both values; an empty value only where allowed")
    func repeatsAndEmpty() throws {
        #expect(throws: UsageError("--text was given twice (\"a\" and \"b\"); give it once", option: "--text", value: "b")) {
            try Arguments(["--text", "a", "--text=b"], options: Self.options)
        }
        #expect(throws: UsageError("--text is empty; give it a value", option: "--text", value: "")) {
            try Arguments(["--text", ""], options: Self.options)
        }
        #expect(try Arguments(["--subject", ""], options: Self.options).value("subject") == "")
        #expect(try Arguments(["--flag", "--flag"], options: Self.options).flag("flag"), "a repeated flag means the same")
    }

    @Test("a wire field names its option, whatever its position or row")
    func wireFields() {
        let context = FailureContext(operation: "send", options: Self.options, otherFields: ["BID": "BATCH"])
        #expect(context.option(forField: "DEST[2]") == "--to")
        #expect(context.option(forField: "MSG") == "--text")
        #expect(context.option(forField: "BID") == "BATCH")
        #expect(context.option(forField: "RETRYTIME") == nil)
        let report = CommonFailure.describe(ValidationError(field: "DEST[2]", value: "0912-345", reason: "bad"), context: context)
        #expect(report.message == "--to: invalid DEST[2] \"0912-345\": bad (nothing was sent)")
        #expect(report.exitCode == .usage)
    }

    @Test("the JSON error object has kind, code, message, field, option, value, sent and the exit code")
    func errorObject() throws {
        let report = FailureReport(.transport, kind: "outcomeUnknown", message: "the outcome of SendSMS is unknown\nsomehow", sent: .unknown,
                                   extra: ["operation": "SendSMS"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json.text.utf8)) as? [String: Any])
        let error = try #require(object["error"] as? [String: Any])
        #expect(Set(error.keys) == ["kind", "code", "message", "field", "option", "value", "sent", "exitCode", "operation"])
        #expect(error["kind"] as? String == "outcomeUnknown")
        #expect(error["sent"] as? String == "unknown")
        #expect(error["exitCode"] as? Int == 3)
        #expect(error["message"] as? String == "the outcome of SendSMS is unknown somehow", "one line, as on stderr")
        #expect(error["code"] is NSNull)
        let partial = FailureReport(.partialSend, kind: "partialSend", message: "partly sent", sent: .yes)
        #expect(partial.json.text.contains(#""sent":true"#))
        #expect(FailureReport(.usage, kind: "usage", message: "x").json.text.contains(#""sent":false"#))
    }

    @Test("help lists each option with its wire field and its summary, wrapped")
    func optionTable() {
        let lines = OptionTable.lines(Self.options)
        #expect(lines.first { $0.contains("--to, --sms-list LIST") }?.contains("DEST") == true)
        #expect(lines.first { $0.contains("--flag") }?.contains(" - ") == true, "an option with no wire field shows -")
        let long = OptionTable.lines([.value("x", "X", wire: ["F"], String(repeating: "word ", count: 60))])
        #expect(long.count > 1)
        #expect(long.allSatisfy { $0.count <= 110 })
    }

    @Test("JSONOutput writes sorted keys, escapes control characters and keeps decimals exact")
    func json() throws {
        let value: JSONOutput = [
            "b": .decimal(Decimal(string: "0.1")!), "a": "line\n\"quoted\"\u{1}", "c": [1, true, .null],
            "d": .decimal(Decimal(string: "12345678901234567890.123")!),
        ]
        #expect(value.text == #"{"a":"line\n\"quoted\"\u0001","b":0.1,"c":[1,true,null],"d":12345678901234567890.123}"#)
        #expect(JSONOutput.decimal(Decimal(string: "1000.00")!).text == "1000")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(value.text.utf8)) as? [String: Any])
        #expect(parsed["a"] as? String == "line\n\"quoted\"\u{1}")
    }

    @Test("points are written with two decimals from the exact value")
    func points() {
        #expect(TextFormat.points(Decimal(string: "1000.00")!) == "1000.00")
        #expect(TextFormat.points(Decimal(string: "0.5")!) == "0.50")
        #expect(TextFormat.points(Decimal(string: "2.125")!) == "2.125")
        #expect(TextFormat.oneLine(" a\r\nb\tc ") == "a b c")
    }

    @Test("CommandIO.scrubbing blanks secrets in both streams")
    func scrubbing() {
        let captured = CapturedLines()
        let io = captured.io.scrubbing(["s3cret-pw"])
        io.out("before s3cret-pw after")
        io.fail("prog", "bad s3cret-pw\nline")
        #expect(captured.stdout == ["before <redacted> after"])
        #expect(captured.stderr == ["prog: bad <redacted> line"])
    }

    @Test("the exit codes are the documented numbers")
    func exitCodes() {
        #expect(ExitCode.allCases.map(\.rawValue) == [0, 1, 2, 3, 4])
        #expect(ExitCode.helpLines.count == 5)
    }
}
