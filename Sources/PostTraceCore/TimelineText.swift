import S10

/// Plain-text renderings of a timeline for the CLI `track` command and WeChat replies.
/// Office times are shown in the office's own offset (`2026-03-03 09:10 +08:00`), never converted.
public enum TimelineText {
    /// The whole story: headline, route, stage progress, events newest first, advice and contacts.
    public static func full(_ timeline: Timeline) -> String {
        let lang = timeline.language
        let colon = Catalogue.text(.labelSeparator, lang)
        func label(_ p: Phrase) -> String { Catalogue.text(p, lang) }
        var lines = ["\(timeline.number) — \(timeline.explanation.headline)"]
        var status = "\(label(.labelStatus))\(colon)\(timeline.status.title(in: lang))"
        if let customs = timeline.customs { status += " (\(customs.title(in: lang)))" }
        if let reason = timeline.reason { status += " — \(reason.title(in: lang))" }
        if timeline.stale { status += " [\(label(.labelStale))]" }
        lines.append(status)
        if let last = timeline.lastUpdate { lines.append("\(label(.labelLastUpdate))\(colon)\(officeTime(last))") }
        let route = Catalogue.countryName(timeline.origin, lang) + " → "
            + (timeline.destination.map { Catalogue.countryName($0, lang) } ?? "?")
        lines.append("\(label(.labelRoute))\(colon)\(route) · \(timeline.number.service.name(in: lang))")
        lines.append("\(label(.labelProgress))\(colon)" + timeline.stages.map(progressText(lang)).joined(separator: " · "))
        if let estimate = timeline.estimate.estimate {
            lines.append(estimate.sentence(in: lang, now: timeline.lastUpdate?.epochSeconds ?? 0) + " — " + estimate.basisSentence(in: lang))
        }
        lines.append("")
        lines.append("\(label(.labelEvents))\(colon.trimmingSpaces)")
        if timeline.events.isEmpty { lines.append("  " + label(.labelNoEvents)) }
        for event in timeline.events.reversed() { lines += eventLines(event, lang) }
        lines.append("")
        lines.append("\(label(.labelAdvice))\(colon.trimmingSpaces)")
        lines += timeline.explanation.advice.map { "  - \($0)" }
        if !timeline.explanation.contacts.isEmpty {
            lines.append("\(label(.labelContacts))\(colon.trimmingSpaces)")
            lines += timeline.explanation.contacts.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Status and last scan in one or two lines.
    public static func summary(_ timeline: Timeline) -> String {
        let lang = timeline.language
        var first = "\(timeline.number): \(timeline.status.title(in: lang)) — \(timeline.explanation.headline)"
        if timeline.stale { first += " [\(Catalogue.text(.labelStale, lang))]" }
        if let estimate = timeline.estimate.estimate { first += "\n" + estimate.sentence(in: lang, now: timeline.lastUpdate?.epochSeconds ?? 0) }
        guard let last = timeline.events.last else { return first + "\n" }
        let second = "\(Catalogue.text(.labelLastScan, lang))\(Catalogue.text(.labelSeparator, lang))\(officeTime(last.time)) \(placeText(last.office, lang))\(Catalogue.text(.labelSeparator, lang))\(last.code.title(in: lang))"
        return first + "\n" + second + "\n"
    }

    /// `2026-03-03 09:10 +08:00`: the office's wall-clock time and its offset.
    public static func officeTime(_ time: LocalTime) -> String {
        let f = time.fields
        return "\(f.year)-\(two(f.month))-\(two(f.day)) \(two(f.hour)):\(two(f.minute)) \(time.offsetText())"
    }

    private static func eventLines(_ event: TrackingEvent, _ lang: Language) -> [String] {
        var description = event.code.title(in: lang)
        if let reason = event.reason { description += " — \(reason.title(in: lang))" }
        var extra: [String] = []
        if let next = event.nextOffice { extra.append("\(Catalogue.text(.labelNextOffice, lang)) \(next)") }
        if let transport = event.transport { extra.append("\(Catalogue.text(.labelTransport, lang)) \(transport)") }
        if !extra.isEmpty { description += " (\(extra.joined(separator: ", ")))" }
        return ["  \(officeTime(event.time))  \(placeText(event.office, lang))", "      \(description)"]
    }

    private static func placeText(_ office: Office, _ lang: Language) -> String {
        var text = Timeline.officeLabel(office)
        if let country = office.countryCode { text += ", " + Catalogue.countryName(country, lang) }
        return text
    }

    private static func progressText(_ lang: Language) -> (StageProgress) -> String {
        { p in
            let mark = p.isCurrent ? "▶" : (p.reachedAt == nil ? "○" : "✓")
            let date = p.reachedAt.map { t in " \(t.fields.year)-\(two(t.fields.month))-\(two(t.fields.day))" } ?? ""
            return "\(mark) \(p.stage.title(in: lang))\(date)"
        }
    }

    private static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
}
