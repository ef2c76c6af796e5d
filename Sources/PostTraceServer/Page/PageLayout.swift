import PostTraceCore
import S10

/// What every page shares: the language, where the request came from, and optional head links.
struct PageContext {
    var language: Language
    /// The request path and query without `lang`, to build the language switch.
    var path: String
    var query: [(name: String, value: String)]
    /// An Atom feed to announce with `<link rel="alternate">`.
    var feed: (href: String, title: String)?

    func t(_ key: Phrase, _ values: [String: String] = [:]) -> String { Catalogue.text(key, language, values) }

    /// A local link carrying the current language.
    func link(_ path: String, _ query: [(String, String)] = []) -> String {
        PageURL.build(path, query + [("lang", language.rawValue)])
    }
}

/// The document shell: head, header with language switch, the security note, footer.
enum PageLayout {
    static func render(_ ctx: PageContext, title: String, body: (inout HTMLWriter) -> Void) -> [UInt8] {
        var w = HTMLWriter()
        w.raw("<!doctype html>\n")
        w.open("html", ["lang": ctx.language.rawValue, "dir": ctx.language.isRightToLeft ? "rtl" : "ltr"])
        w.raw("<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        w.element("title", text: title + " · PostTrace")
        w.raw("<link rel=\"stylesheet\" href=\"/assets/style.css\"><link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">")
        w.raw("<link rel=\"apple-touch-icon\" href=\"/assets/icon-192.png\"><meta name=\"theme-color\" content=\"#0b5394\">")
        w.open("link", ["rel": "manifest", "href": "/manifest.webmanifest?lang=" + ctx.language.rawValue])
        if let feed = ctx.feed {
            w.open("link", ["rel": "alternate", "type": "application/atom+xml", "title": feed.title, "href": feed.href])
        }
        w.raw("<script src=\"/assets/page.js\" defer></script></head><body>")
        w.open("a", ["class": "skip", "href": "#main"]); w.text(ctx.t(.pageSkipToContent)); w.close("a")
        header(ctx, &w)
        w.raw("<main id=\"main\" tabindex=\"-1\">")
        // Shown by the service worker when it answers from this device's copy: it removes `hidden` and adds
        // `data-saved` (sw.js matches this exact markup), and page.js puts the date into the sentence.
        w.raw("<p id=\"offline-note\" class=\"offline\" role=\"status\" hidden")
        w.rawBuilt(" data-text=\"" + HTMLWriter.escaped(ctx.t(.appOffline)) + "\"></p>")
        body(&w)
        w.raw("</main>")
        footer(ctx, &w)
        w.raw("</body></html>\n")
        return w.bytes
    }

    private static func header(_ ctx: PageContext, _ w: inout HTMLWriter) {
        w.raw("<header class=\"site\"><div class=\"bar\">")
        w.open("a", ["class": "brand", "href": ctx.link("/")])
        w.raw("<img src=\"/assets/favicon.svg\" alt=\"\" width=\"28\" height=\"28\">"); w.text(ctx.t(.pageSiteName)); w.close("a")
        w.open("nav", ["class": "langs", "aria-label": ctx.t(.pageLanguageLabel)])
        let others = ctx.query.filter { $0.name != "lang" }.map { ($0.name, $0.value) }
        // Each language by its own name, so a reader finds theirs whatever the page's language.
        for lang in Language.allCases {
            let name = Catalogue.text(.languageName, lang)
            let href = PageURL.build(ctx.path, others + [("lang", lang.rawValue)])
            if lang == ctx.language {
                w.open("a", ["href": href, "lang": lang.rawValue, "hreflang": lang.rawValue, "dir": lang.isRightToLeft ? "rtl" : "ltr", "aria-current": "true"])
            } else {
                w.open("a", ["href": href, "lang": lang.rawValue, "hreflang": lang.rawValue, "dir": lang.isRightToLeft ? "rtl" : "ltr"])
            }
            w.text(name); w.close("a")
        }
        w.raw("</nav></div>")
        w.element("p", ["class": "tagline"], text: ctx.t(.pageTagline))
        w.raw("</header>")
        securityNote(ctx, &w)
    }

    /// The short scam warning shown on every page.
    private static func securityNote(_ ctx: PageContext, _ w: inout HTMLWriter) {
        // Not a heading: the page's h1 comes first in the outline; the aside is labelled instead.
        w.open("aside", ["class": "security", "aria-label": ctx.t(.pageSecurityHeading)])
        w.element("p", ["class": "security-h"], text: ctx.t(.pageSecurityHeading))
        w.open("p"); w.text(ctx.t(.pageSecurityNote)); w.raw(" ")
        w.open("a", ["href": ctx.link("/check")]); w.text(ctx.t(.pageSecurityLink)); w.close("a")
        w.raw("</p></aside>")
    }

    private static func footer(_ ctx: PageContext, _ w: inout HTMLWriter) {
        w.raw("<footer class=\"site\"><p>")
        w.open("a", ["href": ctx.link("/")]); w.text(ctx.t(.pageTrackAnother)); w.close("a")
        w.raw(" · ")
        w.open("a", ["href": ctx.link("/check")]); w.text(ctx.t(.pageSecurityLink)); w.close("a")
        w.raw(" · ")
        w.open("a", ["href": ctx.link("/contacts")]); w.text(ctx.t(.contactsNav)); w.close("a")
        w.raw(" · ")
        w.open("a", ["href": ctx.link("/my")]); w.text(ctx.t(.appMyTitle)); w.close("a")
        w.raw("</p></footer>")
    }
}

/// Builds local URLs with a percent-encoded query.
enum PageURL {
    static func build(_ path: String, _ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986).
    static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(b))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(b >> 4)], hex[Int(b & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}
