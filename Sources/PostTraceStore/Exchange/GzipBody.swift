import CZlib

/// A gzip-compressed body in memory: an upload's (`Content-Encoding: gzip`) inflated with a bound on the
/// inflated size, so a few kilobytes that inflate to gigabytes (a "zip bomb") stop at the bound; and a
/// response's deflated for a client that accepts gzip.
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

    /// `bytes` as one gzip member (RFC 1952) at zlib `level` (1 fastest … 9 smallest).
    ///
    /// The window and the match tables are sized to the input: zlib's defaults (32 KiB window, 256 KiB of
    /// state) cost more to set up and clear than compressing a few kilobytes does, and a window at least as
    /// long as the input finds the same matches.
    /// Nil only when zlib cannot allocate its state.
    public static func compress(_ bytes: [UInt8], level: Int32 = 1) -> [UInt8]? {
        let windowBits = Int32(min(15, max(9, Int.bitWidth - max(bytes.count - 1, 1).leadingZeroBitCount)))
        var stream = z_stream()
        guard posttrace_deflate_init_gzip(&stream, min(9, max(1, level)), windowBits, min(8, max(5, windowBits - 6))) == Z_OK else {
            return nil
        }
        defer { deflateEnd(&stream) }
        // deflateBound is the most one Z_FINISH call can produce: one call always finishes.
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))))
        let produced: Int = bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                let code = deflate(&stream, Z_FINISH)
                precondition(code == Z_STREAM_END, "deflate with deflateBound's room must finish")
                return target.count - Int(stream.avail_out)
            }
        }
        out.removeSubrange(produced...)
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
