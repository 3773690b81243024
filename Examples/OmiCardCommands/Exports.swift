// `run(_:environment:io:)` takes a `CommandIO`, so callers (the executable, tests) get CLISupport
// with this module.
@_exported import CLISupport
