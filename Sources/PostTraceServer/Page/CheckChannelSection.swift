import MessageCheck
import PostTraceCore
import S10

/// The "is this link or number really the post?" part of `/check`: one field, a verdict, the official alternative
/// and the operator's `/contacts` entry. The address is never opened.
enum CheckChannelSection {
    static func render(_ ctx: PageContext, link: String, result: OfficialChannelCheck?, problem: String?, _ w: inout HTMLWriter) {
        w.raw("<section class=\"card\" id=\"link\" aria-labelledby=\"link-h\">")
        w.open("h2", ["id": "link-h"]); w.text(ctx.t(.channelHeading)); w.close("h2")
        w.element("p", text: ctx.t(.channelIntro))
        if let problem { w.element("p", ["class": "notice", "role": "alert"], text: problem) }
        if let result { verdict(ctx, link, result, &w) }
        w.open("form", ["class": "track", "method": "post", "action": ctx.link("/check")])
        w.open("label", ["for": "link-input"]); w.text(ctx.t(.channelLabel)); w.close("label")
        w.open("input", ["id": "link-input", "name": "link", "type": "text", "value": link, "required": "", "maxlength": "2048",
                         "autocomplete": "off", "spellcheck": "false", "dir": "ltr"])
        w.open("button", ["type": "submit"]); w.text(ctx.t(.channelButton)); w.close("button")
        w.raw("</form></section>")
    }

    private static func verdict(_ ctx: PageContext, _ link: String, _ result: OfficialChannelCheck, _ w: inout HTMLWriter) {
        let (key, style): (Phrase, String) = switch result.verdict {
        case .official: (.channelVerdictOfficial, "no_warning_signs")
        case .lookalike: (.channelVerdictLookalike, "likely_scam")
        case .shortener: (.channelVerdictShortener, "suspicious")
        case .unknown: (.channelVerdictUnknown, "suspicious")
        }
        w.open("div", ["class": "verdict v-\(style)", "role": "status"])
        w.element("h3", text: ctx.t(key))
        w.element("p", text: OfficialChannelText.explanation(result, asked: link.trimmingCharacters(in: .whitespaces), language: ctx.language))
        if let op = result.postalOperator { contactsLink(ctx, path: MessageChecker.contactsPath(of: op), &w) }
        else { w.raw("<p>"); w.open("a", ["href": ctx.link("/contacts")]); w.text(ctx.t(.contactsNav)); w.close("a"); w.raw("</p>") }
        w.raw("</div>")
    }

    /// A link to an operator's `/contacts` entry (`/contacts/CN#cn-chinapost`), named after the operator.
    static func contactsLink(_ ctx: PageContext, path: String, _ w: inout HTMLWriter) {
        let id = path.split(separator: "#").last.map(String.init) ?? ""
        guard let op = PostalDirectory.shipped.operators.first(where: { $0.id == id }) else { return }
        let parts = path.split(separator: "#", maxSplits: 1).map(String.init)
        let href = ctx.link(parts[0]) + (parts.count > 1 ? "#" + parts[1] : "")
        w.raw(" <span class=\"contacts-link\">")
        w.open("a", ["href": href]); w.text(ctx.t(.channelContactsLink, ["operator": op.name.text(in: ctx.language)])); w.close("a")
        w.raw("</span>")
    }
}
