/// Reads an HTTP `Retry-After` header (RFC 9110 §10.2.3): delay-seconds or an IMF-fixdate.
public enum RetryAfter {
    /// The delay in seconds from `now` (seconds since 1970, UTC); nil when the header is malformed.
    /// A date in the past gives 0.
    public static func delay(header: String, now: Int64) -> Int64? {
        let text = header.trimmingSpaces
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        if text.utf8.allSatisfy({ $0 &- 48 < 10 }) {
            // Very long digit strings would overflow; anything beyond a year is as good as "never".
            return text.utf8.count > 9 ? 999_999_999 : Int64(text)
        }
        guard let date = imfFixdate(String(text)) else { return nil }
        return max(0, date - now)
    }

    /// Parses `Sun, 06 Nov 1994 08:49:37 GMT` to seconds since 1970.
    static func imfFixdate(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].count == 4, parts[0].hasSuffix(","), parts[5] == "GMT",
              let day = Int(parts[1]), parts[1].count == 2,
              let month = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]), parts[3].count == 4
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let h = Int(clock[0]), let m = Int(clock[1]), let s = Int(clock[2]),
              (1...31).contains(day), h < 24, m < 60, s < 61
        else { return nil }
        return daysFromCivil(year, month + 1, day) * 86_400 + Int64(h * 3600 + m * 60 + min(s, 59))
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    // Howard Hinnant's days-from-civil: exact for the proleptic Gregorian calendar.
    private static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        return Int64(era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468)
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        var s = self[...]
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
