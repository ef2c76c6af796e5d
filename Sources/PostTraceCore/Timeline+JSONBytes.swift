import S10

extension Timeline {
    /// The timeline as JSON bytes: the same document as `JSONEncoder().encode(self)` (same members and
    /// values, see `Timeline+JSON.swift`), written directly. The API's hot path.
    public func jsonBytes() -> [UInt8] { TimelineJSON.encode(self) }
}

/// Writes a timeline's API JSON (the shape `Timeline.encode(to:)` defines) straight into bytes.
///
/// Foundation's JSONEncoder took over half of the CPU time of a lookup (measured with perf under wrk);
/// this writer produces the same members without the Codable machinery. Tests check that both agree
/// on simulated timelines, so the Codable encoding stays the reference.
struct TimelineJSON {
    private(set) var bytes: [UInt8] = []
    /// The last number written and its bytes: every event repeats the timeline's number.
    private var lastNumber: (number: S10Number, utf8: [UInt8])?
    /// Event titles already looked up for this timeline (a dozen codes at most; a linear search beats hashing).
    private var titles: [(code: EventCode, title: String)] = []

    static func encode(_ t: Timeline) -> [UInt8] {
        var w = TimelineJSON()
        w.bytes.reserveCapacity(1024 + t.events.count * 320)
        w.timeline(t)
        return w.bytes
    }

    private mutating func timeline(_ t: Timeline) {
        let lang = t.language
        raw("{\"number\":"); number(t.number)
        member(",\"service\":", t.number.service.rawValue); member(",\"service_title\":", t.number.service.name(in: lang))
        member(",\"status\":", t.status.rawValue); member(",\"status_title\":", t.status.title(in: lang))
        if let customs = t.customs {
            raw(",\"customs\":{\"direction\":"); string(customs.direction.rawValue)
            member(",\"phase\":", customs.phase.rawValue); member(",\"title\":", customs.title(in: lang)); raw("}")
        }
        if let reason = t.reason { member(",\"reason\":", reason.rawValue); member(",\"reason_title\":", reason.title(in: lang)) }
        raw(",\"stale\":"); raw(t.stale ? "true" : "false")
        if let current = t.currentStage { member(",\"current_stage\":", current.rawValue) }
        raw(",\"stages\":[")
        for (i, p) in t.stages.enumerated() {
            if i > 0 { raw(",") }
            raw("{\"stage\":"); string(p.stage.rawValue); member(",\"title\":", p.stage.title(in: lang))
            if let at = p.reachedAt { raw(",\"reached_at\":"); time(at) }
            raw(",\"is_current\":"); raw(p.isCurrent ? "true" : "false"); raw("}")
        }
        raw("],\"events\":[")
        for (i, e) in t.events.enumerated() {
            if i > 0 { raw(",") }
            event(e, lang)
        }
        raw("]")
        if let last = t.lastUpdate { raw(",\"last_update\":"); time(last) }
        member(",\"origin\":", t.origin); member(",\"origin_name\":", Catalogue.countryName(t.origin, lang))
        if let destination = t.destination {
            member(",\"destination\":", destination); member(",\"destination_name\":", Catalogue.countryName(destination, lang))
        }
        raw(",\"explanation\":{\"headline\":"); string(t.explanation.headline)
        raw(",\"advice\":"); list(t.explanation.advice); raw(",\"contacts\":"); list(t.explanation.contacts); raw("}")
        member(",\"language\":", lang.rawValue); raw("}")
    }

    private mutating func event(_ e: TrackingEvent, _ lang: Language) {
        raw("{\"number\":"); number(e.number)
        member(",\"code\":", e.code.rawValue); raw(",\"time\":"); time(e.time); member(",\"office\":", e.office.code)
        optional(",\"office_name\":", e.office.name); optional(",\"city\":", e.office.city); optional(",\"reason\":", e.reason?.rawValue)
        optional(",\"next_office\":", e.nextOffice); optional(",\"transport\":", e.transport); optional(",\"source\":", e.source)
        if let received = e.receivedAt { raw(",\"received_at\":"); raw(String(received)) }
        member(",\"title\":", title(of: e.code, lang)); optional(",\"country\":", e.office.countryCode)
        optional(",\"reason_title\":", e.reason?.title(in: lang))
        raw("}")
    }

    private mutating func raw(_ s: StaticString) { s.withUTF8Buffer { bytes.append(contentsOf: $0) } }
    private mutating func raw(_ s: String) { var text = s; text.withUTF8 { bytes.append(contentsOf: $0) } }
    /// `k` is the whole prefix, e.g. `,"code":`: one append per member instead of four.
    private mutating func member(_ k: StaticString, _ v: String) { raw(k); string(v) }
    private mutating func optional(_ k: StaticString, _ v: String?) { if let v { member(k, v) } }
    private mutating func list(_ items: [String]) {
        raw("[")
        for (i, item) in items.enumerated() { if i > 0 { raw(",") }; string(item) }
        raw("]")
    }

    /// A JSON string: quotes, backslashes and control characters escaped; everything else as UTF-8.
    private mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { utf8 in
            // Nearly every string needs no escaping: copy it whole.
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: utf8)
            } else {
                for b in utf8 { escaped(b) }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escaped(_ b: UInt8) {
        let hex: StaticString = "0123456789abcdef"
        switch b {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case 0x0A: raw("\\n")
        case 0x0D: raw("\\r")
        case 0x09: raw("\\t")
        case 0..<0x20:
            raw("\\u00")
            hex.withUTF8Buffer { bytes.append($0[Int(b >> 4)]); bytes.append($0[Int(b & 0xF)]) }
        default: bytes.append(b)
        }
    }

    /// A number's 13 canonical bytes in quotes.
    private mutating func number(_ n: S10Number) {
        if lastNumber?.number != n { lastNumber = (n, n.utf8) }
        bytes.append(UInt8(ascii: "\""))
        if let lastNumber { bytes.append(contentsOf: lastNumber.utf8) }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func title(of code: EventCode, _ lang: Language) -> String {
        if let known = titles.first(where: { $0.code == code }) { return known.title }
        let title = code.title(in: lang)
        titles.append((code, title))
        return title
    }

    /// RFC 3339 in the office's own offset (as `LocalTime.rfc3339`), built on the stack and appended once.
    private mutating func time(_ t: LocalTime) {
        let f = t.fields
        guard (0...9999).contains(f.year) else { raw("\""); raw(t.rfc3339); raw("\""); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { out in
            var n = 0
            func put(_ b: UInt8) { out[n] = b; n += 1 }
            func two(_ v: Int) { put(UInt8(ascii: "0") + UInt8(v / 10 % 10)); put(UInt8(ascii: "0") + UInt8(v % 10)) }
            put(UInt8(ascii: "\"")); two(f.year / 100); two(f.year % 100); put(UInt8(ascii: "-")); two(f.month)
            put(UInt8(ascii: "-")); two(f.day); put(UInt8(ascii: "T")); two(f.hour); put(UInt8(ascii: ":")); two(f.minute)
            put(UInt8(ascii: ":")); two(f.second)
            if t.utcOffsetSeconds == 0 {
                put(UInt8(ascii: "Z"))
            } else {
                let minutes = Int(abs(t.utcOffsetSeconds)) / 60
                put(t.utcOffsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")); two(minutes / 60); put(UInt8(ascii: ":")); two(minutes % 60)
            }
            put(UInt8(ascii: "\""))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: out[..<n]))
        }
    }
}
