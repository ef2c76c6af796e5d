import PostTraceCore
import S10

/// One valid number's result: headline, facts, stage progress, advice, history, feed link.
enum ItemSection {
    static func render(_ ctx: PageContext, _ t: Timeline, nearbyKnown: [S10Number] = [], _ w: inout HTMLWriter) {
        let number = t.number.description
        w.open("section", ["class": "item s-\(t.status.rawValue)", "id": "item-\(number)", "aria-labelledby": "h-\(number)"])
        w.open("h2", ["id": "h-\(number)"])
        w.open("a", ["class": "number", "dir": "ltr", "href": ctx.link("/t/\(number)")]); w.text(number); w.close("a")
        w.raw(" "); w.element("span", ["class": "badge s-\(t.status.rawValue)"], text: t.status.title(in: ctx.language))
        w.close("h2")
        let headline = t.status == .notFound && t.events.isEmpty ? ctx.t(.pageNotFoundHeadline) : t.explanation.headline
        w.element("p", ["class": "headline"], text: headline)
        nearby(ctx, nearbyKnown, &w)
        estimate(ctx, t, &w)
        facts(ctx, t, &w)
        if t.stale { w.element("p", ["class": "notice"], text: ctx.t(.pageStaleNote)) }
        stages(ctx, t, &w)
        advice(ctx, t, &w)
        operatorLinks(ctx, t, &w)
        history(ctx, t, &w)
        follow(ctx, t, &w)
        w.raw("</section>")
    }

    /// "Expected between 4 and 9 December", and what it rests on, linked to the lane's page.
    private static func estimate(_ ctx: PageContext, _ t: Timeline, _ w: inout HTMLWriter) {
        guard let e = t.estimate.estimate else { return }
        w.open("p", ["class": "estimate"])
        w.element("strong", text: e.sentence(in: ctx.language, now: t.lastUpdate?.epochSeconds ?? 0))
        w.raw(" ")
        w.open("a", ["href": ctx.link("/lanes/\(e.basis.lane)", [("service", e.basis.service.letter)])]); w.text(e.basisSentence(in: ctx.language)); w.close("a")
        w.close("p")
    }

    /// Numbers one undetectable slip away that have records: most often the number the person meant.
    private static func nearby(_ ctx: PageContext, _ numbers: [S10Number], _ w: inout HTMLWriter) {
        guard !numbers.isEmpty else { return }
        w.raw("<div class=\"notice nearby\" role=\"status\">")
        w.element("p", text: ctx.t(.pageNearbyKnown))
        w.raw("<ul class=\"suggestions\">")
        for n in numbers {
            w.raw("<li>"); w.open("a", ["dir": "ltr", "href": ctx.link("/t/\(n)")]); w.text(n.description); w.close("a"); w.raw("</li>")
        }
        w.raw("</ul></div>")
    }

    private static func facts(_ ctx: PageContext, _ t: Timeline, _ w: inout HTMLWriter) {
        w.raw("<dl class=\"facts\"><div>")
        w.element("dt", text: ctx.t(.pageServiceLabel))
        w.element("dd", text: t.number.service.name(in: ctx.language))
        w.raw("</div><div>")
        w.element("dt", text: ctx.t(.pageRouteLabel))
        let origin = PageCatalogue.country(t.origin, ctx.language) ?? t.origin
        let destination = PageCatalogue.country(t.destination, ctx.language) ?? ctx.t(.pageUnknownDestination)
        w.element("dd", text: origin + " → " + destination)
        w.raw("</div>")
        if let last = t.lastUpdate {
            w.raw("<div>"); w.element("dt", text: ctx.t(.pageLastUpdate)); w.raw("<dd>"); time(last, ctx.language, &w); w.raw("</dd></div>")
        }
        w.raw("</dl>")
    }

