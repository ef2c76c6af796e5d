import Foundation
import Testing
@testable import PostTraceServer
import TestSupport

/// The page routes mounted in the real server, over HTTP (no browser).
@Suite("Page on the real server", .scratch)
struct PageServerTests {
    @Test("strict CSP once per response, HTML, Atom and asset types, 404 for an invalid number's page")
    func headersAndTypes() async throws {
        try await PageLiveServer.with { base in
            let home = try await PageLiveServer.get(base + "/", headers: ["Accept-Language": "zh-CN"])
            #expect(home.status == 200)
            #expect(home.headers["content-type"] == "text/html; charset=utf-8")
            let csp = try #require(home.headers["content-security-policy"])
            #expect(csp.hasPrefix("default-src 'self'"))
            #expect(!csp.contains("unsafe-inline") && !csp.contains(","))
            #expect(home.body.contains("<html lang=\"zh-Hans\" dir=\"ltr\">"))
            let feed = try await PageLiveServer.get(base + "/t/EE123456785CN/feed.atom")
            #expect(feed.status == 200 && feed.headers["content-type"]?.hasPrefix("application/atom+xml") == true)
            #expect(feed.body.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"\(base)/t/EE123456785CN/feed.atom?lang=en\">"))
            let css = try await PageLiveServer.get(base + "/assets/style.css")
            #expect(css.status == 200 && css.headers["content-type"]?.hasPrefix("text/css") == true)
            #expect(try await PageLiveServer.get(base + "/assets/..%2F..%2FPackage.swift").status == 404)
            let invalid = try await PageLiveServer.get(base + "/t/EE123456784CN")
            #expect(invalid.status == 404)
            #expect(invalid.body.contains("EE123456785CN"))
            let check = try await PageLiveServer.get(base + "/check?lang=en", postForm: "message=Pay+the+customs+fee+at+http%3A%2F%2F1.2.3.4%2Fpay")
            #expect(check.status == 200)
            #expect(check.body.contains("class=\"verdict v-"))
            let empty = try await PageLiveServer.get(base + "/track?n=")
            #expect(empty.status == 400 && empty.body.contains("Please enter at least one tracking number."))
        }
    }

    @Test("a valid number without a record links to the near number that has one (CM typed for CN)")
    func nearbyKnown() async throws {
        try await PageLiveServer.with { base in
            let page = try await PageLiveServer.get(base + "/t/EE123456785CM?lang=en")
            #expect(page.status == 200)
            #expect(page.body.contains("<div class=\"notice nearby\" role=\"status\"><p>We have records for a number one typing slip away from this one. Did you mean:</p>"))
            #expect(page.body.contains("<a dir=\"ltr\" href=\"/t/EE123456785CN?lang=en\">EE123456785CN</a>"))
            let zh = try await PageLiveServer.get(base + "/track?n=EE123456785CM&lang=zh-Hans")
            #expect(zh.body.contains("有一个与此只差一处输入的号码已有记录") && zh.body.contains(">EE123456785CN</a>"))
            let alone = try await PageLiveServer.get(base + "/t/RR999999987CN?lang=en")
            #expect(alone.status == 200 && !alone.body.contains("nearby"))
        }
    }

    @Test("an invalid number's suggestions mark the one that has records, first (a pasted number cut short)")
    func suggestionsMarked() async throws {
        try await PageLiveServer.with { base in
            let page = try await PageLiveServer.get(base + "/t/EE123456785C?lang=en")
            #expect(page.status == 404)
            let list = try #require(page.body.range(of: "<ul class=\"suggestions\">").map { String(page.body[$0.upperBound...].prefix(1200)) })
            #expect(list.hasPrefix("<li><a dir=\"ltr\" href=\"/t/EE123456785CN?lang=en\">EE123456785CN</a> <span class=\"badge known\">has records</span></li>"), "\(list)")
            #expect(list.components(separatedBy: "badge known").count == 2, "only the known one is marked")
            let zh = try await PageLiveServer.get(base + "/t/EE123456785C?lang=zh-Hans")
            #expect(zh.body.contains(">EE123456785CN</a> <span class=\"badge known\">有记录</span>"))
        }
    }
}
