import Synchronization

/// The id that ties a response to its access-log line (`X-Request-Id`), so that a user's report or a
/// proxy's log can be matched with ours. A well-formed id from a proxy in front is kept; otherwise one
/// is made: 16 hex digits, unique within the process and not guessable from the last one.
enum RequestID {
    /// The request's `X-Request-Id` when it is 1–64 letters, digits, `.`, `_` or `-`; else a fresh id.
    static func of(_ request: HTTPRequest) -> String {
        if let given = request.headers["x-request-id"], isWellFormed(given) { return given }
        return next()
    }

    static func isWellFormed(_ id: String) -> Bool {
        let bytes = id.utf8
        return !bytes.isEmpty && bytes.count <= 64 && bytes.allSatisfy { b in
            (b | 0x20) &- UInt8(ascii: "a") < 26 || b &- UInt8(ascii: "0") < 10 || b == UInt8(ascii: ".")
                || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
    }

    /// A counter from a random start, through a bijective mix (SplitMix64's finalizer): never repeats
    /// within 2^64 requests, and consecutive ids look unrelated.
    static func next() -> String {
        var z = counter.add(1, ordering: .relaxed).newValue &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return LibCrypto.hex(z)
    }

    private static let counter = Atomic<UInt64>(LibCrypto.randomUInt64())
}
