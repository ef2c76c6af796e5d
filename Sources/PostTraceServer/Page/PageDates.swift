import PostTraceCore
import S10

/// Dates and times as people read them, always in the office's own local time.
enum PageDates {
    /// "3 March 2026, 09:10" / "2026年3月3日 09:10", followed by the UTC offset.
    static func scanTime(_ time: LocalTime, _ language: Language) -> (local: String, offset: String) {
        (Catalogue.dateTime(time, language), "UTC" + time.offsetText())
    }

    /// "3 March 2026" / "2026年3月3日".
    static func day(_ time: LocalTime, _ language: Language) -> String { Catalogue.fullDate(time, language) }

    /// RFC 3339 in UTC for a Unix time (Atom `updated` of a feed without events).
    static func rfc3339UTC(_ epochSeconds: Int64) -> String {
        LocalTime(epochSeconds: epochSeconds, utcOffsetSeconds: 0)?.rfc3339 ?? "1970-01-01T00:00:00Z"
    }

}
