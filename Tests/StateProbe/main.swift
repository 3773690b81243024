import Foundation
import SMSTransport
import StateProbeSupport

// A probe process for the file store's multi-process tests: `--store file:<folder>`.
let status = await StateProbe.main(arguments: Array(CommandLine.arguments.dropFirst())) { store in
    guard store.hasPrefix("file:") else { throw StateProbe.ProbeUsageError(argument: "--store \(store)") }
    return try FileStateStore(folder: URL(fileURLWithPath: String(store.dropFirst("file:".count))))
}
exit(status)