    /// posted → export → in transit → import customs → out for delivery → delivered.
    private static func stages(_ ctx: PageContext, _ t: Timeline, _ w: inout HTMLWriter) {
        w.open("h3", ["class": "vh"]); w.text(ctx.t(.pageStagesHeading)); w.close("h3")
        w.open("ol", ["class": "stages", "aria-label": ctx.t(.pageStagesHeading)])
        for s in t.stages {
            let state = s.isCurrent ? "current" : (s.reachedAt != nil ? "done" : "todo")
            if s.isCurrent { w.open("li", ["class": state, "aria-current": "step"]) } else { w.open("li", ["class": state]) }
            w.element("span", ["class": "name"], text: s.stage.title(in: ctx.language))
            let key: Phrase = s.isCurrent ? .pageStageCurrent : (s.reachedAt != nil ? .pageStageDone : .pageStageTodo)
            w.element("span", ["class": "vh"], text: " (" + ctx.t(key) + ")")
            if let at = s.reachedAt {
                w.open("time", ["datetime": at.rfc3339]); w.text(PageDates.day(at, ctx.language)); w.close("time")
            }
            w.close("li")
        }
        w.raw("</ol>")
    }

    private static func advice(_ ctx: PageContext, _ t: Timeline, _ w: inout HTMLWriter) {
        var lines = t.explanation.advice
        // Core explains a missing record; this is only the fallback when it gives no advice.
        if t.status == .notFound && t.events.isEmpty && lines.isEmpty { lines = [ctx.t(.pageNotFoundAdvice)] }
        guard !lines.isEmpty || !t.explanation.contacts.isEmpty else { return }
        w.raw("<div class=\"advice\">")
        w.open("h3"); w.text(ctx.t(.pageAdviceHeading)); w.close("h3")
        if !lines.isEmpty {
            w.raw("<ul>"); for line in lines { w.element("li", text: line) }; w.raw("</ul>")
        }
        if !t.explanation.contacts.isEmpty {
            w.open("h4"); w.text(ctx.t(.pageContactsHeading)); w.close("h4")
            w.raw("<ul class=\"contacts\">"); for c in t.explanation.contacts { contact(c, &w) }; w.raw("</ul>")
        }
        w.raw("</div>")
    }

    /// "Contact China Post / EMS", "Contact Canada Post": the origin's and destination's `/contacts` entries.
    private static func operatorLinks(_ ctx: PageContext, _ t: Timeline, _ w: inout HTMLWriter) {
        var seen: Set<String> = []
        let operators = [t.origin, t.destination].compactMap { $0 }.flatMap { code in
            PostalDirectory.shipped.operators(serving: code).prefix(1).map { (code, $0) }
        }.filter { seen.insert($0.1.id).inserted }
        guard !operators.isEmpty else { return }
        w.raw("<p class=\"contacts-links\">")
        for (i, (code, op)) in operators.enumerated() {
            if i > 0 { w.raw(" · ") }
            w.open("a", ["href": ctx.link("/contacts/\(code)") + "#" + op.id])
            w.text(ctx.t(.contactsLink, ["operator": op.name.text(in: ctx.language)])); w.close("a")
        }
        w.raw("</p>")
    }

    /// "China Post / EMS: 11183 (…) https://www.ems.com.cn": the official website becomes a link.
    private static func contact(_ line: String, _ w: inout HTMLWriter) {
        w.raw("<li>")
        if let space = line.lastIndex(of: " "), line[line.index(after: space)...].hasPrefix("https://") {
            let url = String(line[line.index(after: space)...])
            w.text(String(line[..<space])); w.raw(" ")
            w.open("a", ["href": url, "rel": "noopener noreferrer"]); w.text(url); w.close("a")
        } else {
            w.text(line)
        }
        w.raw("</li>")
    }

