import Foundation
import PostTraceStore

/// How a browser reaches pages on a server that needs a key to read: a form at `/key` checks the key and keeps
/// it in a cookie (`HttpOnly`, `SameSite=Strict`, `Secure` over HTTPS, no expiry: gone when the browser
/// closes). The cookie stands in for `Authorization` on `GET` and `HEAD` only, so a page on another site can
/// never make a browser write anything with it.
enum KeyPage {
    /// The cookie holding the key's secret.
    static let cookieName = "posttrace_key"

    /// The key secret a request presents: from `Authorization: Bearer …`, else from the cookie on a safe method.
    static func credential(of request: HTTPRequest) -> Credential? {
        if let header = request.headers["authorization"] { return .header(header) }
        guard request.method == "GET" || request.method == "HEAD", let secret = cookie(cookieName, in: request.headers["cookie"]),
              !secret.isEmpty else { return nil }
        return .cookie(secret)
    }

    /// Where a key came from.
    enum Credential { case header(String), cookie(String) }

    /// The value of cookie `name` in a `Cookie` header.
    static func cookie(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// Whether a refusal should be the key form rather than problem+json: a browser asking for a page.
    static func wantsPage(_ request: HTTPRequest) -> Bool {
        (request.method == "GET" || request.method == "HEAD") && (request.headers["accept"] ?? "").contains("text/html")
    }

    /// The key form with `status` (401 for a refusal, 200 at `/key`); `returnTo` is where a good key leads.
    static func render(_ request: HTTPRequest, status: Int, returnTo: String, invalid: Bool = false) -> HTTPResponse {
        let ctx = PageRoutes.context(request)
        let body = PageLayout.render(ctx, title: ctx.t(.keyHeading)) { w in
            w.raw("<section class=\"card\" aria-labelledby=\"key-h\">")
            w.open("h1", ["id": "key-h"]); w.text(ctx.t(.keyHeading)); w.close("h1")
            w.element("p", text: ctx.t(.keyIntro))
            if invalid { w.element("p", ["class": "notice", "role": "alert"], text: ctx.t(.keyInvalid)) }
            w.open("form", ["class": "track", "method": "post", "action": ctx.link("/key")])
            w.open("input", ["type": "hidden", "name": "return", "value": returnTo])
            w.open("label", ["for": "key"]); w.text(ctx.t(.keyLabel)); w.close("label")
            w.open("input", ["id": "key", "name": "key", "type": "password", "required": "", "autocomplete": "current-password",
                             "maxlength": "200"])
            w.open("button", ["type": "submit"]); w.text(ctx.t(.keyButton)); w.close("button")
            w.raw("</form>")
            w.element("p", ["class": "muted small"], text: ctx.t(.keyKept))
            w.open("form", ["method": "post", "action": ctx.link("/key")])
            w.open("input", ["type": "hidden", "name": "forget", "value": "1"])
            w.open("button", ["type": "submit", "class": "link"]); w.text(ctx.t(.keyForget)); w.close("button")
            w.raw("</form></section>")
        }
        var response = PageRoutes.html(status, body, ctx.language)
        response.setHeader("Cache-Control", "no-store")
        if status == 401 { response.headers.append(("WWW-Authenticate", #"Bearer realm="posttrace""#)) }
        return response
    }

    /// The page a refused browser request gets: the form, leading back to what was asked for.
    static func refusal(_ request: HTTPRequest) -> HTTPResponse {
        let query = request.query.filter { $0.name != "lang" }.map { ($0.name, $0.value) }
        return render(request, status: 401, returnTo: PageURL.build(request.path, query))
    }

    /// A local path to go back to: one absolute path on this site (never `//host` or a scheme), else `/`.
    static func safeReturn(_ text: String?) -> String {
        guard let text, text.utf8.count <= 2048, text.hasPrefix("/"), !text.hasPrefix("//"), !text.hasPrefix("/\\"),
              text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" }) else { return "/" }
        return text
    }

    /// `Set-Cookie` for `secret` (empty clears it).
    static func setCookie(_ secret: String, secure: Bool) -> String {
        var cookie = "\(cookieName)=\(secret); Path=/; HttpOnly; SameSite=Strict"
        if secret.isEmpty { cookie += "; Max-Age=0" }
        if secure { cookie += "; Secure" }
        return cookie
    }
}

extension PostTraceServer {
    /// `GET /key` (the form) and `POST /key` (check the key and keep it in the cookie, or forget it).
    static func keyRoutes(_ server: ServerReference) -> [Route] {
        [Route("GET", "/key", name: "page.key", rule: .open) { request in
            KeyPage.render(request, status: 200, returnTo: KeyPage.safeReturn(request.queryValue("return")))
         },
         Route("POST", "/key", name: "page.key.submit", rule: .open) { request in
            guard let s = server.value else { return HTTPResponse(problem: Problem.storeUnavailable) }
            return await s.acceptKey(request)
         }]
    }

    /// Checks a posted key: a key granting `read` is kept in the cookie and the browser sent back (303); a bad one
    /// gets the form again (401). `forget=1` clears the cookie.
    func acceptKey(_ request: HTTPRequest) async -> HTTPResponse {
        let form = FormBody(request.body)
        let returnTo = KeyPage.safeReturn(form["return"])
        let secure = isServedOverHTTPS
        if form["forget"] == "1" {
            return HTTPResponse(status: 303, headers: [("Location", "/key"), ("Set-Cookie", KeyPage.setCookie("", secure: secure)),
                                                       ("Cache-Control", "no-store")])
        }
        let secret = (form["key"] ?? "").trimmingCharacters(in: .whitespaces)
        let key: APIKeyRecord?
        do { key = try await keyRing.authenticate(secret: secret) } catch {
            return PostTraceServer.response(for: error, path: request.path)
        }
        // A secret that could break out of the cookie is never set (real secrets are hex).
        guard let key, key.scope.grants(.read), secret.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") }) else {
            return KeyPage.render(request, status: 401, returnTo: returnTo, invalid: true)
        }
        return HTTPResponse(status: 303, headers: [("Location", returnTo), ("Set-Cookie", KeyPage.setCookie(secret, secure: secure)),
                                                   ("Cache-Control", "no-store")])
    }
}
