import Foundation

/// The server's own threads for request handlers: a `TaskExecutor` (SE-0417) that handler tasks prefer.
///
/// Why: Swift's global cooperative pool has one thread per core (two here) and is shared by the whole process.
/// Handlers make synchronous C calls (SQLite, libpq) that hold their thread; anything else in the process that
/// blocks cooperative threads (a `waitUntilExit`, a CPU-bound loop) would otherwise starve every request. With
/// this preference, handlers, the nonisolated async functions they call (the stores) and default actors they
/// use all run here (custom-executor actors such as the main actor still run on their own executor).
final class HandlerThreads: TaskExecutor, @unchecked Sendable {
    // @unchecked: `queue`, `head`, `stopping` and `running` are only touched while holding `condition`.
    /// A condition, not a Mutex: idle threads block in `next()` until a job comes, which Synchronization cannot express.
    private let condition = NSCondition()
    private var queue: [UnownedJob] = []
    private var head = 0
    private var stopping = false
    private var running = 0

    /// Starts `count` threads named `name-N`.
    init(count: Int, name: String) {
        running = max(1, count)  // before any thread starts: they read it under the lock
        for index in 0..<running {
            let thread = Thread { [self] in work() }
            thread.name = "\(name)-\(index)"  // Linux keeps 15 bytes of it
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        if let permit = pthread_getspecific(Self.inlinePermit), permit == Unmanaged.passUnretained(self).toOpaque() {
            pthread_setspecific(Self.inlinePermit, nil)  // only the new task's first job
            job.runSynchronously(on: asUnownedTaskExecutor())
            return
        }
        condition.lock()
        if stopping, running == 0 {
            condition.unlock()
            // Stopped: a late continuation (a handler past the shutdown grace) still gets to finish.
            globalConcurrentExecutor.enqueue(job)
            return
        }
        queue.append(UnownedJob(job))
        condition.signal()
        condition.unlock()
    }

    /// Runs `start`, which creates one task preferring these threads; with `inline`, that task's first job runs
    /// at once on the calling thread (until the task first suspends) instead of waiting for a handler thread.
    func start(inline: Bool, _ start: () -> Void) {
        guard inline else { start(); return }
        pthread_setspecific(Self.inlinePermit, Unmanaged.passUnretained(self).toOpaque())
        start()
        pthread_setspecific(Self.inlinePermit, nil)
    }

    /// Lets the threads finish the queued jobs and exit; later jobs run on the global pool.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    /// Whether the calling thread is one of these threads.
    var isCurrentThread: Bool { pthread_getspecific(Self.owner) == Unmanaged.passUnretained(self).toOpaque() }

    /// Per-thread: which `HandlerThreads` the thread belongs to (unretained; the thread holds its owner).
    private static let owner: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Per-thread: the `HandlerThreads` allowed to run the next enqueued job inline on this thread.
    private static let inlinePermit: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    private func work() {
        pthread_setspecific(Self.owner, Unmanaged.passUnretained(self).toOpaque())
        let executor = asUnownedTaskExecutor()
        while let job = next() { job.runSynchronously(on: executor) }
    }

    /// The oldest queued job; nil once stopped and drained.
    private func next() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count {
            if stopping { running -= 1; return nil }
            condition.wait()
        }
        let job = queue[head]
        head += 1
        if head > 1024, head * 2 > queue.count {
            queue.removeFirst(head)  // compact now and then, not on every job
            head = 0
        }
        return job
    }
}
