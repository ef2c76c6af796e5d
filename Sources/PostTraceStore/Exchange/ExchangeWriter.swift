import PostTraceCore

/// Writes events in the exchange formats that `posttrace import` reads (docs/formats.md).
public enum ExchangeWriter {
    /// The CSV header line (without newline).
    public static let csvHeader = CSVHeader.standard

    /// One NDJSON line (without newline): the API's field names, absent fields left out.
    public static func ndjson(_ e: TrackingEvent) -> String {
        var out = "{\"number\":\"\(e.number)\",\"code\":\(jsonString(e.code.rawValue)),\"time\":\"\(e.time.rfc3339)\""
        out += ",\"office\":\(jsonString(e.office.code))"
        func field(_ name: String, _ value: String?) { if let value { out += ",\"\(name)\":\(jsonString(value))" } }
        field("office_name", e.office.name)
        field("city", e.office.city)
        field("reason", e.reason?.rawValue)
        field("next_office", e.nextOffice)
        field("transport", e.transport)
        field("source", e.source)
        if let r = e.receivedAt { out += ",\"received_at\":\(r)" }
        return out + "}"
    }

    /// One CSV line (without newline) in the order of `csvHeader`.
    public static func csv(_ e: TrackingEvent) -> String {
        [e.number.description, e.code.rawValue, e.time.rfc3339, e.office.code, e.office.name ?? "", e.office.city ?? "",
         e.office.countryCode ?? "", e.reason?.rawValue ?? "", e.nextOffice ?? "", e.transport ?? "", e.source ?? ""]
            .map(CSVLine.quote).joined(separator: ",")
    }
}
