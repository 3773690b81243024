import Foundation
import Testing
import Every8DCommands

/// The small command-line library the examples share.
@Suite("CLISupport")
struct CLISupportTests {
    @Test("Arguments reads values, inline values, flags, positionals, -h and --")
    func arguments() throws {
        let parsed = try Arguments(["a", "--to", "1,2", "--text=x=y", "--flag", "-h", "--", "--not-an-option", "-x"],
                                   valueOptions: ["to", "text"], flagOptions: ["flag", "help"])
        #expect(parsed.positionals == ["a", "--not-an-option", "-x"])
        #expect(parsed.list("to") == ["1", "2"])
        #expect(parsed.value("text") == "x=y")
        #expect(parsed.flag("flag"))
        #expect(parsed.flag("help"))
        #expect(try Arguments(["-1"], valueOptions: [], flagOptions: []).positionals == ["-1"])
        #expect(throws: UsageError("unknown option --x")) { try Arguments(["--x"], valueOptions: [], flagOptions: []) }
        #expect(throws: UsageError("--to needs a value")) { try Arguments(["--to"], valueOptions: ["to"], flagOptions: []) }
        #expect(throws: UsageError("--flag takes no value")) { try Arguments(["--flag=1"], valueOptions: [], flagOptions: ["flag"]) }
        #expect(try Arguments(["--to", " a , ,b"], valueOptions: ["to"], flagOptions: []).list("to") == ["a", "", "b"])
    }

    @Test("JSONOutput writes sorted keys, escapes control characters and keeps decimals exact")
    func json() throws {
        let value: JSONOutput = [
            "b": .decimal(Decimal(string: "0.1")!), "a": "line\n\"quoted\"\u{1}", "c": [1, true, .null],
            "d": .decimal(Decimal(string: "12345678901234567890.123")!),
        ]
        #expect(value.text == #"{"a":"line\n\"quoted\"\u0001","b":0.1,"c":[1,true,null],"d":12345678901234567890.123}"#)
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
