import Foundation
import PostTraceCore

/// Counts of one import. Every record read is imported, a duplicate, or rejected.
public struct ImportSummary: Sendable, Hashable {
    /// Records read (non-blank data lines; a CSV header is not a record).
    public var read = 0
    /// New events stored.
    public var imported = 0
    /// Events already stored (or repeated in the file).
    public var duplicates = 0
    /// Lines written to the rejects file.
    public var rejected = 0
    public init() {}
}

/// A batch that the store has committed durably: every good line up to `lastLine` is stored.
public struct CommittedBatch: Sendable {
    public let firstLine: Int
    public let lastLine: Int
    public let result: InsertResult
}

/// Where an import stands, for a progress bar.
public struct ImportProgress: Sendable {
    public let consumedBytes: Int64
    public let totalBytes: Int64?
    public let summary: ImportSummary
}

/// Streams one NDJSON or CSV file (plain or gzip, `-` for stdin) into a store in constant memory.
/// Parsing runs while the previous batch is being written.
public final class EventImport {
    private let store: any TrackingStore
    private let path: String
    private var format: ExchangeFormat?
    private let receivedAt: Int64
    private let batchSize: Int
    private let maxScansPerItem: Int
    /// Where rejected lines go.
    public let rejectsPath: String
    /// Called after each durable commit, in order.
    public var onCommit: ((CommittedBatch) -> Void)?
    /// Called after each chunk of input.
    public var onProgress: ((ImportProgress) -> Void)?

    private var summary = ImportSummary()
    private var header: CSVHeader?
    private var scratch: [String] = []
    private var spans = CSVFieldSpans()
    private var texts = TextInterner()
    private var lineNumber = 0
    private var batchFirstLine = 1

    /// Prepares an import of `path`; `format` nil means from the file name, else from the first line.
    public init(store: any TrackingStore, path: String, format: ExchangeFormat?, rejectsPath: String? = nil,
                receivedAt: Int64 = Int64(Date().timeIntervalSince1970), batchSize: Int = 262_144,
                maxScansPerItem: Int = ScanLimit.defaultPerItem) {
        self.store = store
        self.path = path
        self.format = format ?? (path == "-" ? nil : ExchangeFormat(fileName: path))
        self.rejectsPath = rejectsPath ?? EventImport.defaultRejectsPath(for: path)
        self.receivedAt = receivedAt
        self.batchSize = max(1, batchSize)
        self.maxScansPerItem = maxScansPerItem
    }

    /// `FILE.rejects.ndjson` next to the file; `./stdin.rejects.ndjson` for standard input.
    public static func defaultRejectsPath(for path: String) -> String {
        path == "-" ? "stdin.rejects.ndjson" : path + ".rejects.ndjson"
    }

    /// Runs the import to the end of the input.
    public func run() async throws(ImportFailure) -> ImportSummary {
        let splitter = LineSplitter(try CompressedInput(path: path))
        let rejects = RejectsFile(path: rejectsPath)
        var batch: [TrackingEvent] = []
        batch.reserveCapacity(batchSize)
        var lines: [Int] = []  // the line of each event in `batch`, to name a reject the store reports
        // The first batches are small and double up to `batchSize`: the writer starts early instead of waiting
        // for a whole large batch to be parsed (early commits into a small database are cheap).
        var limit = min(batchSize, 16_384)
        var pending: Pending?
        var more = true
        while more {
            do {
                more = try splitter.nextChunk { line, tooLong in
                    if let event = try self.record(line, tooLong: tooLong, rejects: rejects) { batch.append(event); lines.append(self.lineNumber) }
                }
            } catch let failure as ImportFailure {
                if let pending { _ = try? await pending.task.value }
                throw failure
            } catch {
                throw .io(path: path, reason: "\(error)")
            }
            guard batch.count >= limit || (!more && !batch.isEmpty) else { continue }
            limit = min(batchSize, limit * 2)
            // Ordered here, while the writer is still busy with the previous batch: it then only checks the order.
            EventImport.putInKeyOrder(&batch, lines: &lines)
            if let p = pending { try await commit(p, rejects: rejects) }
            let events = batch, store = self.store, limit = maxScansPerItem
            pending = Pending(task: Task { try await store.insert(events, maxScansPerItem: limit) }, first: batchFirstLine, last: lineNumber,
                              events: events, lines: lines)
            batchFirstLine = lineNumber + 1
            batch.removeAll(keepingCapacity: true)
            lines.removeAll(keepingCapacity: true)
            onProgress?(ImportProgress(consumedBytes: splitter.consumedBytes, totalBytes: splitter.totalBytes, summary: summary))
        }
        if let p = pending { try await commit(p, rejects: rejects) }
        rejects.flush()
        onProgress?(ImportProgress(consumedBytes: splitter.consumedBytes, totalBytes: splitter.totalBytes, summary: summary))
        return summary
    }

