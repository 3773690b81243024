import Foundation
import Testing
import Every8DCommands
import OmiCardCommands

/// Every option of every command is listed with its wire field, in the command's `--help` and in
/// the README's command tables.
@Suite("every option is documented")
struct OptionListingTests {
    enum Program: String, CaseIterable, CustomStringConvertible {
        case every8d, omicard
        var description: String { rawValue }
        var commands: [CommandSpec] { self == .every8d ? Every8DCommandLine.commands : OmiCardCommandLine.commands }
        var globalOptions: [OptionSpec] { self == .every8d ? Every8DCommandLine.globalOptions : OmiCardCommandLine.globalOptions }
        func run(_ arguments: [String]) async -> RunResult {
            self == .every8d ? await CLI.every8d(arguments) : await CLI.omicard(arguments)
        }
    }

    /// The README's part about a program: from its bold name to the next program's, or to the section's end.
    static func readme(_ program: Program) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(text.range(of: "## The command-line tools").map { String(text[$0.lowerBound...]) })
        let start = try #require(section.range(of: "**`\(program.rawValue)`**"))
        let rest = section[start.upperBound...]
        let end = rest.range(of: program == .every8d ? "**`omicard`**" : "## Security notes")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test("each command's --help lists every option with its aliases, placeholder and wire fields", arguments: Program.allCases)
    func help(program: Program) async {
        for command in program.commands {
            let help = await program.run([command.name, "--help"])
            #expect(help.code == 0)
            for option in command.options + program.globalOptions {
                let line = help.stdout.first { $0.hasPrefix("  " + option.usage) }
                #expect(line != nil, "\(program) \(command.name) --help lacks \(option.usage)")
                for field in option.wire {
                    let start = help.stdout.firstIndex { $0.hasPrefix("  " + option.usage) } ?? 0
                    #expect(help.stdout[start...].prefix(3).contains { $0.contains(field) }, "\(program) \(command.name): \(option.usage) lacks its field \(field)")
                }
            }
        }
    }

    @Test("the README's tables list every option of every command", arguments: Program.allCases)
    func readme(program: Program) throws {
        let text = try Self.readme(program)
        var missing: [String] = []
        for command in program.commands {
            if !text.contains("`\(command.name)") { missing.append(command.name) }
            for option in command.options + program.globalOptions {
                if !text.contains("`" + option.flagName) { missing.append("\(command.name) \(option.flagName)") }
                for field in option.wire where !field.contains(" ") && !text.contains(field) {
                    missing.append("\(command.name) \(option.flagName)'s field \(field)")
                }
            }
        }
        #expect(missing.isEmpty, "the README's \(program) section lacks \(missing)")
    }

    @Test("omicard send has an option for every SMS.aspx field but the credentials, which come from the environment")
    func smsFields() {
        let fields = Set(OmiCardCommandLine.commands.first { $0.name == "send" }?.options.flatMap(\.wire) ?? [])
        let documented = ["SMSList", "SMSListFile", "SMSUrl", "JobName", "RefNumber", "LaunchType", "JobOption", "StartTime", "LaunchExpireTime",
                          "TrackingExpireTime", "Content", "ContentUrl", "CharacterSetID", "SMSListOption", "BodyFormat", "CountryCode", "AreaCode",
                          "AutoGenerateReport", "DispatchList", "DispatchStartTime", "DispatchMaxCount", "DispatchInterval", "RefID", "ReferUrl",
                          "SuccessfulUrl", "FailedUrl"]
        #expect(documented.count + 5 == 31, "with ManagerLoginName, ManagerPassword, XmlRequest, XmlReqUrl and XmlReqFilePath")
        for field in documented { #expect(fields.contains(field), "no option sets \(field)") }
        for option in OmiCardCommandLine.commands.first(where: { $0.name == "send" })?.options ?? [] {
            guard let field = option.wire.first, !field.contains(" "), option.aliases.isEmpty || option.name != "to" else { continue }
            // Named as the field in kebab-case: SMSListFile is --sms-list-file, CharacterSetID --character-set-id.
            #expect(option.name == Self.kebab(field), "\(option.flagName) for \(field)")
        }
    }

    static func kebab(_ field: String) -> String {
        var words: [String] = []
        var current = ""
        let characters = Array(field)
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let boundary = character.isUppercase && !current.isEmpty
                && (current.last?.isLowercase == true || (next?.isLowercase == true && current.last?.isUppercase == true))
            if boundary { words.append(current); current = "" }
            current.append(character)
        }
        words.append(current)
        return words.map { $0.lowercased() }.joined(separator: "-")
    }
}
