/// HTTP caching for GET answers (RFC 9110 §8.8.3, §13.1.2; RFC 9111): a strong `ETag` over the body,
/// `If-None-Match` answered with 304, `Vary: Accept-Language` where the language was negotiated, and the
/// lookups' `Cache-Control`.
///
/// People refresh a parcel's page again and again while they wait; a client that revalidates gets a
/// bodiless 304 while nothing changed, and a cache in front of several servers can answer for them.
enum HTTPCaching {
    /// `"` + 16 hex digits + `"`: a 64-bit FNV-1a over the body, 8 bytes a step, then mixed.
    ///
    /// Deterministic (unlike `Hasher`, seeded per process), so servers behind one load balancer and a
    /// restarted server give the same tag for the same bytes. Not a security boundary: a clash could only
    /// make a client keep a copy it already had.
    static func entityTag(of body: [UInt8]) -> String {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(body.count)
        body.withUnsafeBytes { raw in
            var i = 0
            while i + 8 <= raw.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* prime
                i += 8
            }
            while i < raw.count { h = (h ^ UInt64(raw[i])) &* prime; i += 1 }
        }
        // The word steps only carry differences upwards; a final mix spreads them over all 64 bits.
        h ^= h >> 33; h &*= 0xFF51_AFD7_ED55_8CCD; h ^= h >> 33; h &*= 0xC4CE_B9FE_1A85_EC53; h ^= h >> 33
        return "\"" + LibCrypto.hex(h) + "\""
    }

    /// The tag of the gzipped body made from the body tagged `identityTag`: `"…-gzip"`.
    static func gzipTag(_ identityTag: String) -> String {
        String(identityTag.dropLast()) + "-gzip\""
    }

    /// Whether an `If-None-Match` field value names `tag`: `*`, or any listed entity tag equal to it by
    /// weak comparison (a `W/` prefix is ignored), as RFC 9110 §13.1.2 asks for GET and HEAD.
    /// A malformed list matches nothing: the client then simply gets the full answer.
    static func noneMatch(_ field: String, matches tag: String) -> Bool {
        let bytes = Array(field.utf8), wanted = Array(tag.utf8)
        var i = 0
        func skipSeparators() { while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") || bytes[i] == UInt8(ascii: ",") { i += 1 } }
        skipSeparators()
        if i < bytes.count, bytes[i] == UInt8(ascii: "*") {
            i += 1; skipSeparators()
            return i == bytes.count
        }
        while i < bytes.count {
            if bytes.count - i >= 2, bytes[i] == UInt8(ascii: "W"), bytes[i + 1] == UInt8(ascii: "/") { i += 2 }
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return false }
            let start = i
            i += 1
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += 1 }
            guard i < bytes.count else { return false }  // unclosed quote
            i += 1
            if bytes[start..<i].elementsEqual(wanted) { return true }
            skipSeparators()
        }
        return false
    }

    /// The `Cache-Control` of lookups (the API's and the page's): revalidate every time by default, or let
    /// caches keep an answer for `maxAge` seconds; `private` when reads need a key, so that a shared cache
    /// never hands one client's authenticated answer to another.
    static func lookupCacheControl(maxAge: Int, keyRequired: Bool) -> String {
        guard maxAge > 0 else { return "no-cache" }
        return "\(keyRequired ? "private" : "public"), max-age=\(maxAge)"
    }

    /// Whether a `Cache-Control` value has the `no-store` directive (names compare case-insensitively).
    static func forbidsStorage(_ cacheControl: String?) -> Bool {
        guard let cacheControl else { return false }
        return cacheControl.utf8.split(separator: UInt8(ascii: ",")).contains { directive in
            let name = directive.prefix { $0 != UInt8(ascii: "=") }.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
            return name.count == 8 && zip(name, "no-store".utf8).allSatisfy { ($0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0) == $1 }
        }
    }

    /// Representation metadata a 304 should not repeat (RFC 9110 §15.4.5): it describes a body the 304 has not.
    /// The cache headers stay, and so do headers about the exchange itself (rate limits, the request id).
    static let notModifiedDrops: Set<String> = ["content-type", "content-language", "content-encoding", "content-length", "last-modified"]
}

extension HTTPResponse {
    /// The value of the first header named `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }

    /// Replaces every header named `name` with one of `value`.
    mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.equalsIgnoringASCIICase(name) }
        headers.append((name, value))
    }

    /// The 304 standing for this 200: its headers without the body's metadata.
    ///
    /// The body stays in the value but is never sent: libmicrohttpd sends a 304's head only, with the
    /// body's length as Content-Length. That is the one value RFC 9110 §8.6 allows there (an empty body
    /// would make it send `Content-Length: 0`, which it forbids).
    func notModified() -> HTTPResponse {
        HTTPResponse(status: 304, headers: headers.filter { !HTTPCaching.notModifiedDrops.contains($0.name.lowercased()) }, body: body)
    }
}

private extension String {
    /// ASCII case-insensitive equality, for header names.
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        func lower(_ b: UInt8) -> UInt8 { b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b }
        guard utf8.count == other.utf8.count else { return false }
        // Header names are native strings, so both are contiguous: compared as two buffers, without iterators.
        let compared = utf8.withContiguousStorageIfAvailable { mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in
                for i in 0..<mine.count where lower(mine[i]) != lower(theirs[i]) { return false }
                return true
            }
        }
        if let outer = compared, let result = outer { return result }
        return zip(utf8, other.utf8).allSatisfy { lower($0) == lower($1) }
    }
}
