import Foundation
import Synchronization
import Testing

/// What one test leaves behind: temporary files and directories, and work to await when it ends (stopping
/// servers, closing stores). A test reaches its own through `Scratch.current`, set by the `.scratch` trait.
///
/// Invariant: when a test case ends (passed, failed or thrown), every `atEnd` action has been awaited, in the
/// reverse order of registration, and then every registered path has been removed. So a server is stopped
/// before the store file under it is deleted, and nothing a test made outlives it in the temp directory.
public final class Scratch: Sendable {
    private struct State {
        var actions: [@Sendable () async -> Void] = []
        var paths: [URL] = []
    }
    private let state = Mutex(State())

    /// The scratch of the running test case; nil outside a test with the `.scratch` trait.
    @TaskLocal public static var current: Scratch?

    init() {}

    /// The running test's scratch. Outside a `.scratch` scope nothing would clean up, so that is a test bug:
    /// it is recorded as an issue (the test fails), and an unowned scratch is returned so the test can go on.
    public static var required: Scratch {
        if let current { return current }
        Issue.record("temporary files or servers need the .scratch trait on the test or its suite, which removes them when the test ends")
        return Scratch()
    }

    /// Registers `work` to be awaited when the test ends (e.g. `await server.shutdown()`).
    public static func atEnd(_ work: @escaping @Sendable () async -> Void) {
        required.state.withLock { $0.actions.append(work) }
    }

    /// A new, empty directory, removed with everything in it when the test ends.
    public static func directory(_ prefix: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        required.state.withLock { $0.paths.append(url) }
        return url
    }

    /// A path for a new file (not created), e.g. `file("posttrace-log", extension: "log")`, removed when the
    /// test ends.
    public static func file(_ prefix: String, extension ext: String? = nil) -> URL {
        let name = "\(prefix)-\(UUID().uuidString)" + (ext.map { ".\($0)" } ?? "")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        required.state.withLock { $0.paths.append(url) }
        return url
    }

    /// A path for a new SQLite file (not created), removed when the test ends with its `-wal`, `-shm` and
    /// `-journal` companions and the `.vapid-key` that `posttrace serve` keeps beside its store.
    public static func databaseFile(_ prefix: String) -> URL {
        let url = file(prefix, extension: "db")
        let companions = ["-wal", "-shm", "-journal", ".vapid-key"].map { URL(fileURLWithPath: url.path + $0) }
        required.state.withLock { $0.paths += companions }
        return url
    }

    func end() async {
        let actions = state.withLock { state in defer { state.actions = [] }; return state.actions }
        for action in actions.reversed() { await action() }
        let paths = state.withLock { state in defer { state.paths = [] }; return state.paths }
        for path in paths { try? FileManager.default.removeItem(at: path) }
    }
}

/// Gives each test case its own `Scratch` and cleans it up when the case ends, however it ends.
public struct ScratchTrait: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    /// A scope per test case (each argument of a parameterized test has its own), none for a suite itself.
    public func scopeProvider(for test: Test, testCase: Test.Case?) -> ScratchTrait? {
        testCase == nil ? nil : self
    }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        let scratch = Scratch()
        do {
            try await Scratch.$current.withValue(scratch) { try await function() }
        } catch {
            await scratch.end()
            throw error
        }
        await scratch.end()
    }
}

extension Trait where Self == ScratchTrait {
    /// Temporary files and servers made by the test are removed and stopped when it ends (see `Scratch`).
    public static var scratch: Self { ScratchTrait() }
}
