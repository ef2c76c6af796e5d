import Foundation
import PostTraceCore
import S10

/// The installable app around the page: its Web App Manifest, its service worker and the My parcels screen.
///
/// The app is the page itself. What a person follows lives on their device (localStorage), so there is no
/// account; `page.js` draws My parcels from one batch lookup and `sw.js` keeps the shell and the last copy of
/// every page seen for offline use. Every sentence the scripts show comes from the catalogue, handed to them
/// in `data-` attributes of the page in the reader's language.
enum AppPages {
    /// An icon of the manifest: its file, size, media type and purpose (`any` or `maskable`).
    struct ManifestIcon: JSONWritable {
        let src: String, sizes: String, type: String, purpose: String

        static let all = [
            ManifestIcon(src: "/assets/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any"),
            ManifestIcon(src: "/assets/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any"),
            ManifestIcon(src: "/assets/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable"),
            ManifestIcon(src: "/assets/favicon.svg", sizes: "any", type: "image/svg+xml", purpose: "any"),
        ]

        func writeJSON(to writer: inout JSONWriter) {
            writer.object { o in o.member("src", src); o.member("sizes", sizes); o.member("type", type); o.member("purpose", purpose) }
        }
    }

    /// `/manifest.webmanifest` in one language: names and description from the catalogue, `/my` as the start.
    static func manifest(_ language: Language) -> HTTPResponse {
        let name = Catalogue.text(.pageSiteName, language) + " · " + Catalogue.text(.appMyTitle, language)
        let body = JSONWriter.encode(JSONObject { o in
            o.member("name", name)
            o.member("short_name", Catalogue.text(.pageSiteName, language))
            o.member("description", Catalogue.text(.appManifestDescription, language))
            o.member("lang", language.rawValue)
            o.member("dir", language.isRightToLeft ? "rtl" : "ltr")
            o.member("id", "/my")
            o.member("start_url", "/my?lang=" + language.rawValue)
            o.member("scope", "/")
            o.member("display", "standalone")
            o.member("theme_color", "#0b5394")
            o.member("background_color", "#f4f6f8")
            o.member("icons", ManifestIcon.all)
        }, escapingHTML: false)
        return HTTPResponse(status: 200, headers: [("Content-Type", "application/manifest+json"), ("Cache-Control", "no-cache"),
                                                   ("Content-Language", language.rawValue)], body: body)
    }

    /// `/sw.js` at the root, so that its scope is the whole site; revalidated on every start so an update
    /// reaches devices at once.
    static func serviceWorker() -> HTTPResponse {
        guard let asset = PageAssets.all["sw.js"] else {
            return HTTPResponse(status: 404, contentType: "text/plain; charset=utf-8", body: "not found\n")
        }
        return HTTPResponse(status: 200, headers: [("Content-Type", asset.contentType), ("Cache-Control", "no-cache")], body: asset.body)
    }

    /// `/my`: the list is drawn by `page.js` from this device's storage; without JavaScript the page says why
    /// it is empty and how to look parcels up instead.
    static func myParcels(_ ctx: PageContext) -> [UInt8] {
        PageLayout.render(ctx, title: ctx.t(.appMyTitle)) { w in
            w.element("h1", text: ctx.t(.appMyTitle))
            w.element("p", text: ctx.t(.appMyIntro))
            w.element("p", ["class": "app-nojs"], text: ctx.t(.appNeedsJavaScript))
            w.open("div", ["id": "my-parcels", "class": "my-parcels", "hidden": "",
                           "data-lang": ctx.language.rawValue,
                           "data-empty": ctx.t(.appMyEmpty),
                           "data-last-scan": ctx.t(.appLastScan),
                           "data-expected": ctx.t(.appExpected),
                           "data-refresh-failed": ctx.t(.appRefreshFailed),
                           "data-no-record": ctx.t(.appNoRecordYet),
                           "data-unfollow": ctx.t(.appUnfollowButton)])
            w.open("button", ["type": "button", "class": "my-refresh"]); w.text(ctx.t(.appRefreshButton)); w.close("button")
            w.raw("<p class=\"my-status\" role=\"status\"></p><ul class=\"my-list\"></ul>")
            // Web Push: offered only where the browser has it; the page script keeps the server's list in step.
            w.open("div", ["class": "my-notify", "hidden": "", "data-on": ctx.t(.appNotifyOn), "data-blocked": ctx.t(.appNotifyBlocked),
                           "data-unsupported": ctx.t(.appNotifyUnsupported)])
            w.open("button", ["type": "button", "class": "notify-on"]); w.text(ctx.t(.appNotifyButton)); w.close("button")
            w.open("button", ["type": "button", "class": "notify-off", "hidden": ""]); w.text(ctx.t(.appNotifyOffButton)); w.close("button")
            w.raw("<p class=\"notify-status\" role=\"status\"></p></div>")
            shareSection(ctx, &w)
            w.raw("</div>")
        }
    }

    /// "Open my parcels on another device": page.js makes, lists and revokes this device's shares.
    static func shareSection(_ ctx: PageContext, _ w: inout HTMLWriter) {
        w.open("section", ["class": "my-share", "aria-labelledby": "share-title",
                           "data-label": ctx.t(.appShareLinkLabel), "data-qr": ctx.t(.appShareQRAlt), "data-made": ctx.t(.appShareMade),
                           "data-names": ctx.t(.appShareNames), "data-revoke": ctx.t(.appShareRevokeButton),
                           "data-revoked": ctx.t(.appShareRevoked), "data-failed": ctx.t(.appShareFailed),
                           "data-nothing": ctx.t(.appShareNothing), "data-capped": ctx.t(.appShareCapped)])
        w.open("h2", ["id": "share-title"]); w.text(ctx.t(.appShareTitle)); w.close("h2")
        w.element("p", text: ctx.t(.appShareIntro))
        w.element("p", ["class": "share-warning"], text: ctx.t(.appShareWarning))
        w.open("button", ["type": "button", "class": "share-make"]); w.text(ctx.t(.appShareButton)); w.close("button")
        w.raw("<p class=\"share-status\" role=\"status\"></p><ul class=\"share-list\"></ul></section>")
    }

    /// On a parcel's page: follow or stop following it on this device (shown only when JavaScript runs).
    static func followControls(_ ctx: PageContext, _ number: S10Number, _ w: inout HTMLWriter) {
        let id = "follow-name-\(number)"
        w.open("div", ["class": "app-follow", "hidden": "", "data-number": number.description, "data-my": ctx.link("/my")])
        w.open("form", ["class": "app-follow-form"])
        w.open("label", ["for": id]); w.text(ctx.t(.appFollowNameLabel)); w.close("label")
        w.open("input", ["type": "text", "id": id, "name": "name", "maxlength": "80", "autocomplete": "off",
                         "placeholder": ctx.t(.appFollowNameHint)])
        w.open("button", ["type": "submit"]); w.text(ctx.t(.appFollowButton)); w.close("button")
        w.close("form")
        w.open("p", ["class": "app-following", "hidden": ""])
        w.text(ctx.t(.appFollowing)); w.raw(" ")
        w.open("a", ["href": ctx.link("/my")]); w.text(ctx.t(.appMyTitle)); w.close("a")
        w.raw(" ")
        w.open("button", ["type": "button", "class": "app-unfollow"]); w.text(ctx.t(.appUnfollowButton)); w.close("button")
        w.close("p")
        w.close("div")
        w.element("p", ["class": "app-nojs"], text: ctx.t(.appNeedsJavaScript))
    }
}
