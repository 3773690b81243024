/// The events of one campaign run, ending with ``CampaignEvent/Kind/finished(_:)``.
///
/// Iterating starts the campaign; each iteration runs it anew (with the same campaign key, a
/// second run answers what the first sent from the send ledger). The sequence never throws: what
/// went wrong is in the events and the summary.
///
/// **Cancellation.** Cancelling the task that iterates (or leaving the loop early) stops the
/// campaign from reading further rows and making further requests. Requests already in flight are
/// not cut short: they finish, and a cancelled task that keeps iterating receives their events and
/// the summary (``CampaignStopReason/cancelled``).
public struct CampaignRun: AsyncSequence, Sendable {
    /// Each campaign event.
    public typealias Element = CampaignEvent

    private let start: @Sendable (CampaignEventChannel) async -> Void

    init(start: @escaping @Sendable (CampaignEventChannel) async -> Void) {
        self.start = start
    }

    /// Starts the campaign and returns the iterator over its events.
    public func makeAsyncIterator() -> Iterator {
        Iterator(run: Run(start: start))
    }

    /// Reads the events of one run.
    public struct Iterator: AsyncIteratorProtocol {
        private let run: Run

        fileprivate init(run: Run) {
            self.run = run
        }

        /// The next event, or `nil` after ``CampaignEvent/Kind/finished(_:)``.
        public mutating func next() async -> CampaignEvent? {
            let run = self.run
            return await withTaskCancellationHandler {
                await run.channel.next()
            } onCancel: {
                run.task.cancel()
            }
        }
    }

    /// One running campaign: stopped when its reader is cancelled or goes away.
    fileprivate final class Run: Sendable {
        let channel = CampaignEventChannel()
        let task: Task<Void, Never>

        init(start: @escaping @Sendable (CampaignEventChannel) async -> Void) {
            let channel = self.channel
            task = Task { await start(channel) }
        }

        deinit {
            task.cancel()
            let channel = self.channel
            Task { await channel.readerLeft() }
        }
    }
}
