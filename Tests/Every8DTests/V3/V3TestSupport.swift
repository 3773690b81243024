import Foundation
@testable import Every8D

/// Helpers for the API 3.0 tests.
enum V3Fixture {
    static let site = try! V3Site()
    /// Builder options with the fixed clock of the other tests (2024-01-15 12:00 Taiwan time).
    static let options = V3RequestOptions(normalizesTaiwanNumbers: true, now: { Fixture.now })

    /// The body of `request` authenticated as the specification's examples are (`uid` `test`).
    static func body(_ request: V3Request, password: String = "1234") -> String {
        text(request, .password(password))
    }

    static func text(_ request: V3Request, _ authentication: V3Authentication, userID: String = "test") -> String {
        let http = request.transportRequest(url: site.url(request.operation), userID: userID, authentication: authentication, timeout: .seconds(5))
        return String(decoding: http.body, as: UTF8.self)
    }

    /// `json` without the whitespace outside its strings: a specification example as compact bytes.
    static func compact(_ json: String) -> String {
        var output = ""
        var inString = false
        var escaped = false
        for character in json {
            if inString {
                output.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
                output.append(character)
            } else if !character.isWhitespace {
                output.append(character)
            }
        }
        return output
    }

    /// `Fixtures/dr-page-1000-v3.json`, the benchmark's API 3.0 page (a copy of `Benchmarks/Fixtures`'s).
    static func benchPage() throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent("dr-page-1000-v3.json")
        return try Data(contentsOf: url)
    }

    /// A Taiwan time, as the tests write them.
    static func time(_ text: String) -> Date { TaiwanTime.parse(text)! }
}
