import Every8D
import Foundation
import SMSSandbox
import SMSTransport

/// A sandbox and clients wired to an observer, for the observability tests.
struct ObservedSandbox {
    static let fast = RetryPolicy(maxAttempts: 2, initialDelay: .zero, maxDelay: .zero, jitter: false)
    static let account = Every8DSandboxAccount(userID: "observed", password: "Pw-0x0B5E12VED-秘密+&=", credit: 100, internationalEnabled: true)

    let sandbox = Every8DSandbox(accounts: [Self.account])

    /// A client of the sandbox with `observer` (and `logger`) configured.
    func client(observer: (any CallObserver)?, logger: TransportLogger? = nil, password: String = Self.account.password,
                authentication: Every8DClient.AuthenticationMode = .token) -> Every8DClient {
        var configuration = Every8DClient.Configuration(siteURL: Every8DSandbox.demoSiteURL, authentication: authentication,
                                                        readRetryPolicy: Self.fast, unsentRetryPolicy: Self.fast, logger: logger)
        configuration.observer = observer
        return Every8DClient(credentials: .init(userID: Self.account.userID, password: password), configuration: configuration,
                             transport: sandbox)
    }

    /// Leaves credit for one message, so that a send to three numbers is carried out in part.
    func leaveCreditForOne() async {
        await sandbox.state.setCredit(1, for: Self.account.userID)
    }

    /// Makes the next send's connection drop after the gateway carried it out.
    func dropNextSend() async {
        await sandbox.network.enqueueFault(.connectionDropped, endpoint: "SendSMS.ashx")
    }
}

/// A value shared between tasks.
final class Locked<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is touched only with `lock` held.
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
