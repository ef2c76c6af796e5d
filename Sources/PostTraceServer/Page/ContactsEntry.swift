import Foundation
import PostTraceCore
import S10

/// One operator on `/contacts`: website as text and link, domains, phones with purpose and where to call from,
/// apps, WeChat accounts, and for each fact its source, the date it was recorded and whether it was re-checked.
enum ContactsEntry {
    static func render(_ ctx: PageContext, _ op: PostalOperator, _ w: inout HTMLWriter) {
        let lang = ctx.language
        w.open("article", ["class": "card contact", "id": op.id, "aria-labelledby": op.id + "-h"])
        w.open("h3", ["id": op.id + "-h"]); w.text(op.name.text(in: lang)); w.close("h3")
        w.raw("<dl>")
        item(ctx.t(.contactsServes), &w) { w in
            w.text(op.countries.map { PageCatalogue.country($0, lang) ?? $0 }.joined(separator: Catalogue.text(.listSeparator, lang)))
        }
        item(ctx.t(.contactsWebsite), &w) { w in
            w.open("a", ["href": op.website, "rel": "noopener noreferrer"]); w.text(op.website); w.close("a")
        }
        list(ctx.t(.contactsDomains), op.domainEntries, ctx, &w) { d, w in w.open("span", ["dir": "ltr"]); w.text(d.domain); w.close("span"); source(ctx, d.provenance, &w) }
        list(ctx.t(.contactsPhones), op.phones, ctx, &w) { phone, w in
            w.open("a", ["href": "tel:" + phone.number, "dir": "ltr"]); w.text(phone.display); w.close("a")
            w.text(" — " + ctx.t(.contactsPhoneLine, ["label": phone.label.text(in: lang), "from": callFrom(phone.callFrom, op, ctx)]))
            source(ctx, phone.provenance, &w)
        }
        list(ctx.t(.contactsApps), op.apps, ctx, &w) { app, w in w.text(app.name); source(ctx, app.provenance, &w) }
        list(ctx.t(.contactsWeChat), op.wechat, ctx, &w) { account, w in w.text(account.name); source(ctx, account.provenance, &w) }
        list(ctx.t(.contactsSources), op.sources, ctx, &w) { url, w in link(url, &w) }
        w.raw("</dl></article>")
    }

    private static func item(_ term: String, _ w: inout HTMLWriter, _ body: (inout HTMLWriter) -> Void) {
        w.element("dt", text: term)
        w.raw("<dd>"); body(&w); w.raw("</dd>")
    }

    private static func list<T>(_ term: String, _ values: [T], _ ctx: PageContext, _ w: inout HTMLWriter, _ each: (T, inout HTMLWriter) -> Void) {
        item(term, &w) { w in
            guard !values.isEmpty else { w.open("span", ["class": "muted"]); w.text(ctx.t(.contactsNone)); w.close("span"); return }
            w.raw("<ul>")
            for value in values { w.raw("<li>"); each(value, &w); w.raw("</li>") }
            w.raw("</ul>")
        }
    }

    /// "(source: www.ems.com.cn · recorded 2026-11-25 · not re-checked)".
    private static func source(_ ctx: PageContext, _ p: Provenance, _ w: inout HTMLWriter) {
        w.raw(" <small class=\"src\">"); w.text(ctx.t(.contactsOpen) + ctx.t(.contactsSource)); link(p.source, &w)
        if !p.recorded.isEmpty { w.text(" · " + ctx.t(.contactsRecorded, ["date": p.recorded])) }
        if let checked = p.checked { w.text(" · " + ctx.t(.contactsChecked, ["date": checked])) }
        else { w.text(" · "); w.open("strong", ["class": "unchecked"]); w.text(ctx.t(.contactsNotRechecked)); w.close("strong") }
        w.text(ctx.t(.contactsClose)); w.raw("</small>")
    }

    /// A link whose text is the address without its scheme, so the reader sees where it leads.
    private static func link(_ url: String, _ w: inout HTMLWriter) {
        var shown = url
        for scheme in ["https://", "http://"] where shown.hasPrefix(scheme) { shown.removeFirst(scheme.count) }
        w.open("a", ["href": url, "rel": "noopener noreferrer", "dir": "ltr"]); w.text(shown); w.close("a")
    }

    /// Where a number can be called from, naming the operator's country ("mainland China" for China).
    static func callFrom(_ from: PostalOperator.CallFrom, _ op: PostalOperator, _ ctx: PageContext) -> String {
        let code = op.countries.first
        let country = code == "CN" ? ctx.t(.mainlandChina) : (PageCatalogue.country(code, ctx.language) ?? code ?? "")
        let key: Phrase = switch from {
        case .inCountry: .callInCountry
        case .inCountryLandline: .callInCountryLandline
        case .inCountryMobile: .callInCountryMobile
        case .abroad: .callAbroad
        case .anywhere: .callAnywhere
        }
        return ctx.t(key, ["country": country])
    }
}
