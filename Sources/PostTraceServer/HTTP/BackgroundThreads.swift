/// The threads that run the server's background work touching the store: the lane table refresh, the webhook
/// and push delivery worker, key-use stamps and the `/metrics` recount.
///
/// Why: store calls block their thread in SQLite or libpq (see `TrackingStore`). Request handlers run on the
/// daemon's `HandlerThreads`; background work has these, so that in `serve` no store call ever holds a thread
/// of Swift's shared cooperative pool (two on a 2-core machine), and a long lane refresh never takes a handler
/// thread from requests. Invariant: every task the server starts that may call the store prefers this executor
/// or the handler threads.
enum BackgroundThreads {
    /// Two threads: the delivery worker attempts several deliveries at once (each waits for the store briefly
    /// and for the receiver on a thread of its own), beside a refresh that can run for seconds.
    static let executor: any TaskExecutor = HandlerThreads(count: 2, name: "pt-background")
}
