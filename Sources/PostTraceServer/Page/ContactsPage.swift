import MessageCheck
import PostTraceCore
import S10

/// `/contacts`: every post's official channels, grouped by region or for one country, each fact with its source
/// and dates. Works without JavaScript: the country search is a plain GET form.
enum ContactsPage {
    /// What the page was asked to show.
    enum Selection {
        case all
        /// One country (ISO code) and its operators; empty when the directory has none yet.
        case country(String, [PostalOperator])
        /// A search that matched no country.
        case noSuchCountry(String)
    }

    static func render(_ ctx: PageContext, directory: PostalDirectory, selection: Selection, query: String) -> [UInt8] {
        PageLayout.render(ctx, title: ctx.t(.contactsTitle)) { w in
            w.raw("<section class=\"card\" aria-labelledby=\"contacts-h\">")
            w.open("h1", ["id": "contacts-h"]); w.text(ctx.t(.contactsTitle)); w.close("h1")
            w.element("p", text: ctx.t(.contactsIntro))
            w.element("p", ["class": "notice"], text: ctx.t(.contactsCaution))
            searchForm(ctx, query, &w)
            w.raw("</section>")
            switch selection {
            case .all:
                for region in PostalOperator.Region.allCases {
                    let operators = directory.operators.filter { $0.region == region }
                    guard !operators.isEmpty else { continue }
                    group(ctx, id: "region-\(region.rawValue)", heading: regionName(region, ctx), operators, &w)
                }
            case .country(let code, let operators):
                let name = PageCatalogue.country(code, ctx.language) ?? code
                if operators.isEmpty { noEntry(ctx, ctx.t(.contactsNoEntry, ["country": name]), &w) }
                else { group(ctx, id: "country-\(code)", heading: ctx.t(.contactsForCountry, ["country": name]), operators, &w) }
                showAll(ctx, &w)
            case .noSuchCountry(let asked):
                noEntry(ctx, ctx.t(.contactsUnknownCountry, ["query": asked]), &w)
                showAll(ctx, &w)
            }
        }
    }

    private static func searchForm(_ ctx: PageContext, _ query: String, _ w: inout HTMLWriter) {
        w.open("form", ["class": "track", "method": "get", "action": "/contacts", "role": "search"])
        // A GET form drops the query of its action: the language travels as a field.
        w.open("input", ["type": "hidden", "name": "lang", "value": ctx.language.rawValue])
        w.open("label", ["for": "country"]); w.text(ctx.t(.contactsSearchLabel)); w.close("label")
        w.open("input", ["id": "country", "name": "country", "type": "text", "value": query, "maxlength": "80", "autocomplete": "country-name"])
        w.open("button", ["type": "submit"]); w.text(ctx.t(.contactsSearchButton)); w.close("button")
        w.raw("</form>")
    }

    private static func noEntry(_ ctx: PageContext, _ message: String, _ w: inout HTMLWriter) {
        w.raw("<section class=\"card\">")
        w.open("p", ["role": "status"]); w.text(message); w.raw(" ")
        w.open("a", ["href": "https://www.upu.int/en/Universal-Postal-Union/About-UPU/Member-Countries"]); w.text(ctx.t(.contactsUPULink)); w.close("a")
        w.raw("</p></section>")
    }

    private static func showAll(_ ctx: PageContext, _ w: inout HTMLWriter) {
        w.raw("<p>"); w.open("a", ["href": ctx.link("/contacts")]); w.text(ctx.t(.contactsShowAll)); w.close("a"); w.raw("</p>")
    }

    private static func group(_ ctx: PageContext, id: String, heading: String, _ operators: [PostalOperator], _ w: inout HTMLWriter) {
        w.open("section", ["class": "contacts-group", "aria-labelledby": id])
        w.open("h2", ["id": id]); w.text(heading); w.close("h2")
        for op in operators { ContactsEntry.render(ctx, op, &w) }
        w.raw("</section>")
    }

    static func regionName(_ region: PostalOperator.Region, _ ctx: PageContext) -> String {
        let key: Phrase = switch region {
        case .asia: .regionAsia
        case .europe: .regionEurope
        case .americas: .regionAmericas
        case .oceania: .regionOceania
        case .africa: .regionAfrica
        case .middleEast: .regionMiddleEast
        case .other: .regionOther
        }
        return ctx.t(key)
    }

    /// The country a search names: a two-letter code in any case, or a country's name in any of our languages
    /// (exact, then the single name that contains it). Nil when nothing or more than one country matches.
    static func country(matching query: String) -> String? {
        let q = query.trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty, q.count <= 80 else { return nil }
        if q.count == 2, let c = Country(code: q.uppercased()) { return c.code }
        let lower = q.lowercased()
        let names = { (c: Country) in Language.allCases.lazy.map { c.name(in: $0).lowercased() } }
        if let exact = Country.all.first(where: { names($0).contains(lower) }) { return exact.code }
        let partial = Country.all.filter { names($0).contains { $0.contains(lower) } }
        return partial.count == 1 ? partial[0].code : nil
    }
}
