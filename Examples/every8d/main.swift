// `every8d`: the EVERY8D gateway from the command line. Everything is in Every8DCommands, so tests
// run the same code in-process; this file only connects it to the process.
import Foundation
import Every8DCommands

let code = await Every8DCommandLine.run(
    Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment, io: .standard)
exit(code)
