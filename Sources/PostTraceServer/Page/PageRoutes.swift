import Foundation
import MessageCheck
import PostTraceCore
import PostTraceStore
import S10

/// The web Track & Trace page: HTML rendered on the server, an Atom feed per number, static assets.
/// Security headers (the strict CSP among them) are added to every response by `PostTraceServer`.
public enum PageRoutes {
    /// The routes to mount: `GET /`, `/track`, `/t/:number`, `/t/:number/feed.atom`, `GET`/`POST /check`, `/assets/:file`,
    /// `/favicon.ico`. `now` gives seconds since 1970 (UTC), injectable for tests. `publicURL` (`serve --public-url`, e.g.
    /// `https://track.example`) is the base of the feed's absolute links; without it a valid `Host` header gives `http://host`.
    public static func routes(store: any TrackingStore, examples: PageExamples = PageExamples(), lanes: LaneBook = LaneBook(),
                              publicURL: String? = nil,
                              now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) -> [Route] {
        [
            Route("GET", "/", name: "page.home", rule: .open) { req in
                let ctx = context(req)
                return html(200, HomePage.render(ctx, examples: examples.all), ctx.language)
            },
            Route("GET", "/track", name: "page.track", rule: .timeline) { req in
                await track(req, texts: req.queryValues("n"), store: store, lanes: lanes.current, now: now(), singleNumberPage: false)
            },
            Route("GET", "/t/:number", name: "page.number", rule: .timeline) { req in
                await track(req, texts: [req.pathParameters["number"] ?? ""], store: store, lanes: lanes.current, now: now(), singleNumberPage: true)
            },
            Route("GET", "/t/:number/feed.atom", name: "page.feed", rule: .timeline) { req in
                await feed(req, store: store, now: now(), publicURL: publicURL)
            },
            Route("GET", "/lanes/:lane", name: "page.lane", rule: .read) { req in
                LanePage.respond(req, table: lanes.current, context: context(req))
            },
            Route("GET", "/check", name: "page.check", rule: .open) { req in
                let ctx = context(req)
                return html(200, CheckPage.render(ctx), ctx.language)
            },
            Route("POST", "/check", name: "page.check.submit", rule: .open) { req in
                checkMessage(req)
            },
            Route("GET", "/contacts", name: "page.contacts", rule: .open) { req in
                contacts(req, asked: req.queryValue("country"))
            },
            Route("GET", "/contacts/:country", name: "page.contacts.country", rule: .open) { req in
                contacts(req, asked: req.pathParameters["country"] ?? "")
            },
            Route("GET", "/assets/:file", name: "page.asset", rule: .fixed) { req in
                asset(req.pathParameters["file"] ?? "")
            },
            Route("GET", "/favicon.ico", name: "page.favicon", rule: .fixed) { _ in asset("favicon.svg") },
            Route("GET", "/manifest.webmanifest", name: "page.manifest", rule: .open) { req in AppPages.manifest(language(req)) },
            Route("GET", "/sw.js", name: "page.serviceworker", rule: .open) { _ in AppPages.serviceWorker() },
            Route("GET", "/my", name: "page.my", rule: .open) { req in
                let ctx = context(req)
                return html(200, AppPages.myParcels(ctx), ctx.language)
            },
        ]
    }

    /// The HTML page of one timeline, as `/t/{number}` renders it (for benchmarks and embedding).
    public static func renderPage(_ timeline: Timeline) -> String {
        let number = timeline.number.description
        var ctx = PageContext(language: timeline.language, path: "/t/\(number)", query: [], feed: nil)
        ctx.feed = (ctx.link("/t/\(number)/feed.atom"), ctx.t(.pageFeedTitle, ["number": number]))
        return String(decoding: ResultsPage.render(ctx, entries: [.found(timeline, nearbyKnown: [])], dropped: 0, asked: number), as: UTF8.self)
    }

    /// The Atom feed of one timeline, as `/t/{number}/feed.atom` renders it.
    public static func renderFeed(_ timeline: Timeline, now: Int64) -> String {
        String(decoding: AtomFeed.render(timeline, base: "", now: now), as: UTF8.self)
    }

    /// The checker's verdict on a form-posted `message`; 400 when empty, 413 when over 20 KB. A posted `link`
    /// (one web address or phone number) is judged against the official channels instead.
    static func checkMessage(_ req: HTTPRequest) -> HTTPResponse {
        let ctx = context(req)
        let form = FormBody(req.body)
        if let link = form["link"] { return checkChannel(ctx, link) }
        let message = form["message"] ?? ""
        do {
            let result = try MessageChecker.shipped.check(message)
            return html(200, CheckPage.render(ctx, message: message, result: result), ctx.language)
        } catch {
            let tooLarge = error.code == "message_too_large"
            // A message too large to check is not echoed back either.
            return html(tooLarge ? 413 : 400, CheckPage.render(ctx, message: tooLarge ? "" : message,
                                                               problem: ctx.t(tooLarge ? .pageCheckTooLarge : .pageCheckEmpty)), ctx.language)
        }
    }

    /// `/contacts`, `/contacts?country=…` and `/contacts/{country}`: 404 when a country was asked for and the
    /// directory has no entry for it, or no country matches.
    static func contacts(_ req: HTTPRequest, asked: String?) -> HTTPResponse {
        let ctx = context(req)
        let directory = PostalDirectory.shipped
        guard let asked, !asked.trimmingCharacters(in: .whitespaces).isEmpty else {
            return html(200, ContactsPage.render(ctx, directory: directory, selection: .all, query: ""), ctx.language)
        }
        guard let code = ContactsPage.country(matching: asked) else {
            return html(404, ContactsPage.render(ctx, directory: directory, selection: .noSuchCountry(asked), query: asked), ctx.language)
        }
        let operators = directory.operators(serving: code)
        return html(operators.isEmpty ? 404 : 200, ContactsPage.render(ctx, directory: directory, selection: .country(code, operators), query: asked),
                    ctx.language)
    }

