/// Why a line of an import file was rejected: a stable machine code and a human message.
public struct LineReject: Error, Sendable, Hashable {
    /// A stable code such as `unknown_event_code`, or an S10 error code for a bad number.
    public let code: String
    /// One sentence for people.
    public let message: String
    public init(_ code: RejectCode, _ message: String) { self.code = code.rawValue; self.message = message }
    public init(code: String, message: String) { self.code = code; self.message = message }
}

/// The stable codes of rejected import lines (documented in docs/formats.md).
public enum RejectCode: String, Sendable, CaseIterable {
    /// The line is not valid UTF-8.
    case badUTF8 = "bad_utf8"
    /// The NDJSON line is not one JSON object of scalar fields.
    case badJSON = "bad_json"
    /// A CSV line has an unterminated or misplaced quote.
    case badCSV = "bad_csv"
    /// A CSV line has more or fewer fields than the header.
    case columnCount = "column_count"
    /// The CSV header lacks a required column, repeats one, or is empty.
    case badHeader = "bad_header"
    /// A required field (number, code, time, office) is missing or empty.
    case missingField = "missing_field"
    /// A field has the wrong JSON type (e.g. a number where text is expected).
    case wrongType = "wrong_type"
    /// The tracking number is not a valid S10 number (when the S10 library gives no finer code).
    case invalidNumber = "invalid_number"
    /// The event code cannot be a UPU event code (not three capital letters); well-formed unknown codes are kept.
    case unknownEventCode = "unknown_event_code"
    /// The time is not RFC 3339.
    case badTime = "bad_time"
    /// The time has no UTC offset: rejected, never guessed.
    case timeWithoutOffset = "time_without_offset"
    /// The office code is not 2–16 capital letters and digits starting with an ISO country code.
    case badOffice = "bad_office"
    /// The `country` column disagrees with the office code's country.
    case countryMismatch = "country_mismatch"
    /// `received_at` is not a whole number of seconds since 1970.
    case badReceivedAt = "bad_received_at"
    /// A field is longer than 256 bytes.
    case fieldTooLong = "field_too_long"
    /// The line is longer than 64 KiB.
    case lineTooLong = "line_too_long"
    /// A text field holds NUL or another C0 control character (U+0000–U+001F other than tab), which no
    /// postal text needs and which would cut text, break XML (feeds, WeChat) or fail a PostgreSQL batch.
    case controlCharacter = "control_character"
    /// The item already holds as many scans as one item may (`--max-scans-per-item`, default 1,000).
    case itemScanLimit = "item_scan_limit"
}

/// The import formats.
public enum ExchangeFormat: String, Sendable, CaseIterable {
    case ndjson, csv

    /// The format implied by a file name (`.csv`, `.ndjson`, `.jsonl`, optionally `.gz`), else nil.
    public init?(fileName: String) {
        var name = fileName.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if name.hasSuffix(".csv") { self = .csv } else if name.hasSuffix(".ndjson") || name.hasSuffix(".jsonl") { self = .ndjson } else { return nil }
    }
}
