import Foundation
import Testing
import PostTraceCore
import PostTraceStore
@testable import PostTraceServer
import S10
import TestSupport

@Suite("Page rendering", .scratch)
struct PageRenderTests {
    @Test("home page: form without JavaScript, example number valid, language from Accept-Language")
    func home() async throws {
        let routes = PageFixtures.routes(InMemoryStore())
        let en = try await PageFixtures.call(routes, "page.home", path: "/")
        #expect(en.status == 200)
        #expect(en.body.contains("<html lang=\"en\" dir=\"ltr\">"))
        #expect(en.body.contains("<form class=\"track\" method=\"get\" action=\"/track\">"))
        #expect(en.body.contains("<label for=\"numbers\">"))
        #expect(S10Number(HomePage.exampleNumber) != nil)
        #expect(en.body.contains("24 to 48 hours"))
        let zh = try await PageFixtures.call(routes, "page.home", path: "/", headers: ["accept-language": "zh-CN,zh;q=0.9,en;q=0.5"])
        #expect(zh.body.contains("<html lang=\"zh-Hans\" dir=\"ltr\">"))
        #expect(zh.body.contains("查询您的邮件"))
        let forced = try await PageFixtures.call(routes, "page.home", path: "/", query: [("lang", "en")],
                                                 headers: ["accept-language": "zh-CN"])
        #expect(forced.body.contains("Track your parcel"))
        #expect(forced.body.contains("href=\"/?lang=zh-Hans\""))
    }

    @Test("the home page offers one plain example, or the demo's three with captions in the page's language")
    func examples() throws {
        let plain = String(decoding: HomePage.render(PageContext(language: .en, path: "/", query: [], feed: nil)), as: UTF8.self)
        #expect(plain.contains(">EE123456785CN</a></p>"))
        let demo = PageExamples()
        demo.showDemo(delivered: "RR000020265US", inCustoms: "LP607427673CN", noRecord: nil)
        let zh = String(decoding: HomePage.render(PageContext(language: .zhHans, path: "/", query: [], feed: nil), examples: demo.all), as: UTF8.self)
        #expect(zh.contains(">RR000020265US</a> (已妥投) · <a"))
        #expect(zh.contains(">LP607427673CN</a> (海关处理中)"))
        #expect(!zh.contains("EE123456785CN</a>") && !zh.contains("暂无记录"))
        // Nothing to show leaves the default alone.
        let none = PageExamples()
        none.showDemo(delivered: nil, inCustoms: nil, noRecord: nil)
        #expect(none.all.map(\.number) == ["EE123456785CN"])
    }

    @Test("every page: security note, no inline script or style, nothing loaded from elsewhere")
    func policy() async throws {
        let store = try await PageFixtures.store()
        let routes = PageFixtures.routes(store)
        let pages = [
            try await PageFixtures.call(routes, "page.home", path: "/"),
            try await PageFixtures.call(routes, "page.track", path: "/track", query: [("n", "EE123456785CN RR123456785CN")]),
            try await PageFixtures.call(routes, "page.number", path: "/t/EE123456785CN", parameters: ["number": "EE123456785CN"]),
            try await PageFixtures.call(routes, "page.number", path: "/t/XX", parameters: ["number": "XX"]),
            try await PageFixtures.call(routes, "page.check", path: "/check", query: [("lang", "zh-Hans")]),
        ]
        for page in pages {
            #expect(page.body.contains("class=\"security\""))
            #expect(page.body.contains("href=\"/check?lang="))
            #expect(!page.body.contains("style="))
            #expect(!page.body.contains("<style"))
            #expect(!page.body.contains("<script>"))
            // Links to the post's own website are fine; nothing may be loaded from elsewhere.
            #expect(!page.body.contains("src=\"http") && !page.body.contains("src=\"//") && !page.body.contains("@import"))
            #expect(!page.body.contains("<link rel=\"stylesheet\" href=\"http"))
        }
        for page in pages {
            // One h1, and no heading before it, so the outline starts with what the page is about.
            #expect(page.body.components(separatedBy: "<h1").count == 2)
            let firstHeading = try #require(page.body.range(of: "<h[1-6]", options: .regularExpression))
            #expect(page.body[firstHeading].hasPrefix("<h1"))
            #expect(page.body.contains("<a class=\"skip\" href=\"#main\">"))
        }
        #expect(pages[0].body.contains("never asks for payment or card details by SMS or e-mail"))
        #expect(pages[4].body.contains("绝不会通过短信或电子邮件要求您付款"))
    }

