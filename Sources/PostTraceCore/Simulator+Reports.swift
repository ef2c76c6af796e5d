extension JourneyScript {
    /// An unknown code some feeds send; PostTrace must keep and show it.
    static let unknownCode = EventCode(rawValue: "EMZ")

    /// Cuts the script at `visibleUntil` (or midway for a stuck item, ~3 %) and reports it the way feeds do:
    /// duplicates from a second feed (~12 %), a late old scan (~5 %), an unknown code (~1 %).
    /// Where a stuck item stops is decided on the whole script, so the same item seen later (a larger
    /// `visibleUntil`) continues the same journey.
    mutating func finish() -> SimulatedItem {
        let now = visibleUntil
        let stuckRoll = rng.chance(30), stopAfter = 1 + rng.below(max(1, steps.count - 1))
        let stuck = steps.count > 2 && stuckRoll && steps.prefix(stopAfter).allSatisfy { $0.event.time.epochSeconds <= now }
            && stopAfter < steps.count
        var visible = Array(steps.prefix { $0.event.time.epochSeconds <= now })
        if steps.count > 2, stuckRoll { visible = Array(visible.prefix(stopAfter)) }
        let outcome = visible.last?.intended ?? .notFound
        var events = visible.map { step -> TrackingEvent in
            var e = step.event
            e.receivedAt = min(e.receivedAt ?? now, now)
            return e
        }
        guard !events.isEmpty else { return SimulatedItem(number: number, events: [], outcome: .notFound, stuck: false, handedOverAt: handedOverAt) }
        if rng.chance(120) { addDuplicates(&events) }
        if events.count > 2, rng.chance(50) {
            // An old scan that a feed delivers late: it must not move the status back.
            var late = events.remove(at: rng.below(events.count - 1))
            late.receivedAt = now
            events.append(late)
        }
        if rng.chance(10) {
            var odd = events[rng.below(events.count)]
            odd.code = Self.unknownCode
            odd.reason = nil
            odd.time = LocalTime(epochSeconds: min(odd.time.epochSeconds + 60, now), utcOffsetSeconds: odd.time.utcOffsetSeconds)!
            events.append(odd)
        }
        return SimulatedItem(number: number, events: events, outcome: outcome, stuck: stuck, handedOverAt: handedOverAt)
    }

    /// The same scans reported again by the UPU feed, with the small differences seen in practice.
    mutating func addDuplicates(_ events: inout [TrackingEvent]) {
        for _ in 0..<(1 + rng.below(3)) {
            var copy = events[rng.below(events.count)]
            let within = 59 - copy.time.epochSeconds % 60
            copy.time = LocalTime(epochSeconds: min(now, copy.time.epochSeconds + Int64(rng.below(Int(within) + 1))),
                                  utcOffsetSeconds: copy.time.utcOffsetSeconds)!
            switch rng.below(4) {
            case 0: copy.office.name = copy.office.name?.uppercased()
            case 1: copy.office.name = nil
            case 2: copy.office.city = nil
            default: copy.office.name = copy.office.name.map { String($0.prefix(12)) }
            }
            if rng.chance(500) { copy.reason = nil }
            copy.transport = nil
            copy.nextOffice = nil
            copy.source = "upu-ems"
            copy.receivedAt = now
            events.append(copy)
        }
    }
}
