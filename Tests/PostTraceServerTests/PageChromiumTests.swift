import Foundation
import Testing
import PostTraceCore
import PostTraceStore
@testable import PostTraceServer
import S10
import TestSupport

/// The page as a person sees it: real Chromium, headless, against the real server on a loopback port.
@Suite("Page in Chromium", .serialized, .scratch)
struct PageChromiumTests {
    /// Serves the fixtures on the real server and passes its base URL.
    private func withServer(_ body: (String) async throws -> Void) async throws {
        try await PageLiveServer.with(body)
    }

    /// The DOM and visible text of a page; fails when the browser reports a Content-Security-Policy violation.
    private func seen(_ url: String, acceptLanguage: String? = nil) async throws -> (dom: String, text: String) {
        let page = try await PageBrowser.dumpDOM(url, acceptLanguage: acceptLanguage)
        let violations = page.console.filter { $0.contains("Content Security Policy") }
        #expect(violations.isEmpty, "\(url): \(violations)")
        return (page.dom, PageBrowser.visibleText(page.dom))
    }

    @Test("home: the form with its label, an example and where to find the number")
    func home() async throws {
        try await withServer { base in
            let page = try await seen(base + "/")
            #expect(page.text.contains("Track your parcel"))
            #expect(page.text.contains("Tracking numbers (up to 20, one per line or separated by commas)"))
            #expect(page.text.contains("Try an example: EE123456785CN"))
            #expect(page.text.contains("24 to 48 hours after posting"))
            #expect(page.dom.contains("<textarea id=\"numbers\" name=\"n\""))
            try await PageBrowser.screenshot(base + "/", width: 360, name: "home")
        }
    }

    @Test("delivered: every scan in local time, newest first; screenshots at 360 and 1280 px")
    func delivered() async throws {
        try await withServer { base in
            let page = try await seen(base + "/t/EE123456785CN")
            #expect(page.text.contains("EE123456785CN"))
            #expect(page.text.contains("EE123456785CN Delivered Delivered in Germany on 5 March Service EMS From → to China → Germany"))
            #expect(page.text.contains("5 March 2026, 05:10 UTC+01:00 Delivered EMI Berlin Delivery Office 10115, Berlin (Germany)"))
            #expect(page.text.contains("1 March 2026, 09:10 UTC+08:00 Posted (accepted by the post)"))
            #expect(page.text.contains("The post never asks for payment or card details by SMS or e-mail"))
            #expect(page.dom.contains("<link rel=\"stylesheet\" href=\"/assets/style.css\">"))
            for width in [360, 1280] {
                let png = try await PageBrowser.screenshot(base + "/t/EE123456785CN", width: width, name: "delivered")
                #expect(((try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0) > 10_000)
            }
        }
    }

    @Test("in customs: the hold is named with the office")
    func inCustoms() async throws {
        try await withServer { base in
            let page = try await seen(base + "/t/RR123456785CN")
            #expect(page.text.contains("RR123456785CN In customs Held by customs in Germany since 3 March"))
            #expect(page.text.contains("Handed to import customs EME Frankfurt International Mail Centre, Frankfurt (Germany)"))
            #expect(page.text.contains("Import duties or taxes may be due before delivery"))
            #expect(page.text.contains("China Post / EMS: 11183"))
            #expect(page.text.contains("Service Registered letter"))
            try await PageBrowser.screenshot(base + "/t/RR123456785CN", width: 360, name: "in-customs")
        }
    }

    @Test("delivery failed: the attempt and its reason")
    func deliveryFailed() async throws {
        try await withServer { base in
            let page = try await seen(base + "/t/CP123456785CN")
            #expect(page.text.contains("Delivery attempt failed EMH Berlin Delivery Office 10115"))
            #expect(page.text.contains("Reason: addressee not at home"))
            #expect(page.text.contains("Delivery attempt failed on 5 March: addressee not at home"))
            #expect(page.text.contains("Collect the item at the delivery office"))
        }
    }

    @Test("not yet recorded: 24–48 h advice and the feed to follow it")
    func notYetRecorded() async throws {
        try await withServer { base in
            let page = try await seen(base + "/t/LX123456785CN")
            #expect(page.text.contains("No record yet"))
            #expect(page.text.contains("Records usually appear 24–48 hours after the sender hands the parcel over"))
            #expect(page.text.contains("Atom feed for LX123456785CN"))
            #expect(page.dom.contains("href=\"/t/LX123456785CN/feed.atom?lang=en\""))
            try await PageBrowser.screenshot(base + "/t/LX123456785CN", width: 360, name: "not-yet")
        }
    }

    @Test("invalid with suggestion: the problem and the corrected number as a link")
    func invalidWithSuggestion() async throws {
        try await withServer { base in
            let page = try await seen(base + "/track?n=EE123456784CN")
            #expect(page.text.contains("“EE123456784CN” is not a valid tracking number"))
            #expect(page.text.contains("The check digit (character 11) should be 5 for this serial number, but it is “4”"))
            #expect(page.text.contains("Did you mean: EE123456785CN"))
            #expect(page.dom.contains("<a dir=\"ltr\" href=\"/t/EE123456785CN?lang=en\">EE123456785CN</a>"))
            try await PageBrowser.screenshot(base + "/track?n=EE123456784CN", width: 360, name: "invalid")
        }
    }

    @Test("several numbers at once, pasted with spaces inside one of them, through the form's own URL")
    func several() async throws {
        try await withServer { base in
            // What the form submits (GET, form-encoded) for three lines pasted from an e-mail.
            let url = base + "/track?lang=en&n=EE123456785CN%0D%0ARR+123+456+785+CN%2C+CP123456785CN"
            let page = try await seen(url)
            #expect(page.text.contains("Tracking results 3 numbers"))
            for n in ["EE123456785CN", "RR123456785CN", "CP123456785CN"] {
                #expect(page.dom.contains("id=\"item-\(n)\""))
            }
            #expect(page.dom.contains(">EE123456785CN\nRR123456785CN\nCP123456785CN</textarea>"))
            try await PageBrowser.screenshot(url, width: 360, name: "several")
            try await PageBrowser.screenshot(url, width: 1280, name: "several")
        }
    }

    @Test("Chinese page: chosen from Accept-Language, dates and stages in Chinese")
    func chinese() async throws {
        try await withServer { base in
            let page = try await seen(base + "/t/EE123456785CN", acceptLanguage: "zh-CN,zh")
            #expect(page.dom.contains("<html lang=\"zh-Hans\" dir=\"ltr\""), "page.js may add a class after them")
            #expect(page.text.contains("2026年3月5日 05:10 UTC+01:00 妥投 EMI"))
            #expect(page.text.contains("查询结果"))
            #expect(page.text.contains("邮政绝不会通过短信或电子邮件要求您付款或提供银行卡信息"))
            #expect(page.text.contains("特快专递（EMS）"))
            #expect(page.text.contains("中国 → 德国"))
            try await PageBrowser.screenshot(base + "/t/EE123456785CN?lang=zh-Hans", width: 1280, name: "chinese")
        }
    }

    @Test("markup typed in the number field or sent as an office name is shown as text, never run")
    func injection() async throws {
        try await withServer { base in
            let typed = try await seen(base + "/track?n=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(typed.text.contains("“<script>alert(1)</script>” is not a valid tracking number"))
            #expect(!typed.dom.contains("<script>alert"))
            let office = try await seen(base + "/t/EA123456785CN")
            #expect(office.text.contains("<script>alert('office')</script>"))
            #expect(!office.dom.contains("<script>alert"))
            #expect(!office.dom.contains("<img src=\"x\""))
        }
    }
}
