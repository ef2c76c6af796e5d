import PostTraceCore
import S10

/// Dates and times as people read them, always in the office's own local time.
enum PageDates {
    private static let monthsEnglish = ["January", "February", "March", "April", "May", "June", "July",
                                        "August", "September", "October", "November", "December"]

    /// "3 March 2026, 09:10" / "2026年3月3日 09:10", followed by the UTC offset.
    static func scanTime(_ time: LocalTime, _ language: Language) -> (local: String, offset: String) {
        let f = time.fields
        let clock = two(f.hour) + ":" + two(f.minute)
        let offset = "UTC" + time.offsetText()
        switch language {
        case .en: return ("\(f.day) \(monthsEnglish[f.month - 1]) \(f.year), \(clock)", offset)
        case .zhHans: return ("\(f.year)年\(f.month)月\(f.day)日 \(clock)", offset)
        }
    }

    /// "3 March 2026" / "2026年3月3日".
    static func day(_ time: LocalTime, _ language: Language) -> String {
        let f = time.fields
        switch language {
        case .en: return "\(f.day) \(monthsEnglish[f.month - 1]) \(f.year)"
        case .zhHans: return "\(f.year)年\(f.month)月\(f.day)日"
        }
    }

    /// RFC 3339 in UTC for a Unix time (Atom `updated` of a feed without events).
    static func rfc3339UTC(_ epochSeconds: Int64) -> String {
        LocalTime(epochSeconds: epochSeconds, utcOffsetSeconds: 0)?.rfc3339 ?? "1970-01-01T00:00:00Z"
    }

    private static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
