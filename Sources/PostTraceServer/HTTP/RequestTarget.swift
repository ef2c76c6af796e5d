/// Checks of the request target as the client sent it, before libmicrohttpd percent-decodes it.
///
/// libmicrohttpd hands the path and query values over as C strings, decoded in place: a `%00` ends them
/// early, so `/v1/lanes/%00%00-US` would reach the router as `/v1/lanes/` plus nothing, and a route would
/// answer for a path the client never asked for. No resource has a control character in its path, so such
/// a path is refused as a whole; in the query only NUL is refused, since a form's text may hold a line break.
enum RequestTarget {
    /// What is wrong with a target, if anything.
    enum Flaw: Sendable, Equatable {
        /// The path decodes to a C0 control character (NUL included) or DEL.
        case controlCharacterInPath
        /// A query name or value decodes to NUL.
        case nulInQuery
    }

    /// The first flaw of `target` (the request line's second word, undecoded), or nil when it has none.
    static func flaw(of target: some Collection<UInt8>) -> Flaw? {
        var inQuery = false
        var bytes = target.makeIterator()
        while let byte = bytes.next() {
            if byte == UInt8(ascii: "#") { break }
            if byte == UInt8(ascii: "?") { inQuery = true; continue }
            var decoded = byte
            if byte == UInt8(ascii: "%") {
                guard let high = bytes.next() else { break }
                guard let h = hexValue(high), let low = bytes.next() else { continue }
                guard let l = hexValue(low) else { continue }
                decoded = h << 4 | l
            }
            if inQuery {
                if decoded == 0 { return .nulInQuery }
            } else if decoded < 0x20 || decoded == 0x7F {
                return .controlCharacterInPath
            }
        }
        return nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// The request target holds a character no path or query of this server can hold (see `RequestTarget`).
struct BadTarget: HTTPProblem {
    let flaw: RequestTarget.Flaw
    var status: Int { 400 }
    var slug: String { flaw == .controlCharacterInPath ? "bad-path" : "bad-query" }
    var title: String { flaw == .controlCharacterInPath ? "Invalid path" : "Invalid query" }
    var detail: String? {
        switch flaw {
        case .controlCharacterInPath: "The path holds a control character (such as %00 or %0A) after percent-decoding; no resource has one."
        case .nulInQuery: "A query parameter holds a NUL character (%00) after percent-decoding."
        }
    }
}
