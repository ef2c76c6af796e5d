import PostTraceCore
import S10

/// `/track` and `/t/{number}`: one section per number asked for.
enum ResultsPage {
    static func render(_ ctx: PageContext, entries: [TrackEntry], dropped: Int, asked: String) -> [UInt8] {
        var title = ctx.t(.pageResultsTitle)
        if entries.count == 1, case .found(let t, _) = entries[0] { title = t.number.description + " – " + t.explanation.headline }
        return PageLayout.render(ctx, title: title) { w in
            w.open("h1", ["class": "results-h"]); w.text(ctx.t(.pageResultsHeading))
            if entries.count > 1 { w.raw(" "); w.element("span", ["class": "count"], text: ctx.t(.pageNumberCount, ["count": String(entries.count)])) }
            w.close("h1")
            if dropped > 0 {
                w.element("p", ["class": "notice", "role": "status"],
                          text: ctx.t(.pageTooMany, ["max": String(TrackInput.limit), "extra": String(dropped)]))
            }
            if entries.count > 1 { contents(ctx, entries, &w) }
            for (i, entry) in entries.enumerated() {
                switch entry {
                case .found(let timeline, let nearby): ItemSection.render(ctx, timeline, nearbyKnown: nearby, &w)
                case .invalid(let input, let problem, let suggestions, let known): invalid(ctx, i, input, problem, suggestions, known, &w)
                }
            }
            w.raw("<section class=\"card again\" aria-labelledby=\"form-h\">")
            w.open("h2", ["id": "form-h"]); w.text(ctx.t(.pageTrackAnother)); w.close("h2")
            HomePage.form(ctx, prefill: asked, into: &w)
            w.raw("</section>")
        }
    }

    /// A list of the numbers with their status, linking to each section (several numbers at once).
    private static func contents(_ ctx: PageContext, _ entries: [TrackEntry], _ w: inout HTMLWriter) {
        w.raw("<ul class=\"summary\">")
        for (i, entry) in entries.enumerated() {
            w.raw("<li>")
            switch entry {
            case .found(let t, _):
                w.open("a", ["dir": "ltr", "href": "#item-\(t.number)"]); w.text(t.number.description); w.close("a")
                w.raw(" "); w.element("span", ["class": "badge s-\(t.status.rawValue)"], text: t.status.title(in: ctx.language))
            case .invalid(let input, _, _, _):
                w.open("a", ["href": "#invalid-\(i)"]); w.text(input); w.close("a")
                w.raw(" "); w.element("span", ["class": "badge s-invalid"], text: ctx.t(.pageInvalidBadge))
            }
            w.raw("</li>")
        }
        w.raw("</ul>")
    }

    private static func invalid(_ ctx: PageContext, _ index: Int, _ input: String, _ problem: String, _ suggestions: [S10Number],
                                _ known: Set<S10Number>, _ w: inout HTMLWriter) {
        w.open("section", ["class": "item invalid", "id": "invalid-\(index)"])
        w.open("h2")
        w.text(ctx.t(.pageInvalidHeadline, ["input": input])); w.close("h2")
        w.element("p", ["class": "problem"], text: problem)
        if suggestions.isEmpty {
            w.element("p", text: ctx.t(.pageInvalidNoSuggestion))
        } else {
            w.element("p", text: ctx.t(.pageInvalidDidYouMean))
            w.raw("<ul class=\"suggestions\">")
            for s in suggestions {
                w.raw("<li>"); w.open("a", ["dir": "ltr", "href": ctx.link("/t/\(s)")]); w.text(s.description); w.close("a")
                // Which of the possible numbers really exists is what a person needs to pick the right one.
                if known.contains(s) { w.raw(" "); w.element("span", ["class": "badge known"], text: ctx.t(.pageSuggestionKnown)) }
                w.raw("</li>")
            }
            w.raw("</ul>")
        }
        w.raw("</section>")
    }
}