    @Test("markup in an office name and in the number field is shown as text")
    func escaping() async throws {
        let routes = PageFixtures.routes(try await PageFixtures.store())
        let office = try await PageFixtures.call(routes, "page.number", path: "/t/EA123456785CN", parameters: ["number": "EA123456785CN"])
        #expect(office.status == 200)
        #expect(!office.body.contains("<script>alert"))
        #expect(!office.body.contains("<img src=x"))
        #expect(office.body.contains("&lt;script&gt;alert(&#39;office&#39;)&lt;/script&gt;"))
        #expect(office.body.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        let typed = try await PageFixtures.call(routes, "page.track", path: "/track",
                                                query: [("n", "<script>alert(1)</script>"), ("lang", "\"><script>x</script>")])
        #expect(!typed.body.contains("<script>alert(1)"))
        #expect(!typed.body.contains("<script>x"))
        #expect(typed.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(HTMLWriter.escaped("a&b<c>d\"e'f\u{0}g 中文") == "a&amp;b&lt;c&gt;d&quot;e&#39;f\u{FFFD}g 中文")
    }

    @Test("a number's page: service, route, stages in order, history newest first in office local time")
    func numberPage() async throws {
        let routes = PageFixtures.routes(try await PageFixtures.store())
        let page = try await PageFixtures.call(routes, "page.number", path: "/t/EE123456785CN", parameters: ["number": "EE123456785CN"])
        let body = page.body
        #expect(page.status == 200)
        #expect(body.contains("<dd>EMS</dd>"))
        #expect(body.contains("China → Germany"))
        #expect(body.contains("<p class=\"headline\">Delivered in Germany on 5 March</p>"))
        let stageNames = Stage.allCases.map { $0.title(in: .en) }
        let positions = stageNames.compactMap { body.range(of: "<span class=\"name\">\($0)</span>")?.lowerBound }
        #expect(positions.count == 6 && positions == positions.sorted())
        // Posted 2026-03-01 09:10 in Beijing (+08:00); delivered 99 h later in Berlin (+01:00).
        #expect(body.contains("1 March 2026, 09:10</time> <span class=\"offset\" dir=\"ltr\">UTC+08:00</span>"))
        #expect(body.contains("5 March 2026, 05:10</time> <span class=\"offset\" dir=\"ltr\">UTC+01:00</span>"))
        // The last update's offset too, which the stylesheet keeps on one line.
        #expect(body.contains("<dd><time datetime=\"2026-03-05T05:10:00+01:00\">5 March 2026, 05:10 <span class=\"offset\" dir=\"ltr\">UTC+01:00</span></time></dd>"))
        #expect(PageAssets.all["style.css"].map { String(decoding: $0.body, as: UTF8.self).contains(".offset { white-space: nowrap; }") } == true)
        let delivered = try #require(body.range(of: "Delivered</span> <abbr"))
        #expect(body.contains("<li class=\"current\" aria-current=\"step\"><span class=\"name\">Delivered</span>"))
        let posted = try #require(body.range(of: "Posted (accepted by the post)"))
        #expect(delivered.lowerBound < posted.lowerBound)
        #expect(body.contains("title=\"UPU EMI\""))
        #expect(body.contains("<bdi>Berlin Delivery Office 10115, Berlin</bdi> (Germany)"))
        #expect(body.contains("<link rel=\"alternate\" type=\"application/atom+xml\""))
        #expect(body.contains("href=\"/t/EE123456785CN/feed.atom?lang=en\""))
    }

    @Test("no record yet: the 24–48 h advice and the feed to follow it")
    func notYetRecorded() async throws {
        let routes = PageFixtures.routes(try await PageFixtures.store())
        let page = try await PageFixtures.call(routes, "page.number", path: "/t/LX123456785CN", parameters: ["number": "LX123456785CN"])
        #expect(page.status == 200)
        #expect(page.body.contains("No record yet"))
        #expect(page.body.contains("24–48 hours"))
        #expect(page.body.contains("Follow this number with the feed below"))
        #expect(page.body.contains("/t/LX123456785CN/feed.atom"))
    }

    @Test("invalid number: the exact problem and the correction as a link; 404 on its own page")
    func invalid() async throws {
        let routes = PageFixtures.routes(try await PageFixtures.store())
        let page = try await PageFixtures.call(routes, "page.number", path: "/t/EE123456784CN", parameters: ["number": "EE123456784CN"])
        #expect(page.status == 404)
        #expect(page.body.contains("“EE123456784CN” is not a valid tracking number"))
        #expect(page.body.contains("The check digit (character 11) should be 5"))
        #expect(page.body.contains("<a dir=\"ltr\" href=\"/t/EE123456785CN?lang=en\">EE123456785CN</a>"))
    }

    @Test("suggestions the store knows come first")
    func knownSuggestionsFirst() async throws {
        let store = InMemoryStore()
        let all = S10.validate("EE123456784CN").suggestions
        let known = try #require(all.dropFirst().first)
        _ = try await store.insert([PageFixtures.event(known, .posting, hoursAfterStart: 0, PageFixtures.beijing)])
        let page = try await PageFixtures.call(PageFixtures.routes(store), "page.track", path: "/track", query: [("n", "EE123456784CN")])
        let first = try #require(page.body.range(of: "<ul class=\"suggestions\"><li><a dir=\"ltr\" href=\"/t/"))
        #expect(page.body[first.upperBound...].hasPrefix(known.description))
    }

    @Test("several numbers: a summary, one section each, at most 20, the rest reported")
    func several() async throws {
        let routes = PageFixtures.routes(try await PageFixtures.store())
        let page = try await PageFixtures.call(routes, "page.track", path: "/track",
                                               query: [("n", "EE123456785CN\nRR 123 456 785 CN, EE12345678CN, thanks"), ("n", "CP123456785CN")])
        #expect(page.status == 200)
        #expect(page.body.components(separatedBy: "<section class=\"item").count - 1 == 4)
        #expect(page.body.contains("4 numbers"))
        let many = (0..<25).map { String(format: "EE%08d%dCN", $0, S10Number.checkDigit(forSerial: UInt32($0))) }
        let long = try await PageFixtures.call(routes, "page.track", path: "/track", query: [("n", many.joined(separator: ","))])
        #expect(long.body.components(separatedBy: "<section class=\"item").count - 1 == 20)
        #expect(long.body.contains("Only the first 20 numbers are shown; 5 more were left out."))
        let empty = try await PageFixtures.call(routes, "page.track", path: "/track", query: [("n", " , ")])
        #expect(empty.status == 400)
        #expect(empty.body.contains("Please enter at least one tracking number."))
    }

    @Test("assets: only the listed files, with their types")
    func assets() async throws {
        let routes = PageFixtures.routes(InMemoryStore())
        let css = try await PageFixtures.call(routes, "page.asset", path: "/assets/style.css", parameters: ["file": "style.css"])
        #expect(css.status == 200 && css.body.contains("@media"))
        #expect(css.response.headers.contains { $0.name == "Content-Type" && $0.value.hasPrefix("text/css") })
        let js = try await PageFixtures.call(routes, "page.asset", path: "/assets/page.js", parameters: ["file": "page.js"])
        #expect(js.status == 200)
        for name in ["../Package.swift", "..%2FPackage.swift", ".keep", "", "style.css\u{0}"] {
            #expect(try await PageFixtures.call(routes, "page.asset", path: "/assets/x", parameters: ["file": name]).status == 404)
        }
        #expect(try await PageFixtures.call(routes, "page.favicon", path: "/favicon.ico").status == 200)
    }
}