    /// A batch handed to the store, with what is needed to report its rejects.
    private struct Pending {
        let task: Task<InsertResult, any Error>
        let first: Int, last: Int
        let events: [TrackingEvent], lines: [Int]
    }

    /// Orders a batch by (item, time), as the SQLite writer wants it, moving each event (and its line) once.
    static func putInKeyOrder(_ batch: inout [TrackingEvent], lines: inout [Int]) {
        let order = SQLiteWriter.keyOrder(batch)
        guard !order.elementsEqual(batch.indices) else { return }
        batch = batch.withUnsafeBufferPointer { b in order.map { b[$0] } }
        lines = lines.withUnsafeBufferPointer { l in order.map { l[$0] } }
    }

    private func commit(_ p: Pending, rejects: RejectsFile) async throws(ImportFailure) {
        let result: InsertResult
        do { result = try await p.task.value } catch { throw .store("\(error)") }
        summary.imported += result.accepted
        summary.duplicates += result.duplicates
        for i in result.overLimit {
            // The line was parsed into an event and is no longer kept: its event stands in for it.
            var original = Array(ExchangeWriter.ndjson(p.events[i]).utf8)
            try original.withUnsafeMutableBufferPointer { o throws(ImportFailure) in
                try rejects.write(line: p.lines[i], reject: ScanLimit.reject(p.events[i], limit: maxScansPerItem),
                                  original: UnsafeBufferPointer(o), truncated: false)
            }
            summary.rejected += 1
        }
        rejects.flush()
        onCommit?(CommittedBatch(firstLine: p.first, lastLine: p.last, result: result))
    }

    /// One line: the event, or nil when it was blank, a header, or rejected (and written to rejects).
    private func record(_ line: UnsafeBufferPointer<UInt8>, tooLong: Bool, rejects: RejectsFile) throws(ImportFailure) -> TrackingEvent? {
        lineNumber += 1
        if !tooLong && line.allSatisfy({ $0 == 32 || $0 == 9 }) { return nil }
        if format == nil { format = line.first(where: { $0 != 32 && $0 != 9 }) == 123 ? .ndjson : .csv }
        let isHeader = format == .csv && header == nil
        if !isHeader { summary.read += 1 }
        do {
            if tooLong { throw LineReject(.lineTooLong, "the line is longer than \(LineSplitter.maxLine) bytes") }
            guard isValidUTF8(line) else { throw LineReject(.badUTF8, "the line is not valid UTF-8") }
            if isHeader {
                header = try CSVHeader(line)
                return nil
            }
            if let header, let event = header.fastEvent(line, spans: &spans, texts: &texts, receivedAt: receivedAt) { return event }
            let fields = try header.map { h throws(LineReject) in try h.fields(line, scratch: &scratch) } ?? NDJSONLine.fields(line)
            return try fields.event(receivedAt: receivedAt)
        } catch let reject as LineReject {
            if isHeader { summary.read += 1 }
            summary.rejected += 1
            try rejects.write(line: lineNumber, reject: reject, original: line, truncated: tooLong)
            if isHeader { rejects.flush(); throw .badHeader(path: path, reason: reject.message) }
            return nil
        } catch {
            throw .io(path: path, reason: "\(error)")
        }
    }
}
