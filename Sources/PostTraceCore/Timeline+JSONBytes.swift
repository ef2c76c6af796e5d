import S10

extension Timeline {
    /// The timeline as JSON bytes: the same document as `JSONEncoder().encode(self)` (same members and
    /// values, see `Timeline+JSON.swift`), written directly. The API's hot path.
    public func jsonBytes() -> [UInt8] { TimelineJSON.encode(self) }
}

extension TrackingEvent {
    /// Events as NDJSON lines of the exchange format that `posttrace import` reads: the API's event members
    /// without its plain-word ones (`title`, `country`, `reason_title`), absent fields left out, a newline
    /// after each. Written as the API's events are, straight into bytes (exports write millions).
    public static func ndjsonLines(_ events: [TrackingEvent]) -> [UInt8] {
        guard let first = events.first else { return [] }
        var w = TimelineJSON(first.number, capacity: events.count * 240)
        for event in events { w.exchangeLine(event) }
        return w.finishLines()
    }
}

/// Writes a timeline's API JSON (the shape `Timeline.encode(to:)` defines) straight into bytes.
///
/// Foundation's JSONEncoder took over half of the CPU time of a lookup (measured with perf under wrk);
/// this writer produces the same members without the Codable machinery. Tests check that both agree
/// on simulated timelines, so the Codable encoding stays the reference.
struct TimelineJSON: ~Copyable {
    private var out: ByteSink
    /// The timeline's number in its 13 canonical bytes: every event repeats it.
    private let number: S10Number
    private let numberBytes: [UInt8]

    static func encode(_ t: Timeline) -> [UInt8] {
        var w = TimelineJSON(t.number, capacity: 1024 + t.events.count * 320)
        w.timeline(t)
        return w.out.finish()
    }

    fileprivate init(_ number: S10Number, capacity: Int) {
        out = ByteSink(capacity: capacity)
        self.number = number
        numberBytes = number.utf8
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
            if let at = p.reachedAt { raw(",\"reached_at\":"); out.appendQuoted(at) }
            raw(",\"is_current\":"); raw(p.isCurrent ? "true" : "false"); raw("}")
        }
        raw("],\"events\":[")
        // Through a buffer pointer: each event is read in place instead of copied (a retain per string).
        t.events.withUnsafeBufferPointer { events in
            for i in events.indices {
                if i > 0 { raw(",") }
                event(events[i], lang)
            }
        }
        raw("]")
        if let last = t.lastUpdate { raw(",\"last_update\":"); out.appendQuoted(last) }
        member(",\"origin\":", t.origin); member(",\"origin_name\":", Catalogue.countryName(t.origin, lang))
        if let destination = t.destination {
            member(",\"destination\":", destination); member(",\"destination_name\":", Catalogue.countryName(destination, lang))
        }
        raw(",\"explanation\":{\"headline\":"); string(t.explanation.headline)
        raw(",\"advice\":"); list(t.explanation.advice); raw(",\"contacts\":"); list(t.explanation.contacts); raw("}")
        member(",\"language\":", lang.rawValue)
        estimate(t.estimate)
        raw("}")
    }

    private mutating func estimate(_ outcome: EstimateOutcome) {
        guard let e = outcome.estimate else {
            raw(",\"estimated_delivery\":null")
            member(",\"estimated_delivery_reason\":", outcome.reason?.rawValue ?? "")
            return
        }
        member(",\"estimated_delivery\":{\"earliest\":", e.earliest.description)
        member(",\"latest\":", e.latest.description); member(",\"most_likely\":", e.mostLikely.description)
        raw(",\"confidence\":"); out.appendRaw(String(e.confidence))
        member(",\"basis\":{\"lane\":", e.basis.lane.description)
        member(",\"service\":", e.basis.service.name(in: .en)); member(",\"stage\":", e.basis.stage.rawValue)
        raw(",\"items\":"); out.append(decimal: Int64(e.basis.items)); member(",\"level\":", e.basis.level.rawValue)
        raw("}}")
    }

    private mutating func event(_ e: borrowing TrackingEvent, _ lang: Language) {
        exchangeFields(e)
        member(",\"title\":", e.code.title(in: lang)); optional(",\"country\":", e.office.countryCode)
        optional(",\"reason_title\":", e.reason?.title(in: lang))
        raw("}")
    }

    /// `{` and the members an event has in the exchange format, in its order; the caller closes the object.
    private mutating func exchangeFields(_ e: borrowing TrackingEvent) {
        raw("{\"number\":"); number(e.number)
        member(",\"code\":", e.code.rawValue); raw(",\"time\":"); out.appendQuoted(e.time); member(",\"office\":", e.office.code)
        optional(",\"office_name\":", e.office.name); optional(",\"city\":", e.office.city); optional(",\"reason\":", e.reason?.rawValue)
        optional(",\"next_office\":", e.nextOffice); optional(",\"transport\":", e.transport); optional(",\"source\":", e.source)
        if let received = e.receivedAt { raw(",\"received_at\":"); out.append(decimal: received) }
    }

    fileprivate mutating func exchangeLine(_ e: borrowing TrackingEvent) {
        exchangeFields(e)
        raw("}\n")
    }

    fileprivate consuming func finishLines() -> [UInt8] { out.finish() }

    private mutating func raw(_ s: StaticString) { out.append(s) }
    private mutating func string(_ s: String) { out.appendQuoted(s) }
    /// `k` is the whole prefix, e.g. `,"code":`: one append per member instead of four.
    private mutating func member(_ k: StaticString, _ v: String) { raw(k); string(v) }
    private mutating func optional(_ k: StaticString, _ v: String?) { if let v { member(k, v) } }
    private mutating func list(_ items: [String]) {
        raw("[")
        for (i, item) in items.enumerated() { if i > 0 { raw(",") }; string(item) }
        raw("]")
    }

    /// A number's 13 canonical bytes in quotes.
    private mutating func number(_ n: S10Number) {
        out.append(UInt8(ascii: "\""))
        if n == number { numberBytes.withUnsafeBufferPointer { out.append($0) } } else { n.utf8.withUnsafeBufferPointer { out.append($0) } }
        out.append(UInt8(ascii: "\""))
    }
}
