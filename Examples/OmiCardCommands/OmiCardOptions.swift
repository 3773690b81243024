import Foundation
import OmiCard

/// The options of `omicard`, one per `SMS.aspx` and `Status.aspx` field (named as the field in
/// kebab-case), with how their values are read.
enum OmiCardOptions {
    // MARK: Shared

    static let method = OptionSpec.value("method", "get|post", wire: ["GET or POST"],
                                         "how the account's server takes requests (also OMICARD_METHOD; default post; a file upload needs post)")
    static let referURL = OptionSpec.value("refer-url", "URL", wire: ["ReferUrl"],
                                           "the gateway redirects every answer to this http(s) URL, filling in %omisquerystring% %errorcode% %errormsg% %launchid% %userid% %customerid% %reportpath% %jobid%; the command reads the answer from the redirect's query, so include %omisquerystring% (without it a send's outcome is unknown, exit 3)")
    static let successfulURL = OptionSpec.value("successful-url", "URL", wire: ["SuccessfulUrl"],
                                                "as --refer-url, for answers without an error (ErrorCode 0)")
    static let failedURL = OptionSpec.value("failed-url", "URL", wire: ["FailedUrl"],
                                            "as --refer-url, for answers with an error (ErrorCode above 0)")
    static let redirectOptions = [referURL, successfulURL, failedURL]

    /// `--refer-url`, `--successful-url`, `--failed-url`.
    static func redirects(_ arguments: Arguments) throws -> OmiCardRedirects {
        var redirects = OmiCardRedirects()
        for option in redirectOptions {
            guard let text = arguments.value(option.name) else { continue }
            let lower = text.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), !text.contains(where: \.isWhitespace) else {
                throw UsageError("\(option.flagName) must be an absolute http or https URL without spaces (placeholders such as %launchid% "
                    + "are allowed), got \"\(text)\"", option: option.flagName, value: text)
            }
            switch option.name {
            case "refer-url": redirects.referURL = text
            case "successful-url": redirects.successfulURL = text
            default: redirects.failedURL = text
            }
        }
        return redirects
    }

    /// A Taiwan time `yyyy-MM-dd HH:mm:ss` in the future, from `option`.
    static func time(_ arguments: Arguments, _ option: String, now: Date) throws -> Date? {
        try arguments.futureTime(option, layout: "\"yyyy-MM-dd HH:mm:ss\"", example: "\"2025-03-01 09:30:00\"", now: now) { text in
            let bytes = Array(text.utf8)
            let layout = Array("0000-00-00 00:00:00".utf8)
            return bytes.count == layout.count && zip(bytes, layout).allSatisfy { byte, pattern in
                pattern == UInt8(ascii: "0") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == pattern
            }
        }
    }

    /// No positional argument is expected.
    static func noPositionals(_ arguments: Arguments) throws {
        _ = try arguments.positionals(named: [])
    }

    /// `--tracking-expire-time`: whole seconds, or a duration such as `1d12h30m`.
    static func seconds(_ arguments: Arguments, _ option: String) throws -> Duration? {
        guard let text = arguments.value(option) else { return nil }
        let refusal = UsageError("--\(option) must be whole seconds from 1 (86400 is one day) or a duration such as 1d12h30m, got \"\(text)\"",
                                 option: "--\(option)", value: text)
        let trimmed = TextFormat.trimmed(text).lowercased()
        if let seconds = Int(trimmed) {
            guard seconds >= 1 else { throw refusal }
            return .seconds(seconds)
        }
        var total = 0
        var number = ""
        for character in trimmed {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            let unit: Int
            switch character {
            case "d": unit = 86_400
            case "h": unit = 3600
            case "m": unit = 60
            case "s": unit = 1
            default: throw refusal
            }
            guard let value = Int(number), case let (product, false) = value.multipliedReportingOverflow(by: unit),
                  case let (sum, false) = total.addingReportingOverflow(product) else { throw refusal }
            total = sum
            number = ""
        }
        guard number.isEmpty, total >= 1 else { throw refusal }
        return .seconds(total)
    }
}
