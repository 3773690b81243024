// `omicard`: the OMICard WebAPI from the command line. Everything is in OmiCardCommands, so tests
// run the same code in-process; this file only connects it to the process.
import Foundation
import OmiCardCommands

let code = await OmiCardCommandLine.run(
    Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment, io: .standard)
exit(code)
