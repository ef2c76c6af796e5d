import Foundation
import PostTraceCore
import PostTraceStore
@testable import PostTraceServer
import S10
import Testing
import TestSupport

/// `/contacts` and the link check on `/check`, rendered by the page routes (no JavaScript involved).
@Suite("Contacts page and link check", .scratch)
struct ContactsPageTests {
    private func get(_ path: String, query: [(name: String, value: String)] = [], lang: String = "en") async throws -> (status: Int, body: String) {
        let routes = PageFixtures.routes(InMemoryStore())
        let router = Router(routes)
        guard case .route(let route, let parameters) = router.match(method: "GET", path: path) else { throw RawHTTP.Failure(description: "no route \(path)") }
        var request = HTTPRequest(method: "GET", path: path, query: query + [(name: "lang", value: lang)])
        request.pathParameters = parameters
        let response = await route.handler(request)
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    private func post(_ form: String, lang: String = "en") async throws -> (status: Int, body: String) {
        let route = try #require(PageFixtures.routes(InMemoryStore()).first { $0.name == "page.check.submit" })
        let response = await route.handler(HTTPRequest(method: "POST", path: "/check", query: [(name: "lang", value: lang)],
                                                       headers: ["content-type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    @Test("every operator appears once under its region, with its website as text and link and every fact's source", arguments: Language.allCases)
    func all(language: Language) async throws {
        let page = try await get("/contacts", lang: language.rawValue)
        #expect(page.status == 200 && page.body.contains("<html lang=\"\(language.rawValue)\""))
        let operators = PostalDirectory.shipped.operators
        for op in operators {
            #expect(page.body.components(separatedBy: "<article class=\"card contact\" id=\"\(op.id)\"").count == 2, "\(op.id)")
            #expect(page.body.contains("<a href=\"\(op.website)\" rel=\"noopener noreferrer\">\(op.website)</a>"), "\(op.id)")
            #expect(page.body.contains(HTMLWriter.escaped(op.name.text(in: language))))
            for phone in op.phones { #expect(page.body.contains("href=\"tel:\(phone.number)\"")) }
        }
        let ctx = PageContext(language: language, path: "/contacts", query: [], feed: nil)
        for region in Set(operators.map(\.region)) { #expect(page.body.contains(">\(ContactsPage.regionName(region, ctx))</h2>")) }
        // Every fact not re-checked says so: one marker per domain, phone, app and account.
        let facts = operators.reduce(0) { $0 + $1.domainEntries.count + $1.phones.count + $1.apps.count + $1.wechat.count }
        let marker = "<strong class=\"unchecked\">\(Catalogue.text(.contactsNotRechecked, language))</strong>"
        #expect(page.body.components(separatedBy: marker).count - 1 == facts)
    }

    @Test("one country by code, any case, in the path or the search field, or by its name in either language")
    func oneCountry() async throws {
        for (path, query) in [("/contacts/CN", []), ("/contacts/cn", []), ("/contacts", [(name: "country", value: "CN")]),
                              ("/contacts", [(name: "country", value: "china")]), ("/contacts", [(name: "country", value: "中国")])] as [(String, [(name: String, value: String)])] {
            let page = try await get(path, query: query)
            #expect(page.status == 200, "\(path) \(query)")
            #expect(page.body.contains("id=\"cn-chinapost\"") && !page.body.contains("id=\"us-usps\""), "\(path) \(query)")
            #expect(page.body.contains("call from phones in mainland China") && page.body.contains("call from outside mainland China"))
        }
        let zh = try await get("/contacts/CN", lang: "zh-Hans")
        #expect(zh.body.contains("在中国大陆境内拨打") && zh.body.contains("中国的官方联系方式"))
    }

    @Test("a country without an entry, and a search matching none, answer 404 with the UPU's list; the search is escaped")
    func missing() async throws {
        let kenya = try await get("/contacts/KE")
        #expect(kenya.status == 404 && kenya.body.contains("We have no entry for Kenya yet") && kenya.body.contains("https://www.upu.int/"))
        let hostile = try await get("/contacts", query: [(name: "country", value: "<script>alert(1)</script>")])
        #expect(hostile.status == 404 && !hostile.body.contains("<script>alert") && hostile.body.contains("&lt;script&gt;"))
        let long = try await get("/contacts", query: [(name: "country", value: String(repeating: "x", count: 5000))])
        #expect(long.status == 404)
    }

    @Test("the link check on /check: a look-alike with the official alternative and the contacts entry; a phone; refusals")
    func linkCheck() async throws {
        let lookalike = try await post("link=" + PageURL.encode("https://\u{0441}hinapost.com/pay"))
        #expect(lookalike.status == 200 && lookalike.body.contains("A look-alike: this is not the post"))
        #expect(lookalike.body.contains("Use https://www.ems.com.cn instead") && lookalike.body.contains("href=\"/contacts/CN?lang=en#cn-chinapost\""))
        let phone = try await post("link=" + PageURL.encode("+86 10 11183"), lang: "zh-Hans")
        #expect(phone.status == 200 && phone.body.contains("官方渠道") && phone.body.contains("公布的客服电话"))
        let bad = try await post("link=" + PageURL.encode("javascript:alert(1)"))
        #expect(bad.status == 400 && bad.body.contains("Only web addresses"))
        let long = try await post("link=" + PageURL.encode("https://a.com/" + String(repeating: "x", count: 3000)))
        #expect(long.status == 413 && !long.body.contains("xxxxxxxxxx"))
    }

    @Test("the message checker's signs link to the matching /contacts entry")
    func messageSignsLinkToContacts() async throws {
        let sms = "USPS: your parcel is held. Pay the fee at https://usps-redelivery.top/pay"
        let page = try await post("message=" + PageURL.encode(sms))
        #expect(page.body.contains("href=\"/contacts/US?lang=en#us-usps\">Official contacts of United States Postal Service (USPS)</a>"))
    }

    @Test("a parcel page links to the origin's and the destination's entries")
    func parcelPage() async throws {
        let store = try await PageFixtures.store()
        let route = try #require(PageFixtures.routes(store).first { $0.name == "page.number" })
        var request = HTTPRequest(method: "GET", path: "/t/EE123456785CN", query: [(name: "lang", value: "en")])
        request.pathParameters = ["number": "EE123456785CN"]
        let page = String(decoding: await route.handler(request).body, as: UTF8.self)
        #expect(page.contains("<a href=\"/contacts/CN?lang=en#cn-chinapost\">Contact China Post / EMS</a>"))
        #expect(page.contains("<a href=\"/contacts/DE?lang=en#de-deutschepost\">Contact Deutsche Post / DHL</a>"))
    }
}
