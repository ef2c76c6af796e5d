import Foundation
import PostTraceStore

enum ExportCommand {
    static let command = Command(
        name: "export",
        summary: "Write every stored event as NDJSON or CSV, for import elsewhere",
        help: """
            Usage: posttrace export [--to FILE] [--format ndjson|csv] [--gzip] [--db LOCATION]

            Writes every stored event in the formats 'posttrace import' reads: NDJSON (the default; every
            field) or CSV (every field but received_at), grouped by item, oldest first. To stdout, or to
            FILE: created new (an existing file is never overwritten), synced, and given its name only
            when complete; interrupted, it leaves nothing behind. A FILE ending in .csv or .ndjson
            chooses the format, and .gz compresses it. Items are read a thousand at a time, so memory
            stays small and a running server keeps serving; events stored during the export may or may
            not be in it.

            Into another PostTrace store: posttrace import reads it (importing skips what is already
            there). To move a whole store, API keys and subscriptions included, use posttrace copy-store.

            Options:
              --to FILE          the file to create (default: stdout)
              --format F         ndjson or csv
              --gzip             compress (implied by a FILE ending in .gz)
            \(StoreOptions.help)

            Exit status: 0 written, 64 usage, 73 FILE exists or cannot be created, 74 the store cannot be
            read or the output cannot be written.
            """,
        run: run)

    @Sendable static func run(_ argv: [String]) async throws -> Int32 {
        let args = try Arguments(argv, options: ["db", "to", "format"], flags: ["gzip"])
        guard args.positionals.isEmpty else { throw UsageError(message: "unexpected argument '\(args.positionals[0])'") }
        let target = args.value("to")
        if let target, target.isEmpty { throw UsageError(message: "--to needs a file name") }
        let format: ExchangeFormat
        if let name = args.value("format") {
            guard let chosen = ExchangeFormat(rawValue: name.lowercased()) else {
                throw UsageError(message: "--format must be ndjson or csv, not '\(name)'")
            }
            format = chosen
        } else {
            format = target.flatMap { ExchangeFormat(fileName: ($0 as NSString).lastPathComponent) } ?? .ndjson
        }
        let gzip = args.has("gzip") || target?.lowercased().hasSuffix(".gz") == true
        let location = try StoreOptions.location(args)
        let output: ExportOutput
        do {
            output = try target.map(ExportOutput.file) ?? .standardOutput()
        } catch let error as ExportOutput.Failure {
            printError("posttrace export: \(error)")
            return error.exitCode
        }
        guard let store = try StoreOptions.open(location, command: "export") else { output.abandon(); return ExitCode.ioError }
        let status = await export(store, location: location, format: format, gzip: gzip, into: output)
        await store.close()
        return status
    }

    static func export(_ store: any PostTraceStorage, location: StoreLocation, format: ExchangeFormat, gzip: Bool,
                       into output: ExportOutput) async -> Int32 {
        let started = Date()
        let summary: ExportSummary
        do {
            summary = try await EventExport.run(store, format: format, gzip: gzip, write: output.write)
            try output.finish()
        } catch let error as ExportOutput.Failure {
            output.abandon()
            printError("posttrace export: \(error)")
            return error.exitCode
        } catch {
            output.abandon()
            printError("posttrace export: \(location): \(StoreOptions.explain(error, at: location))")
            return ExitCode.ioError
        }
        // On stdout the data is the output: the summary goes to stderr.
        let line = "export: \(location) → \(output.name): \(summary.items) items, \(summary.events) events, "
            + "\(String(format: "%.1f", Double(summary.bytes) / 1_048_576)) MB in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
        if output.isStandardOutput { printError(line) } else { print(line) }
        return ExitCode.ok
    }
}

/// Where an export goes: stdout, or a new file written under a temporary name and renamed when complete.
final class ExportOutput {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        /// 73 when the file could not be created or named, 74 when writing failed.
        var exitCode = ExitCode.ioError
    }

    let name: String
    private let fd: Int32
    private var isOpen = true
    private let partial: String?
    private let target: String?
    var isStandardOutput: Bool { target == nil }

    private init(name: String, fd: Int32, partial: String?, target: String?) {
        self.name = name; self.fd = fd; self.partial = partial; self.target = target
    }

    static func standardOutput() -> ExportOutput { ExportOutput(name: "stdout", fd: STDOUT_FILENO, partial: nil, target: nil) }

    /// A new file at `path`: refused when it exists; written as `.NAME.partial-PID` beside it meanwhile.
    static func file(_ path: String) throws -> ExportOutput {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "\(path) exists; an export never overwrites a file", exitCode: ExitCode.cannotCreate)
        }
        let url = URL(fileURLWithPath: path)
        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        Interruption.removeOnSignal(partial)  // before the file exists, so no signal can find it there unhandled
        let fd = open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            Interruption.reset()
            throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))", exitCode: ExitCode.cannotCreate)
        }
        return ExportOutput(name: path, fd: fd, partial: partial, target: path)
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw Failure(description: "cannot write to \(name): \(String(cString: strerror(errno)))") }
                offset += n
            }
        }
    }

    /// Makes a file durable under its name (the directory entry too); stdout needs nothing.
    func finish() throws {
        guard let partial, let target else { return }
        guard fsync(fd) == 0 else { throw Failure(description: "cannot write to \(target): \(String(cString: strerror(errno)))") }
        // link() refuses an existing name, so a file created meanwhile is not overwritten either.
        guard link(partial, target) == 0 else {
            throw Failure(description: "cannot name \(target): \(String(cString: strerror(errno)))", exitCode: ExitCode.cannotCreate)
        }
        abandon()  // the temporary name
        let directory = open(URL(fileURLWithPath: target).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
        if directory >= 0 { fsync(directory); close(directory) }
    }

    /// Closes the file and removes its temporary name (all a failed export wrote); once only.
    func abandon() {
        guard let partial, isOpen else { return }
        isOpen = false
        close(fd)
        unlink(partial)
        Interruption.reset()
    }
}

/// SIGINT, SIGTERM and SIGHUP while an export file is being written: its temporary name is removed and the
/// process exits with 128 + the signal, as a shell reports it. A plain signal handler, installed at once: a
/// dispatch signal source is registered asynchronously, and a signal arriving first was lost (seen in a test
/// under load). The handler only reads a C string and calls unlink and _exit, both async-signal-safe.
private enum Interruption {
    nonisolated(unsafe) static var partialPath: UnsafeMutablePointer<CChar>?
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    static func removeOnSignal(_ partial: String) {
        partialPath = strdup(partial)
        for number in signals { signal(number, removePartialAndExit) }
    }

    static func reset() {
        for number in signals { signal(number, SIG_DFL) }
        free(partialPath)
        partialPath = nil
    }
}

private func removePartialAndExit(_ number: Int32) {
    if let path = Interruption.partialPath { unlink(path) }
    _exit(128 + number)
}
