import CZlib
import Foundation

/// Why an import could not read its input (as opposed to rejecting lines).
public enum ImportFailure: Error, Sendable, CustomStringConvertible {
    /// The file does not exist or cannot be opened (exit 66).
    case noInput(path: String, reason: String)
    /// Reading failed midway, e.g. a corrupt gzip stream (exit 74).
    case io(path: String, reason: String)
    /// The store refused a batch (exit 74); earlier batches stay committed.
    case store(String)
    /// The CSV header cannot be used, so no line can be read (exit 65; the header is in the rejects).
    case badHeader(path: String, reason: String)

    public var description: String {
        switch self {
        case .noInput(let path, let reason): "cannot open \(path): \(reason)"
        case .io(let path, let reason): "cannot read \(path): \(reason)"
        case .store(let reason): "the store failed: \(reason)"
        case .badHeader(let path, let reason): "\(path): \(reason)"
        }
    }
}

/// A file or standard input, gzip-compressed or not (zlib reads plain data transparently).
/// Owns its `gzFile`.
final class CompressedInput {
    private let handle: gzFile
    let path: String
    /// Size of the file on disk, or nil for a pipe (no percentage then).
    let totalBytes: Int64?

    /// Opens `path`, or standard input for `-`.
    init(path: String) throws(ImportFailure) {
        self.path = path
        let fd = path == "-" ? dup(0) : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .noInput(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .noInput(path: path, reason: "is a directory")
        }
        totalBytes = (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
        guard let gz = gzdopen(fd, "rb") else {
            close(fd)
            throw .noInput(path: path, reason: "out of memory")
        }
        gzbuffer(gz, 1 << 18)
        handle = gz
    }

    deinit { gzclose(handle) }

    /// Reads up to `count` uncompressed bytes; 0 at the end.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(ImportFailure) -> Int {
        let n = gzread(handle, buffer, UInt32(count))
        var code: Int32 = Z_OK
        let message = gzerror(handle, &code).map { String(cString: $0) } ?? "read error"
        // At the end, a truncated gzip stream reports Z_BUF_ERROR instead of failing the read.
        guard n >= 0, n > 0 || (code == Z_OK || code == Z_STREAM_END) else { throw .io(path: path, reason: message) }
        return Int(n)
    }

    /// How far into the file (compressed bytes) reading has got, for progress.
    var consumedBytes: Int64 { Int64(gzoffset(handle)) }
}

/// Splits input into lines in constant memory: a line longer than `maxLine` is cut and flagged.
/// A UTF-8 byte-order mark at the start is dropped; a trailing CR is dropped (CRLF files).
final class LineSplitter {
    static let maxLine = 64 * 1024
    private let input: CompressedInput
    // Small chunks keep batches close to the requested size (a batch is cut between chunks).
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var carry: [UInt8] = []
    private var carryTooLong = false
    private var atStart = true

    init(_ input: CompressedInput) { self.input = input }

    /// Reads one chunk and hands every complete line to `body` (the bytes, whether cut).
    /// Returns false after the last line.
    func nextChunk(_ body: (UnsafeBufferPointer<UInt8>, Bool) throws -> Void) throws -> Bool {
        let n = try buffer.withUnsafeMutableBytes { try input.read(into: $0.baseAddress!, count: $0.count) }
        if n == 0 {
            if !carry.isEmpty || carryTooLong { try deliverCarry(body) }
            return false
        }
        try buffer.withUnsafeBufferPointer { all in
            var start = 0
            if atStart {
                atStart = false
                if n >= 3, all[0] == 0xEF, all[1] == 0xBB, all[2] == 0xBF { start = 3 }
            }
            while start < n, let p = memchr(all.baseAddress! + start, 10, n - start) {
                let end = all.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
                if carry.isEmpty && !carryTooLong {
                    try deliver(UnsafeBufferPointer(rebasing: all[start..<end]), tooLong: false, body)
                } else {
                    append(UnsafeBufferPointer(rebasing: all[start..<end]))
                    try deliverCarry(body)
                }
                start = end + 1
            }
            if start < n { append(UnsafeBufferPointer(rebasing: all[start..<n])) }
        }
        return true
    }

    var consumedBytes: Int64 { input.consumedBytes }
    var totalBytes: Int64? { input.totalBytes }

    private func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let room = Self.maxLine + 1 - carry.count
        if bytes.count > room {
            carry.append(contentsOf: bytes.prefix(max(0, room)))
            carryTooLong = true
        } else {
            carry.append(contentsOf: bytes)
        }
    }

    private func deliverCarry(_ body: (UnsafeBufferPointer<UInt8>, Bool) throws -> Void) throws {
        try carry.withUnsafeBufferPointer { try deliver($0, tooLong: carryTooLong, body) }
        carry.removeAll(keepingCapacity: carry.count <= 1 << 16)
        carryTooLong = false
    }

    private func deliver(_ line: UnsafeBufferPointer<UInt8>, tooLong: Bool, _ body: (UnsafeBufferPointer<UInt8>, Bool) throws -> Void) throws {
        var count = line.count
        if count > 0 && line[count - 1] == 13 { count -= 1 }
        if tooLong || count > Self.maxLine {
            try body(UnsafeBufferPointer(rebasing: line[0..<min(count, 1024)]), true)
        } else {
            try body(UnsafeBufferPointer(rebasing: line[0..<count]), false)
        }
    }
}
