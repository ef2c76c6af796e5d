import S10

/// `/`: the Track & Trace form and where to find the number.
enum HomePage {
    /// A real, valid S10 number (its check digit is right) to try the form with.
    static let exampleNumber = "EE123456785CN"

    static func render(_ ctx: PageContext, message: String? = nil, examples: [PageExamples.Example] = [.init(number: exampleNumber, shows: nil)]) -> [UInt8] {
        PageLayout.render(ctx, title: ctx.t(.pageFormHeading)) { w in
            w.raw("<section class=\"card\" aria-labelledby=\"form-h\">")
            w.open("h1", ["id": "form-h"]); w.text(ctx.t(.pageFormHeading)); w.close("h1")
            if let message { w.element("p", ["class": "notice", "role": "alert"], text: message) }
            form(ctx, prefill: "", into: &w)
            w.open("p", ["class": "example"]); w.text(ctx.t(.pageFormExample))
            for (i, example) in examples.enumerated() {
                w.raw(i == 0 ? " " : " · ")
                w.open("a", ["href": ctx.link("/t/" + example.number), "aria-label": ctx.t(.pageExampleLabel) + " " + example.number])
                w.text(example.number); w.close("a")
                if let shows = example.shows { w.text(" (" + ctx.t(shows.caption) + ")") }
            }
            w.raw("</p></section>")
            w.raw("<section class=\"card\" aria-labelledby=\"where-h\">")
            w.open("h2", ["id": "where-h"]); w.text(ctx.t(.pageWhereHeading)); w.close("h2")
            w.element("p", text: ctx.t(.pageWhereNumber))
            w.element("p", text: ctx.t(.pageWhereWait))
            w.raw("</section>")
        }
    }

    /// The form, also shown under results prefilled with what was asked. Works without JavaScript.
    static func form(_ ctx: PageContext, prefill: String, into w: inout HTMLWriter) {
        w.raw("<form class=\"track\" method=\"get\" action=\"/track\">")
        w.open("input", ["type": "hidden", "name": "lang", "value": ctx.language.rawValue])
        w.open("label", ["for": "numbers"]); w.text(ctx.t(.pageFormLabel)); w.close("label")
        w.open("textarea", ["id": "numbers", "name": "n", "rows": "3", "autocomplete": "off", "autocapitalize": "characters",
                            "spellcheck": "false", "required": "", "maxlength": "2000", "aria-describedby": "numbers-hint",
                            "placeholder": exampleNumber])
        w.text(prefill); w.close("textarea")
        w.open("p", ["id": "numbers-hint", "class": "hint"]); w.text(ctx.t(.pageFormHint)); w.close("p")
        w.open("button", ["type": "submit"]); w.text(ctx.t(.pageFormButton)); w.close("button")
        w.raw("</form>")
    }
}
