import CZlib
import PostTraceCore
import S10

/// Counts of one export.
public struct ExportSummary: Sendable, Hashable {
    public var items = 0
    public var events = 0
    /// Bytes handed to the output (after gzip, when compressing).
    public var bytes = 0
    public init() {}
}

/// Writes every event of a store in an exchange format that `EventImport` reads back: NDJSON with every
/// field, or CSV (every field but `received_at`), plain or gzip. Items are read a page at a time and output
/// leaves in chunks, so memory stays small whatever the store's size.
public enum EventExport {
    /// Items per store read: about ten thousand events, a few megabytes.
    public static let pageItems = 1_000
    /// Output is handed on in chunks of about this many bytes.
    static let chunkBytes = 1 << 20

    /// Exports `store` into `write`, which receives chunks in order and may throw to stop the export.
    public static func run(_ store: any TrackingStore, format: ExchangeFormat, gzip: Bool = false,
                           write: ([UInt8]) throws -> Void) async throws -> ExportSummary {
        var summary = ExportSummary()
        let deflater = gzip ? try GzipStream() : nil
        var pending: [UInt8] = []
        pending.reserveCapacity(chunkBytes + 4096)
        func emit(final: Bool) throws {
            let out = try deflater.map { try $0.deflate(pending, finish: final) } ?? pending
            pending.removeAll(keepingCapacity: true)
            guard !out.isEmpty else { return }
            summary.bytes += out.count
            try write(out)
        }
        if format == .csv { pending += Array((ExchangeWriter.csvHeader + "\n").utf8) }
        try await store.forEachPage(items: pageItems) { page, itemCount in
            if format == .ndjson {
                pending += TrackingEvent.ndjsonLines(page)
            } else {
                for event in page { pending += ExchangeWriter.csv(event).utf8; pending.append(UInt8(ascii: "\n")) }
            }
            if pending.count >= chunkBytes { try emit(final: false) }
            summary.items += itemCount
            summary.events += page.count
        }
        try emit(final: true)
        return summary
    }
}

/// A gzip stream deflated chunk by chunk (zlib's default level and window: files, not answers).
final class GzipStream {
    private var stream = z_stream()

    struct Failure: Error, CustomStringConvertible { let description: String }

    init() throws {
        guard posttrace_deflate_init_gzip(&stream, Z_DEFAULT_COMPRESSION, 15, 8) == Z_OK else {
            throw Failure(description: "zlib could not start deflating (out of memory)")
        }
    }

    deinit { deflateEnd(&stream) }

    /// The compressed bytes `input` gives now; with `finish`, also the rest and the gzip trailer.
    func deflate(_ input: [UInt8], finish: Bool) throws -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        try input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                let code: Int32 = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return CZlib.deflate(&stream, finish ? Z_FINISH : Z_NO_FLUSH)
                }
                out += chunk[..<(chunk.count - Int(stream.avail_out))]
                if code == Z_STREAM_END { return }
                // Z_BUF_ERROR is no progress: normal for an input used up, an error once finishing.
                guard code == Z_OK || (code == Z_BUF_ERROR && !finish) else { throw Failure(description: "zlib failed while deflating (\(code))") }
                // Without finishing, zlib is done with this input once it leaves output room unused.
                if !finish, stream.avail_in == 0, stream.avail_out > 0 { return }
            }
        }
        return out
    }
}