    /// `/check` with a posted `link`: a phone number when it reads as one, else a web address; 400 when it cannot be judged.
    static func checkChannel(_ ctx: PageContext, _ link: String) -> HTTPResponse {
        let checker = MessageChecker.shipped
        do {
            let result = OfficialChannelText.looksLikePhone(link) ? try checker.checkPhone(link) : try checker.checkLink(link)
            return html(200, CheckPage.render(ctx, link: link, channel: result), ctx.language)
        } catch {
            // An address too long to check is not echoed back.
            let shown = error.code == "url_too_long" ? "" : link
            return html(error.code == "url_too_long" ? 413 : 400,
                        CheckPage.render(ctx, link: shown, channelProblem: OfficialChannelText.refusal(error, language: ctx.language)), ctx.language)
        }
    }

    /// `?lang=` wins, then `Accept-Language`, then English.
    static func language(_ req: HTTPRequest) -> Language {
        req.language
    }

    static func context(_ req: HTTPRequest) -> PageContext {
        PageContext(language: language(req), path: req.path, query: req.query.filter { $0.name != "lang" }, feed: nil)
    }

    static func track(_ req: HTTPRequest, texts: [String], store: any TrackingStore, lanes: LaneTable, now: Int64,
                      singleNumberPage: Bool) async -> HTTPResponse {
        var ctx = context(req)
        let all = TrackInput.candidates(in: texts)
        guard !all.isEmpty else { return html(400, HomePage.render(ctx, message: ctx.t(.pageNoNumbers)), ctx.language) }
        let asked = Array(all.prefix(TrackInput.limit))
        let entries = await TrackEntry.load(asked, store: store, language: ctx.language, now: now, lanes: lanes)
        if entries.count == 1, case .found(let t, _) = entries[0] {
            let number = t.number.description
            ctx.feed = (ctx.link("/t/\(number)/feed.atom"), ctx.t(.pageFeedTitle, ["number": number]))
        }
        let page = ResultsPage.render(ctx, entries: entries, dropped: all.count - asked.count, asked: asked.joined(separator: "\n"))
        let invalidOnly = singleNumberPage && entries.allSatisfy { if case .invalid = $0 { true } else { false } }
        return html(invalidOnly ? 404 : 200, page, ctx.language)
    }

    static func feed(_ req: HTTPRequest, store: any TrackingStore, now: Int64, publicURL: String?) async -> HTTPResponse {
        let lang = language(req)
        let raw = req.pathParameters["number"] ?? ""
        guard let number = NumberCheck(input: raw, language: lang).number else {
            return HTTPResponse(status: 404, contentType: "text/plain; charset=utf-8",
                                body: Catalogue.text(.pageInvalidHeadline, lang, ["input": raw]) + "\n")
        }
        let events: [TrackingEvent]
        do { events = try await store.events(for: number, consistency: PostTraceServer.lookupConsistency) } catch {
            return PostTraceServer.response(for: error, path: req.path)
        }
        let timeline = Timeline(number: number, events: events, language: lang, now: now)
        let base = publicURL ?? req.headers["host"].flatMap(feedBase) ?? ""
        return HTTPResponse(status: 200, headers: [("Content-Type", "application/atom+xml; charset=utf-8"), ("Cache-Control", "no-cache"),
                                                   ("Content-Language", lang.rawValue)],
                            body: AtomFeed.render(timeline, base: base, now: now))
    }

    /// `http://host[:port]` for absolute feed links, only when the Host header is a valid `host[:port]` (a DNS name
    /// of letters, digits, hyphens and dots, or an IPv4 address, or `[IPv6]`; a port of 1 to 5 digits); anything
    /// else falls back to relative links rather than echoing it.
    static func feedBase(_ host: String) -> String? {
        guard !host.isEmpty, host.utf8.count <= 255 else { return nil }
        var name = Substring(host), port: Substring?
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return nil }
            let inside = name[name.index(after: name.startIndex)..<close]
            guard !inside.isEmpty, inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
            let rest = name[name.index(after: close)...]
            if !rest.isEmpty { guard rest.first == ":" else { return nil }; port = rest.dropFirst() }
            name = ""
        } else if let colon = name.firstIndex(of: ":") {
            port = name[name.index(after: colon)...]
            name = name[..<colon]
        }
        if let port, !(1...5).contains(port.count) || !port.allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let validName = name.isEmpty || labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        guard validName, !(name.isEmpty && !host.hasPrefix("[")) else { return nil }
        return "http://" + host.lowercased()
    }

    static func asset(_ name: String) -> HTTPResponse {
        guard let asset = PageAssets.all[name] else {
            return HTTPResponse(status: 404, contentType: "text/plain; charset=utf-8", body: "not found\n")
        }
        return HTTPResponse(status: 200, headers: [("Content-Type", asset.contentType), ("Cache-Control", "public, max-age=3600")],
                            body: asset.body)
    }

    /// A page in `language` (named in Content-Language, so that caches keep each language apart).
    static func html(_ status: Int, _ body: [UInt8], _ language: Language) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-cache"),
                                               ("Content-Language", language.rawValue)],
                     body: body)
    }
}
