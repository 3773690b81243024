import Foundation
import OmiCard

/// How each OMICard result reads, as text and as JSON.
enum OmiCardRender {
    static func fieldsJSON(_ fields: [OmiCardResponse.Field]) -> JSONOutput {
        .array(fields.map { ["name": .string($0.name), "value": .string($0.value)] })
    }

    static func fieldsLine(_ fields: [OmiCardResponse.Field]) -> String {
        "  answer:     " + fields.map { "\($0.name)=\(TextFormat.oneLine($0.value))" }.joined(separator: ", ")
    }

    static func launch(_ launch: SMSLaunch, recipients: [String], job: SMSJob, contentURL: URL? = nil) -> CommandResult {
        var lines = [
            launch.isReplay ? "Replay: an earlier run with this idempotency key launched it; nothing was sent now. Its answer:" : "SMS job launched.",
            "  LaunchID:   \(launch.launchID)",
            "  recipients: \(recipients.isEmpty ? "from the trigger (LaunchType 1)" : recipients.joined(separator: ", "))",
        ]
        if let contentURL { lines.append("  content:    fetched from \(contentURL.absoluteString)") }
        if let start = job.startTime { lines.append("  starts:     \(TextFormat.taiwanTime(start)) (Taiwan time)") }
        if let refID = job.refID { lines.append("  RefID:      \(refID) (query one recipient with --extern-ref-num \(refID) --job-type sms)") }
        lines.append(fieldsLine(launch.response.fields))
        return CommandResult(lines: lines, json: [
            "command": "send", "launchID": .string(launch.launchID), "errorCode": .integer(launch.response.errorCode.rawValue),
            "jobName": .optional(job.jobName), "refID": .optional(job.refID), "startTime": .time(job.startTime),
            "recipients": .array(recipients.map(JSONOutput.string)), "fields": fieldsJSON(launch.response.fields),
            "replayed": .bool(launch.isReplay),
        ])
    }

    static func queryDescription(_ query: StatusQuery) -> String {
        switch query {
        case .smsNumber(let number): return "SMSNumber \(number)"
        case .email(let address): return "EmailAddress \(address)"
        case .externalReference(let reference, let jobType): return "ExternRefNum \(reference) (JobType \(jobType == .sms ? "SMS" : "e-mail"))"
        }
    }

    static func status(_ status: RecipientStatus) -> CommandResult {
        var lines = ["LaunchID \(status.launchID), \(queryDescription(status.query)):"]
        var json: [String: JSONOutput] = [
            "command": "status", "launchID": .string(status.launchID), "query": .string(queryDescription(status.query)),
            "errorCode": .integer(status.response.errorCode.rawValue), "fields": fieldsJSON(status.response.fields),
        ]
        if let state = status.smsState {
            lines.append("  CurrentState \(state.rawValue): \(state.meaning ?? "not a documented state")\(state.isFinal ? " (final)" : "")")
            json["currentState"] = .integer(state.rawValue)
            json["meaning"] = .optional(state.meaning)
            json["final"] = .bool(state.isFinal)
        } else {
            json["currentState"] = .null
        }
        for pool in status.emailPools {
            lines.append("  \(pool.pool.rawValue): \(TextFormat.oneLine(pool.value))\(pool.pool.meaning.map { " (\($0))" } ?? "")")
        }
        json["emailPools"] = .array(status.emailPools.map {
            ["pool": .string($0.pool.rawValue), "value": .string($0.value), "meaning": .optional($0.pool.meaning)]
        })
        lines.append(fieldsLine(status.response.fields))
        return CommandResult(lines: lines, json: .object(json))
    }
}
