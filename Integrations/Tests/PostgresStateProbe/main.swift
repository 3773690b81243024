import Foundation
import PostgresNIO
import PostgresTestSupport
import SMSPostgres
import StateProbeSupport

// A probe process for the PostgreSQL store's multi-process tests: `--store postgres://USER@HOST:PORT/DATABASE`.
let status = await StateProbe.main(arguments: Array(CommandLine.arguments.dropFirst())) { url in
    let client = PostgresClient(configuration: try PostgresEndpoint(url: url).clientConfiguration)
    // Run for as long as the probe does, as a service runs its client.
    Task { await client.run() }
    return try PostgresStateStore(client: client)
}
exit(status)
