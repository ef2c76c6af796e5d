import Foundation
import Testing
import PostTraceStore
@testable import PostTraceServer
import TestSupport

/// `/check`: the message checker's form, posted without JavaScript.
@Suite("Page message check", .scratch)
struct PageCheckTests {
    private func post(_ body: String, lang: String = "en") async throws -> (status: Int, body: String) {
        let routes = PageFixtures.routes(InMemoryStore())
        let route = try #require(routes.first { $0.name == "page.check.submit" })
        let request = HTTPRequest(method: "POST", path: "/check", query: [(name: "lang", value: lang)],
                                  headers: ["content-type": "application/x-www-form-urlencoded"], body: Array(body.utf8))
        let response = await route.handler(request)
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    @Test("a scam SMS gets a warning verdict with its signs; the form keeps the text")
    func scam() async throws {
        let sms = "USPS: Your package is on hold due to an unpaid fee. Pay $1.99 now at https://usps-redelivery.top/pay within 24 hours"
        let encoded = "message=" + PageURL.encode(sms)
        let page = try await post(encoded)
        #expect(page.status == 200)
        #expect(page.body.contains("This looks like a scam") || page.body.contains("Be careful: this message has warning signs"))
        #expect(page.body.contains("<ul class=\"signals\">"))
        #expect(page.body.contains("usps-redelivery.top"))
        let zh = try await post(encoded, lang: "zh-Hans")
        #expect(zh.body.contains("这很可能是诈骗") || zh.body.contains("请小心"))
    }

    @Test("the message is shown with its warning signs marked at the checker's spans, escaped, in order")
    func markedSpans() async throws {
        let sms = "<b>Royal Mail</b>: unpaid fee 📦. Pay now at https://royalmail-redelivery.info/pay within 24 hours"
        let page = try await post("message=" + PageURL.encode(sms))
        #expect(page.status == 200)
        let marked = try #require(page.body.range(of: "<p class=\"marked\">").map { String(page.body[$0.upperBound...]) })
        let paragraph = String(marked.prefix { $0 != "\u{0}" }.split(separator: "</p>", maxSplits: 1)[0])
        // The text around the marks is the message itself, escaped; the emoji before a span does not shift it.
        #expect(paragraph.hasPrefix("&lt;b&gt;Royal Mail&lt;/b&gt;: "))
        #expect(paragraph.contains(">https://royalmail-redelivery.info/pay</mark>"))
        #expect(paragraph.contains(">within 24 hours</mark>"))
        let stripped = paragraph.replacingOccurrences(of: #"<mark[^>]*>"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: "</mark>", with: "")
        #expect(stripped == "&lt;b&gt;Royal Mail&lt;/b&gt;: unpaid fee 📦. Pay now at https://royalmail-redelivery.info/pay within 24 hours")
    }

    @Test("markup in the message is shown as text; + and percent escapes are decoded")
    func escaping() async throws {
        let page = try await post("message=%3Cscript%3Ealert(1)%3C%2Fscript%3E+hello&message=second")
        #expect(page.status == 200)
        #expect(!page.body.contains("<script>alert"))
        #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; hello</textarea>"))
    }

    @Test("empty, blank and too-large messages: 400 and 413 with a clear message, the big one not echoed")
    func bad() async throws {
        for body in ["", "message=", "message=+++", "other=x", "message=%ZZ%"] {
            let page = try await post(body)
            if body == "message=%ZZ%" { #expect(page.status == 200); continue }
            #expect(page.status == 400)
            #expect(page.body.contains("Please paste the text of the message."))
        }
        let big = try await post("message=" + String(repeating: "a", count: 25_000))
        #expect(big.status == 413)
        #expect(big.body.contains("at most 20 KB"))
        #expect(!big.body.contains("aaaaaaaaaa"))
    }
}
