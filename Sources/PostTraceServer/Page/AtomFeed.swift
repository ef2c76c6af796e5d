import PostTraceCore
import S10

/// The Atom feed (RFC 4287) of one number: one entry per scan, newest first.
enum AtomFeed {
    /// `base` is the absolute origin (`http://host:port`) when the Host header is known, else "".
    static func render(_ t: Timeline, base: String, now: Int64) -> [UInt8] {
        let lang = t.language
        let number = t.number.description
        let page = base + PageURL.build("/t/\(number)", [("lang", lang.rawValue)])
        let selfURL = base + PageURL.build("/t/\(number)/feed.atom", [("lang", lang.rawValue)])
        var w = HTMLWriter(capacity: 8192)
        w.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
        w.open("feed", ["xmlns": "http://www.w3.org/2005/Atom", "xml:lang": lang.rawValue])
        w.element("id", text: "tag:posttrace,2026:item/\(number)")
        w.element("title", text: Catalogue.text(.pageFeedTitle, lang, ["number": number]))
        w.element("subtitle", text: Catalogue.text(.pageFeedSubtitle, lang, ["number": number]))
        w.element("updated", text: t.lastUpdate?.rfc3339 ?? PageDates.rfc3339UTC(now))
        w.raw("<author><name>PostTrace</name></author><generator>PostTrace</generator>")
        w.open("link", ["rel": "self", "type": "application/atom+xml", "href": selfURL]); w.close("link")
        w.open("link", ["rel": "alternate", "type": "text/html", "href": page]); w.close("link")
        for e in t.events.reversed() {
            let title = e.code.title(in: lang)
            let place = ItemSection.place(e.office, lang)
            let when = PageDates.scanTime(e.time, lang)
            w.raw("<entry>")
            w.element("id", text: "tag:posttrace,2026:item/\(number)/\(e.code.rawValue)/\(e.time.epochSeconds)/\(idSafe(e.office.code))")
            w.element("title", text: title + " – " + place)
            w.element("updated", text: e.time.rfc3339)
            w.open("link", ["rel": "alternate", "type": "text/html", "href": page]); w.close("link")
            var summary = when.local + " " + when.offset + ": " + title + ", " + place + " (UPU " + e.code.rawValue + ")"
            if let reason = e.reason { summary += " " + Catalogue.text(.pageReasonLabel, lang, ["reason": reason.title(in: lang)]) }
            w.element("summary", ["type": "text"], text: summary)
            w.raw("</entry>")
        }
        w.raw("</feed>\n")
        return w.bytes
    }

    /// Office codes come from feeds: keep only characters that are safe in a tag URI.
    private static func idSafe(_ s: String) -> String {
        let kept = s.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        return kept.isEmpty ? "office" : String(String.UnicodeScalarView(kept))
    }
}
