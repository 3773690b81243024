/// Carries a campaign's events from the task that runs it to the task that reads them.
///
/// Unlike `AsyncStream`, a waiting reader is not ended by its task's cancellation: a cancelled
/// campaign still reports the requests that were in flight, then its summary. The buffer is
/// bounded, so a slow reader slows the campaign down instead of piling up events; once the reader
/// is gone, events are dropped.
actor CampaignEventChannel {
    private let capacity: Int
    private var buffer: [CampaignEvent] = []
    private var head = 0
    private var reader: CheckedContinuation<CampaignEvent?, Never>?
    private var writers: [CheckedContinuation<Void, Never>] = []
    private var isFinished = false
    private var readerGone = false

    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// Hands `event` to the reader, waiting while the buffer is full.
    func send(_ event: CampaignEvent) async {
        while buffer.count - head >= capacity && !readerGone {
            await withCheckedContinuation { writers.append($0) }
        }
        guard !readerGone else { return }
        if let reader {
            self.reader = nil
            reader.resume(returning: event)
        } else {
            buffer.append(event)
        }
    }

    /// No more events.
    func finish() {
        isFinished = true
        reader?.resume(returning: nil)
        reader = nil
    }

    /// The next event, or `nil` after the last.
    func next() async -> CampaignEvent? {
        if head < buffer.count {
            let event = buffer[head]
            head += 1
            if head >= capacity {
                buffer.removeFirst(head)
                head = 0
            }
            if !writers.isEmpty { writers.removeFirst().resume() }
            return event
        }
        if isFinished { return nil }
        return await withCheckedContinuation { reader = $0 }
    }

    /// The reader stopped reading: drop what is buffered and never wait for room again.
    func readerLeft() {
        readerGone = true
        buffer = []
        head = 0
        for writer in writers { writer.resume() }
        writers = []
    }
}
