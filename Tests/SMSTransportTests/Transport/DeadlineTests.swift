import Foundation
import Testing
import LoopbackHTTPServer
@_spi(SMSInternals) @testable import SMSTransport

/// Counts how often an operation started, across tasks.
private actor StartCounter {
    private(set) var count = 0
    func increment() { count += 1 }
}

@Suite("Deadline")
struct DeadlineTests {
    @Test("the value wins when the work finishes first")
    func valueWins() async throws {
        let value = try await Deadline.run(within: .seconds(30)) { 42 }
        #expect(value == 42)
    }

    @Test("an error from the work is passed through unchanged")
    func errorPassesThrough() async throws {
        let error = await #expect(throws: TransportError.self) {
            try await Deadline.run(within: .seconds(30)) { () async throws -> Int in
                throw TransportError(.connectionRefused, detail: "from the work")
            }
        }
        #expect(error?.code == .connectionRefused)
        #expect(error?.detail == "from the work")
    }

    @Test("the timer wins: timedOut, and the work is cancelled rather than awaited")
    func timerWins() async throws {
        let (elapsed, result) = await Loopback.timed {
            try await Deadline.run(within: .milliseconds(300)) { () async throws -> Int in
                try await Task.sleep(for: .seconds(60))
                return 1
            }
        }
        let error = try #require(result.failureValue as? TransportError, "got \(result)")
        #expect(error.code == .timedOut)
        #expect(error.requestMayHaveBeenProcessed)
        // Generous above: under TSan the whole suite keeps the cooperative pool busy (see FaultTiming).
        #expect(elapsed >= .milliseconds(250) && elapsed < FaultTiming.scaled(.seconds(10)), "took \(elapsed)")
    }

    @Test("work that ignores the deadline's cancellation still ends in timedOut once it returns")
    func timerWinsOverStubbornWork() async throws {
        let error = await #expect(throws: TransportError.self) {
            try await Deadline.run(within: .milliseconds(100)) { () async throws -> Int in
                // Does not check for cancellation: returns a value after the deadline.
                let clock = ContinuousClock()
                let end = clock.now + .milliseconds(600)
                while clock.now < end { await Task.yield() }
                return 7
            }
        }
        #expect(error?.code == .timedOut)
    }

    @Test("a cancelled caller gets CancellationError, not timedOut")
    func callerCancelled() async throws {
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let call = Task {
            try await Deadline.run(within: .seconds(60)) { () async throws -> Int in
                startedContinuation.yield()
                try await Task.sleep(for: .seconds(60))
                return 1
            }
        }
        var iterator = started.makeAsyncIterator()
        await iterator.next()

        let (elapsed, result) = await Loopback.timed {
            call.cancel()
            return try await call.value
        }

        #expect(result.failureValue is CancellationError, "got \(result)")
        #expect(elapsed < FaultTiming.scaled(.seconds(10)), "took \(elapsed)")
    }

    @Test("a caller cancelled before the call never starts the work")
    func cancelledBeforeStart() async throws {
        let counter = StartCounter()
        let result = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await Result {
                try await Deadline.run(within: .seconds(60)) { () async throws -> Int in
                    await counter.increment()
                    return 1
                }
            }
        }.value
        #expect(result.failureValue is CancellationError, "got \(result)")
        #expect(await counter.count == 0)
    }

    @Test("a deadline of zero fails at once without starting the work, which provably sent nothing")
    func zeroDeadline() async throws {
        let counter = StartCounter()
        let error = await #expect(throws: TransportError.self) {
            try await Deadline.run(within: .zero) { () async throws -> Int in
                await counter.increment()
                return 1
            }
        }
        #expect(error?.code == .timedOut)
        #expect(error?.requestMayHaveBeenProcessed == false)
        #expect(await counter.count == 0)
    }
}

@Suite("Deadline with optional results")
struct DeadlineOptionalResultTests {
    @Test("an operation that returns nil in time returns nil, not a timeout")
    func nilIsAValue() async throws {
        let value: Int? = try await Deadline.run(within: .seconds(10)) { () async throws -> Int? in nil }
        #expect(value == nil)
    }
}
