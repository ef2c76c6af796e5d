/// An instant together with the UTC offset of the office where it happened.
///
/// A scan in Beijing at 09:10 +08:00 stays 09:10 +08:00 wherever it is shown: PostTrace
/// never converts office times to the server's zone. Ordering and equality use the instant
/// and the offset; `sameMinute(as:)` compares instants only.
public struct LocalTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let epochSeconds: Int64
    /// Offset of the office's local time from UTC, in seconds (e.g. 28800 for +08:00).
    public let utcOffsetSeconds: Int32

    /// The instants RFC 3339 can write: 0000-01-01T00:00:00Z through 9999-12-31T23:59:59Z.
    public static let validEpochSeconds: ClosedRange<Int64> = -62_167_219_200...253_402_300_799

    /// Makes a time from an instant and an offset. Offsets are limited to ±18:00 as in RFC 3339 practice,
    /// instants to years 0000–9999 (so every time can be written and compared without overflow).
    public init?(epochSeconds: Int64, utcOffsetSeconds: Int32) {
        guard abs(utcOffsetSeconds) <= 18 * 3600, LocalTime.validEpochSeconds.contains(epochSeconds) else { return nil }
        self.epochSeconds = epochSeconds
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    public static func < (a: LocalTime, b: LocalTime) -> Bool {
        (a.epochSeconds, a.utcOffsetSeconds) < (b.epochSeconds, b.utcOffsetSeconds)
    }

    /// Whether both denote the same instant to the minute (the duplicate rule for scans).
    public func sameMinute(as other: LocalTime) -> Bool { epochSeconds / 60 == other.epochSeconds / 60 }

    /// Parses RFC 3339 with a mandatory offset: `2026-03-03T09:10:00+08:00`, `…Z`, optional fraction
    /// (dropped: scans are kept to the second). A time without an offset is rejected, never guessed.
    public init?(rfc3339 text: some StringProtocol) {
        var text = String(text)
        guard let time = text.withUTF8({ LocalTime(rfc3339UTF8: $0) }) else { return nil }
        self = time
    }

    /// The same parser over UTF-8 bytes, allocation-free: the import hot path calls it directly.
    public init?(rfc3339UTF8 b: UnsafeBufferPointer<UInt8>) {
        var i = 0
        func num(_ n: Int) -> Int? {
            guard b.count - i >= n else { return nil }
            var v = 0
            for _ in 0..<n {
                let d = b[i] &- 48
                guard d < 10 else { return nil }
                v = v * 10 + Int(d); i += 1
            }
            return v
        }
        func expect(_ c: UInt8, _ c2: UInt8 = 0, _ c3: UInt8 = 0) -> Bool {
            guard i < b.count, b[i] == c || (c2 != 0 && b[i] == c2) || (c3 != 0 && b[i] == c3) else { return false }
            i += 1; return true
        }
        guard let y = num(4), expect(45), let mo = num(2), expect(45), let d = num(2),
              expect(84, 116, 32), let h = num(2), expect(58), let mi = num(2), expect(58), let s = num(2),
              (1...12).contains(mo), d >= 1, d <= LocalTime.daysIn(month: mo, year: y), h < 24, mi < 60, s < 61
        else { return nil }
        if expect(46) {  // fractional seconds, dropped
            let first = i
            while i < b.count, b[i] &- 48 < 10 { i += 1 }
            guard i > first else { return nil }
        }
        var offset = 0
        if expect(90, 122) {
            offset = 0
        } else if i < b.count, b[i] == 43 || b[i] == 45 {
            let negative = b[i] == 45
            i += 1
            guard let oh = num(2), expect(58), let om = num(2), oh < 19, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (negative ? -1 : 1)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let local = LocalTime.daysFromCivil(y, mo, d) * 86400 + Int64(h * 3600 + mi * 60 + min(s, 59))
        self.init(epochSeconds: local - Int64(offset), utcOffsetSeconds: Int32(offset))
    }

    /// RFC 3339 in the office's own offset, e.g. `2026-03-03T09:10:00+08:00` (`Z` for UTC).
    public var rfc3339: String {
        let f = fields
        var out = "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))T\(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2))"
        out += offsetText(utcForZero: true)
        return out
    }
    public var description: String { rfc3339 }

    /// The offset as `+08:00` (or `Z` when `utcForZero` and the offset is zero).
    public func offsetText(utcForZero: Bool = false) -> String {
        if utcForZero && utcOffsetSeconds == 0 { return "Z" }
        let m = Int(abs(utcOffsetSeconds)) / 60
        return (utcOffsetSeconds < 0 ? "-" : "+") + pad(m / 60, 2) + ":" + pad(m % 60, 2)
    }

    /// Calendar fields of the office's local time.
    public var fields: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let local = epochSeconds + Int64(utcOffsetSeconds)
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secs = Int(local - days * 86400)
        let (y, m, d) = LocalTime.civil(fromDays: days)
        return (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        guard let t = LocalTime(rfc3339: try c.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected RFC 3339 time with offset")
        }
        self = t
    }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rfc3339) }

    // Howard Hinnant's civil-from-days algorithms: exact for the proleptic Gregorian calendar.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146097 + doe - 719468)
    }
    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = Int(z0) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

private func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