    /// Every scan, newest first, in the office's own local time.
    private static func history(_ ctx: PageContext, _ t: Timeline, _ w: inout HTMLWriter) {
        w.open("h3"); w.text(ctx.t(.pageHistoryHeading)); w.close("h3")
        guard !t.events.isEmpty else { w.element("p", ["class": "muted"], text: ctx.t(.pageHistoryEmpty)); return }
        w.element("p", ["class": "muted small"], text: ctx.t(.pageLocalTimeNote))
        w.raw("<ol class=\"history\">")
        for e in t.events.reversed() {
            w.raw("<li>")
            let when = PageDates.scanTime(e.time, ctx.language)
            w.raw("<p class=\"when\">")
            w.open("time", ["datetime": e.time.rfc3339]); w.text(when.local); w.close("time")
            w.raw(" "); w.element("span", ["class": "offset", "dir": "ltr"], text: when.offset)
            w.raw("</p><p class=\"what\">")
            w.element("span", ["title": "UPU " + e.code.rawValue], text: e.code.title(in: ctx.language))
            w.raw(" "); w.element("abbr", ["class": "upu", "dir": "ltr", "title": "UPU EMSEVT"], text: e.code.rawValue)
            w.raw("</p>")
            officeParagraph(e.office, ctx.language, &w)
            if let reason = e.reason {
                w.element("p", ["class": "reason"], text: ctx.t(.pageReasonLabel, ["reason": reason.title(in: ctx.language)]))
            }
            w.raw("</li>")
        }
        w.raw("</ol>")
    }

    private static func follow(_ ctx: PageContext, _ t: Timeline, _ w: inout HTMLWriter) {
        let number = t.number.description
        w.raw("<div class=\"follow\">")
        w.open("h3"); w.text(ctx.t(.pageFollowHeading)); w.close("h3")
        if t.status == .notFound && t.events.isEmpty { w.element("p", text: ctx.t(.pageNotFoundFollow)) }
        w.raw("<p>")
        w.open("a", ["class": "feed", "href": ctx.link("/t/\(number)/feed.atom"), "type": "application/atom+xml"])
        w.text(ctx.t(.pageFollowFeed, ["number": number])); w.close("a")
        w.raw("</p>")
        AppPages.followControls(ctx, t.number, &w)
        w.raw("</div>")
    }

    /// The office as a paragraph: the feed's own words isolated in `<bdi>` (they are often Latin inside an
    /// Arabic page), then the country in the page's language.
    private static func officeParagraph(_ office: Office, _ language: Language, _ w: inout HTMLWriter) {
        let feedText = place(office, nil)
        w.raw("<p class=\"where\">")
        guard let country = PageCatalogue.country(office.countryCode, language) else {
            w.element("bdi", text: feedText); w.raw("</p>"); return
        }
        // The template decides where the feed's words go; they are written into the gap it leaves.
        let filled = Catalogue.text(.withNote, language, ["text": "\u{0}", "note": country])
        let parts = filled.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
        w.text(String(parts[0])); w.element("bdi", text: feedText); if parts.count > 1 { w.text(String(parts[1])) }
        w.raw("</p>")
    }

    /// "Frankfurt International Mail Centre, Frankfurt (Germany)", falling back to the office code; without the
    /// country when `language` is nil.
    static func place(_ office: Office, _ language: Language?) -> String {
        var parts: [String] = []
        if let name = office.name, !name.isEmpty { parts.append(name) }
        if let city = office.city, !city.isEmpty, city != office.name { parts.append(city) }
        if parts.isEmpty { parts.append(office.code) }
        // The office's name and city are the feed's own words, joined as the feed would.
        let text = parts.joined(separator: ", ")
        guard let language, let country = PageCatalogue.country(office.countryCode, language) else { return text }
        return Catalogue.text(.withNote, language, ["text": text, "note": country])
    }

    private static func time(_ t: LocalTime, _ language: Language, _ w: inout HTMLWriter) {
        let when = PageDates.scanTime(t, language)
        // The offset stays on one line: "UTC-" at a line's end and "05:00" on the next reads as two things.
        w.open("time", ["datetime": t.rfc3339]); w.text(when.local + " "); w.element("span", ["class": "offset", "dir": "ltr"], text: when.offset); w.close("time")
    }
}
