import Foundation
import Testing

/// Runs the built `posttrace` binary, as users do, and captures what it printed.
struct CLIRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CLI {
    /// The built binary: `POSTTRACE_BIN` when set, else `.build/debug/posttrace` in the package.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["POSTTRACE_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/posttrace")
    }()

    /// The throwaway PostgreSQL cluster of scripts/pg-test-cluster.sh; nil, with an issue recorded, when the tests
    /// were not started through it.
    static func testDatabaseURL() -> String? {
        guard let url = ProcessInfo.processInfo.environment["POSTTRACE_TEST_DATABASE_URL"], !url.isEmpty else {
            Issue.record("POSTTRACE_TEST_DATABASE_URL is not set: run via `bash scripts/pg-test-cluster.sh swift test --skip-build`")
            return nil
        }
        return url
    }

    /// The package's root directory (scripts live there).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `posttrace args…` (or another `program`) with optional standard input and extra environment; waits for it to exit.
    static func run(_ args: [String], stdin: Data? = nil, environment: [String: String] = [:],
                    currentDirectory: URL? = nil, program: URL? = nil) throws -> CLIRun {
        let process = Process()
        process.executableURL = program ?? binary
        process.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        let outData = LockedData(), errData = LockedData()
        let group = DispatchGroup()
        for (pipe, box) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async { box.set(pipe.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return CLIRun(status: process.terminationStatus,
                      stdout: String(decoding: outData.get(), as: UTF8.self),
                      stderr: String(decoding: errData.get(), as: UTF8.self))
    }

    /// `run` for async tests: waits for the child on its own thread, never holding one of the few cooperative
    /// threads (a blocked pool starves every other suite running in parallel, the HTTP server's among them).
    static func launch(_ args: [String], stdin: Data? = nil, environment: [String: String] = [:],
                       currentDirectory: URL? = nil, program: URL? = nil) async throws -> CLIRun {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try run(args, stdin: stdin, environment: environment, currentDirectory: currentDirectory, program: program)
                })
            }
        }
    }
}

/// Runs blocking work (a child process, a pipe read, a sleep) on a thread of its own. Every suite of the test
/// process shares the few cooperative threads (as many as cores: two in CI); a test that holds one while it
/// waits delays every other test's awaits by as long.

/// A tiny lock-protected buffer for collecting pipe output from another thread.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}
