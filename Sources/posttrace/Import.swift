import Foundation
import PostTraceStore

enum ImportCommand {
    static let command = Command(
        name: "import",
        summary: "Import events from NDJSON or CSV files",
        help: """
            Usage: posttrace import FILE… [--format csv|ndjson] [--db LOCATION] [--ack FILE] [--max-scans-per-item N]

            Streams each FILE (gzip accepted; '-' reads standard input) into the store. Bad lines go to
            FILE.rejects.ndjson (stdin: ./stdin.rejects.ndjson) with their line number, error code and
            message; good lines are imported. Importing the same file again imports 0 new events.
            See docs/formats.md for the formats and the error codes.

            Options:
              --format csv|ndjson  default: from the file name (.csv, .ndjson, .jsonl, optionally .gz),
                                   else from the first line ('{' means NDJSON)
            \(StoreOptions.help)
              --ack FILE         append one line per durably committed batch: FILE<TAB>first line<TAB>last line
              --batch N          at most N events per transaction (default 262144; each commit waits for one
                                 fsync; the first batches are smaller so that writing starts early)
              --max-scans-per-item N   an item keeps at most N distinct scans; more are rejected with
                                 item_scan_limit (default 1000) (env POSTTRACE_MAX_SCANS_PER_ITEM)

            Exit status: 0 every line accepted, 65 some lines rejected, 66 a file is missing, 74 I/O error.
            """,
        run: run
    )

    @Sendable static func run(_ argv: [String]) async throws -> Int32 {
        let args = try Arguments(argv, options: ["format", "db", "ack", "batch", "max-scans-per-item"], flags: [])
        guard !args.positionals.isEmpty else { throw UsageError(message: "name at least one FILE (or - for stdin)") }
        var format: ExchangeFormat?
        if let text = args.value("format") {
            guard let f = ExchangeFormat(rawValue: text.lowercased()) else { throw UsageError(message: "--format must be csv or ndjson") }
            format = f
        }
        let batch = try args.int("batch", default: 262_144, in: 1...1_000_000)
        let limit = try args.int("max-scans-per-item", env: "POSTTRACE_MAX_SCANS_PER_ITEM", default: ScanLimit.defaultPerItem,
                                 in: 1...1_000_000)
        let location = try StoreOptions.location(args)
        // Check every file first: a typo in the last name should not leave a half-done run.
        for path in args.positionals where path != "-" && !FileManager.default.isReadableFile(atPath: path) {
            printError("posttrace import: cannot open \(path): no such readable file")
            return ExitCode.noInput
        }
        guard let store = try StoreOptions.open(location, command: "import") else { return ExitCode.ioError }
        let ack = try args.value("ack").map(AckLog.init(path:))
        var status = ExitCode.ok
        for path in args.positionals {
            let fileStatus = await importFile(path, format: format, store: store, batch: batch, limit: limit, ack: ack)
            status = max(status, fileStatus)
            if fileStatus == ExitCode.ioError { break }
        }
        await store.close()
        return status
    }

    private static func importFile(_ path: String, format: ExchangeFormat?, store: any PostTraceStorage, batch: Int, limit: Int,
                                   ack: AckLog?) async -> Int32 {
        let job = EventImport(store: store, path: path, format: format, batchSize: batch, maxScansPerItem: limit)
        let bar = isatty(2) == 1 ? ProgressBar(label: path == "-" ? "stdin" : path) : nil
        job.onCommit = { ack?.record(path: path, batch: $0) }
        job.onProgress = { bar?.show($0) }
        let name = path == "-" ? "stdin" : path
        do {
            let s = try await job.run()
            bar?.finish()
            var line = "\(name): read \(s.read): \(s.imported) imported, \(s.duplicates) duplicates, \(s.rejected) rejected"
            if s.rejected > 0 { line += " (see \(job.rejectsPath))" }
            printError(line)
            return s.rejected > 0 ? ExitCode.dataError : ExitCode.ok
        } catch {
            bar?.finish()
            printError("posttrace import: \(error)")
            switch error {
            case .noInput: return ExitCode.noInput
            case .badHeader: return ExitCode.dataError
            case .io, .store: return ExitCode.ioError
            }
        }
    }
}

/// The acknowledgement log: one line per committed batch, written straight to the file descriptor
/// so that a line on disk always means the batch is durable (tests kill the import and check).
final class AckLog: Sendable {
    private let fd: Int32

    init(path: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw UsageError(message: "cannot open --ack file \(path)") }
    }

    deinit { close(fd) }

    func record(path: String, batch: CommittedBatch) {
        let line = "\(path)\t\(batch.firstLine)\t\(batch.lastLine)\t\(batch.result.accepted)\t\(batch.result.duplicates)\n"
        _ = line.withCString { write(fd, $0, strlen($0)) }
    }
}
