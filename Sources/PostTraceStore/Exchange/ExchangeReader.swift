import PostTraceCore

/// Parses single exchange-format records, with the same validation and reject codes as `posttrace import`
/// (for an HTTP ingest endpoint, or anyone holding lines already).
public enum ExchangeReader {
    /// One NDJSON line (without its newline) as an event; `receivedAt` fills a missing `received_at`.
    public static func event(ndjson line: UnsafeBufferPointer<UInt8>, receivedAt: Int64?) throws(LineReject) -> TrackingEvent {
        guard line.count <= LineSplitter.maxLine else { throw LineReject(.lineTooLong, "the line is longer than \(LineSplitter.maxLine) bytes") }
        guard isValidUTF8(line) else { throw LineReject(.badUTF8, "the line is not valid UTF-8") }
        return try NDJSONLine.fields(line).event(receivedAt: receivedAt)
    }

    /// One NDJSON line given as text.
    public static func event(ndjson line: String, receivedAt: Int64?) throws(LineReject) -> TrackingEvent {
        var copy = line
        let result: Result<TrackingEvent, LineReject> = copy.withUTF8 { bytes in
            do throws(LineReject) { return .success(try event(ndjson: bytes, receivedAt: receivedAt)) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
