import PostTraceCore
import PostTraceStore
import S10

extension ShareRoutes {
    /// `/s/{token}`: the shared parcels, each a link to its page, rendered on the server so it works without
    /// JavaScript; with it, a button adds them to My parcels on this device (page.js, names from the link's
    /// fragment). Unknown, malformed and revoked tokens get the same 404 page.
    func page(_ request: HTTPRequest) async -> HTTPResponse {
        let ctx = PageRoutes.context(request)
        let share: ParcelShare
        do { share = try await active(request) } catch let error as SubscriptionProblem where error.status == 404 {
            return Self.noStore(PageRoutes.html(404, Self.gone(ctx), ctx.language))
        } catch {
            return PostTraceServer.response(for: error, path: request.path)
        }
        return Self.noStore(PageRoutes.html(200, Self.render(ctx, share.numbers), ctx.language))
    }

    /// `/s/{token}/qr.svg`: the QR code of the link (without any fragment: names never reach the server).
    func qrCode(_ request: HTTPRequest) async -> HTTPResponse {
        do { _ = try await active(request) } catch { return PostTraceServer.response(for: error, path: request.path) }
        let token = request.pathParameters["token"] ?? ""
        guard let code = QRCode(link(token, request)) else { return HTTPResponse(problem: Problem.internalError) }
        let svg = code.svg(title: Catalogue.text(.appShareQRAlt, request.language))
        return HTTPResponse(status: 200, headers: [("Content-Type", "image/svg+xml"), ("Cache-Control", "no-store")], body: Array(svg.utf8))
    }

    static func render(_ ctx: PageContext, _ numbers: [S10Number]) -> [UInt8] {
        PageLayout.render(ctx, title: ctx.t(.shareTitle)) { w in
            w.element("h1", text: ctx.t(.shareTitle))
            w.element("p", text: ctx.t(.shareIntro))
            w.element("p", ["class": "share-warning"], text: ctx.t(.shareWarning))
            w.open("ul", ["class": "share-numbers"])
            for number in numbers {
                w.open("li", ["data-number": number.description])
                w.open("a", ["href": ctx.link("/t/\(number)"), "dir": "ltr"]); w.text(number.description); w.close("a")
                w.close("li")
            }
            w.close("ul")
            w.open("div", ["id": "share-add", "class": "share-add", "hidden": "", "data-numbers": numbers.map(\.description).joined(separator: " ")])
            w.open("button", ["type": "button"]); w.text(ctx.t(.shareAddButton)); w.close("button")
            w.open("p", ["class": "share-added", "role": "status"]); w.close("p")
            w.open("p", ["class": "share-my", "hidden": ""])
            w.open("a", ["href": ctx.link("/my")]); w.text(ctx.t(.appMyTitle)); w.close("a")
            w.close("p")
            w.open("template", ["class": "share-added-text"]); w.text(ctx.t(.shareAdded)); w.close("template")
            w.close("div")
            w.element("p", ["class": "app-nojs"], text: ctx.t(.appNeedsJavaScript))
        }
    }

    static func gone(_ ctx: PageContext) -> [UInt8] {
        PageLayout.render(ctx, title: ctx.t(.shareGoneTitle)) { w in
            w.element("h1", text: ctx.t(.shareGoneTitle))
            w.element("p", ["class": "share-gone"], text: ctx.t(.shareGoneText))
            w.open("p"); w.open("a", ["href": ctx.link("/")]); w.text(ctx.t(.pageSiteName)); w.close("a"); w.close("p")
        }
    }

    /// A page carrying a token: never stored by a cache.
    static func noStore(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.setHeader("Cache-Control", "no-store")
        return response
    }
}
