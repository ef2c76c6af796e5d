import MessageCheck
import PostTraceCore
import S10

/// `/check`: the message checker's form, and its verdict after a POST. The message is never stored or logged here.
enum CheckPage {
    static func render(_ ctx: PageContext, message: String = "", result: MessageCheckResult? = nil, problem: String? = nil,
                       link: String = "", channel: OfficialChannelCheck? = nil, channelProblem: String? = nil) -> [UInt8] {
        PageLayout.render(ctx, title: ctx.t(.pageCheckHeading)) { w in
            w.raw("<section class=\"card\" aria-labelledby=\"check-h\">")
            w.open("h1", ["id": "check-h"]); w.text(ctx.t(.pageCheckHeading)); w.close("h1")
            w.element("p", text: ctx.t(.pageCheckIntro))
            w.element("p", ["class": "muted small"], text: ctx.t(.pageCheckPrivacy))
            if let problem { w.element("p", ["class": "notice", "role": "alert"], text: problem) }
            if let result {
                verdict(ctx, result, &w)
                if result.signals.contains(where: { $0.severity != .info }) { marked(ctx, message, result, &w) }
            }
            form(ctx, message, &w)
            w.raw("</section>")
            CheckChannelSection.render(ctx, link: link, result: channel, problem: channelProblem, &w)
        }
    }

    private static func form(_ ctx: PageContext, _ message: String, _ w: inout HTMLWriter) {
        w.open("form", ["class": "track", "method": "post", "action": ctx.link("/check")])
        w.open("label", ["for": "message"]); w.text(ctx.t(.pageCheckLabel)); w.close("label")
        w.open("textarea", ["id": "message", "name": "message", "rows": "6", "required": "", "maxlength": "20000"])
        w.text(message); w.close("textarea")
        w.open("button", ["type": "submit"]); w.text(ctx.t(.pageCheckButton)); w.close("button")
        w.raw("</form>")
    }

    /// The message as sent, with each warning sign wrapped in `<mark>` (its explanation on hover), so a person
    /// sees where in their own text the problem is. Spans are UTF-16 offsets (the checker's `span_unit`);
    /// overlapping spans keep the first, and everything is escaped.
    private static func marked(_ ctx: PageContext, _ message: String, _ result: MessageCheckResult, _ w: inout HTMLWriter) {
        let units = Array(message.utf16)
        let spans = result.signals.filter { $0.severity != .info && $0.span.start < $0.span.end && $0.span.end <= units.count }
            .sorted { ($0.span.start, -$0.span.end) < ($1.span.start, -$1.span.end) }
        w.element("h3", text: ctx.t(.pageCheckMarkedHeading))
        w.open("p", ["class": "marked"])
        var at = 0
        for signal in spans where signal.span.start >= at {
            w.text(String(decoding: units[at..<signal.span.start], as: UTF16.self))
            let explanation = signal.explanation.text(in: ctx.language)
            w.open("mark", ["class": "sev-\(signal.severity.rawValue)", "title": explanation])
            w.text(String(decoding: units[signal.span.start..<signal.span.end], as: UTF16.self))
            w.close("mark")
            at = signal.span.end
        }
        w.text(String(decoding: units[at...], as: UTF16.self))
        w.close("p")
    }

    private static func verdict(_ ctx: PageContext, _ result: MessageCheckResult, _ w: inout HTMLWriter) {
        let key: Phrase = switch result.verdict {
        case .likelyScam: .pageCheckLikelyScam
        case .suspicious: .pageCheckSuspicious
        case .noWarningSigns: .pageCheckNoWarningSigns
        }
        w.open("div", ["class": "verdict v-\(result.verdict.rawValue)", "role": "status"])
        w.element("h2", text: ctx.t(key))
        w.element("p", text: result.summary.text(in: ctx.language))
        if !result.signals.isEmpty {
            w.raw("<ul class=\"signals\">")
            for s in result.signals {
                w.open("li", ["class": "sev-\(s.severity.rawValue)"])
                w.element("q", text: s.text); w.raw(" ")
                w.text(s.explanation.text(in: ctx.language))
                if let path = s.details["contacts"] { CheckChannelSection.contactsLink(ctx, path: path, &w) }
                w.raw("</li>")
            }
            w.raw("</ul>")
        }
        w.raw("</div>")
    }
}
