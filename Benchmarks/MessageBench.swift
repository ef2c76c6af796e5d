enum MessageBench {
    /// Not written yet: prints nothing so BENCHMARKS.md never shows a made-up figure.
    @Sendable static func run(_ args: [String]) async throws {}
}
