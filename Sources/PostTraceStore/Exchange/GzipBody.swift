import CZlib

/// A gzip-compressed body (`Content-Encoding: gzip` on an upload) inflated in memory, with a bound on the
/// inflated size: a few kilobytes that inflate to gigabytes (a "zip bomb") stop at the bound instead.
public enum GzipBody {
    /// Why a body could not be inflated.
    public enum Failure: Error, Sendable, Hashable {
        /// Not gzip data, corrupt, or cut short.
        case malformed(String)
        /// It inflates to more than the bound.
        case tooLarge(limit: Int)
    }

    /// The inflated bytes of one or more concatenated gzip members; throws past `limit` bytes.
    public static func decompress(_ compressed: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        guard !compressed.isEmpty else { throw .malformed("the body is empty") }
        var out: [UInt8] = []
        var offset = 0
        // Each gzip member is its own stream (`cat a.gz b.gz` is valid gzip): inflate them in turn.
        repeat {
            offset += try inflateMember(compressed, from: offset, into: &out, limit: limit)
        } while offset < compressed.count
        return out
    }

    /// Inflates the member starting at `start` onto `out`; returns the compressed bytes it took.
    private static func inflateMember(_ input: [UInt8], from start: Int, into out: inout [UInt8], limit: Int) throws(Failure) -> Int {
        var stream = z_stream()
        guard posttrace_inflate_init_gzip(&stream) == Z_OK else { throw .malformed("zlib could not start") }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let available = input.count - start
        var overLimit = false
        let status: Int32 = input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + start)
            stream.avail_in = UInt32(available)
            var code = Z_OK
            repeat {
                code = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if out.count + produced > limit { overLimit = true; return code }
                out.append(contentsOf: chunk[..<produced])
            } while code == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
            return code
        }
        if overLimit { throw .tooLarge(limit: limit) }
        switch status {
        case Z_STREAM_END: return available - Int(stream.avail_in)
        case Z_OK, Z_BUF_ERROR: throw .malformed("the gzip data ends early")
        default: throw .malformed(stream.msg.map { String(cString: $0) } ?? "not gzip data")
        }
    }
}
