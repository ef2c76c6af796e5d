import S10

/// A small append-only JSON writer over bytes: the timeline's hot path skips `Encoder` machinery.
struct JSONWriter {
    var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray(_ key: String) { self.key(key); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }
    mutating func beginObject(_ key: String) { self.key(key); bytes.append(UInt8(ascii: "{")); needsComma = false }

    mutating func field(_ key: String, _ value: String?) {
        guard let value else { return }
        self.key(key)
        string(value)
        needsComma = true
    }
    mutating func field(_ key: String, _ value: Bool) {
        self.key(key)
        bytes.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
        needsComma = true
    }
    mutating func field(_ key: String, _ value: Int64?) {
        guard let value else { return }
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }
    /// An array element that is a string.
    mutating func element(_ value: String) { separator(); string(value); needsComma = true }

    private mutating func separator() { if needsComma { bytes.append(UInt8(ascii: ",")) } }

    private mutating func key(_ key: String) {
        separator()
        string(key)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// An RFC 3339 time in its own offset, written digit by digit (same text as `LocalTime.rfc3339`).
    mutating func field(_ key: String, _ time: LocalTime?) {
        guard let time else { return }
        self.key(key)
        let f = time.fields
        bytes.append(UInt8(ascii: "\""))
        digits(f.year, 4); bytes.append(UInt8(ascii: "-")); digits(f.month, 2); bytes.append(UInt8(ascii: "-"))
        digits(f.day, 2); bytes.append(UInt8(ascii: "T")); digits(f.hour, 2); bytes.append(UInt8(ascii: ":"))
        digits(f.minute, 2); bytes.append(UInt8(ascii: ":")); digits(f.second, 2)
        if time.utcOffsetSeconds == 0 {
            bytes.append(UInt8(ascii: "Z"))
        } else {
            let m = Int(abs(time.utcOffsetSeconds)) / 60
            bytes.append(UInt8(ascii: time.utcOffsetSeconds < 0 ? "-" : "+"))
            digits(m / 60, 2); bytes.append(UInt8(ascii: ":")); digits(m % 60, 2)
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    private mutating func digits(_ value: Int, _ width: Int) {
        guard value >= 0, value < 10_000 else { bytes.append(contentsOf: String(value).utf8); return }
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 { bytes.append(UInt8(ascii: "0") + UInt8(v / divisor % 10)); v %= divisor; divisor /= 10 }
    }

    /// RFC 8259 string escaping: quote, backslash and control characters; everything else is UTF-8 as is.
    private mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: most strings need no escaping and are stored contiguously.
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { raw in
            for b in raw where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return false }
            bytes.append(contentsOf: raw)
            return true
        }
        if copied == true { bytes.append(UInt8(ascii: "\"")); return }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension Timeline {
    /// The timeline as JSON bytes, the same document as `JSONEncoder().encode(self)` (same fields and
    /// values, see `Timeline+JSON.swift`) written directly: the API's hot path.
    public func jsonBytes() -> [UInt8] {
        let lang = language
        var w = JSONWriter(capacity: 1024 + events.count * 256)
        w.beginObject()
        w.field("number", number.description)
        w.field("service", number.service.rawValue)
        w.field("service_title", number.service.name(in: lang))
        w.field("status", status.rawValue)
        w.field("status_title", status.title(in: lang))
        if let customs {
            w.beginObject("customs")
            w.field("direction", customs.direction.rawValue)
            w.field("phase", customs.phase.rawValue)
            w.field("title", customs.title(in: lang))
            w.endObject()
        }
        w.field("reason", reason?.rawValue)
        w.field("reason_title", reason?.title(in: lang))
        w.field("stale", stale)
        w.field("current_stage", currentStage?.rawValue)
        w.beginArray("stages")
        for p in stages {
            w.beginObject()
            w.field("stage", p.stage.rawValue)
            w.field("title", p.stage.title(in: lang))
            w.field("reached_at", p.reachedAt)
            w.field("is_current", p.isCurrent)
            w.endObject()
        }
        w.endArray()
        w.beginArray("events")
        let numberText = number.description  // every event of a timeline has the timeline's number
        for e in events { writeEvent(e, numberText, into: &w, lang) }
        w.endArray()
        w.field("last_update", lastUpdate)
        w.field("origin", origin)
        w.field("origin_name", Catalogue.countryName(origin, lang))
        w.field("destination", destination)
        w.field("destination_name", destination.map { Catalogue.countryName($0, lang) })
        w.beginObject("explanation")
        w.field("headline", explanation.headline)
        w.beginArray("advice")
        for a in explanation.advice { w.element(a) }
        w.endArray()
        w.beginArray("contacts")
        for c in explanation.contacts { w.element(c) }
        w.endArray()
        w.endObject()
        w.field("language", language.rawValue)
        w.endObject()
        return w.bytes
    }

    private func writeEvent(_ e: TrackingEvent, _ numberText: String, into w: inout JSONWriter, _ lang: Language) {
        w.beginObject()
        w.field("number", e.number == number ? numberText : e.number.description)
        w.field("code", e.code.rawValue)
        w.field("time", e.time as LocalTime?)
        w.field("office", e.office.code)
        w.field("office_name", e.office.name)
        w.field("city", e.office.city)
        w.field("reason", e.reason?.rawValue)
        w.field("next_office", e.nextOffice)
        w.field("transport", e.transport)
        w.field("source", e.source)
        w.field("received_at", e.receivedAt)
        w.field("title", e.code.title(in: lang))
        w.field("country", e.office.countryCode)
        w.field("reason_title", e.reason?.title(in: lang))
        w.endObject()
    }
}
