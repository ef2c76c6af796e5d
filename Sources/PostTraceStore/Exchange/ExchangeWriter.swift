import PostTraceCore

/// Writes events in the exchange formats that `posttrace import` reads (docs/formats.md).
public enum ExchangeWriter {
    /// The CSV header line (without newline).
    public static let csvHeader = CSVHeader.standard

    /// One NDJSON line (without newline): the API's field names, absent fields left out.
    public static func ndjson(_ e: TrackingEvent) -> String {
        String(decoding: TrackingEvent.ndjsonLines([e]).dropLast(), as: UTF8.self)
    }

    /// One CSV line (without newline) in the order of `csvHeader`.
    public static func csv(_ e: TrackingEvent) -> String {
        [e.number.description, e.code.rawValue, e.time.rfc3339, e.office.code, e.office.name ?? "", e.office.city ?? "",
         e.office.countryCode ?? "", e.reason?.rawValue ?? "", e.nextOffice ?? "", e.transport ?? "", e.source ?? ""]
            .map(CSVLine.quote).joined(separator: ",")
    }
}
