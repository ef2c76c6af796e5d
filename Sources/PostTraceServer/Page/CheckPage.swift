/// `/check`: where the security note points. The message checker's form is wired here once its API exists.
enum CheckPage {
    static func render(_ ctx: PageContext) -> [UInt8] {
        PageLayout.render(ctx, title: ctx.t(.checkHeading)) { w in
            w.raw("<section class=\"card\" aria-labelledby=\"check-h\">")
            w.open("h1", ["id": "check-h"]); w.text(ctx.t(.checkHeading)); w.close("h1")
            w.element("p", text: ctx.t(.checkIntro))
            w.element("p", ["class": "notice", "role": "status"], text: ctx.t(.checkLater))
            w.raw("</section>")
        }
    }
}
