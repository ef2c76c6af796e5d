import Foundation
import PostTraceCore
import PostTraceStore
import S10

/// "Open my parcels on another device": `POST /v1/shares`, `GET`/`DELETE /v1/shares/{token}`, the page
/// `/s/{token}` and its QR code `/s/{token}/qr.svg`.
///
/// The token is the link's only secret: 256 bits from the system's CSPRNG, Base64url (43 characters). The
/// store keeps its SHA-256 and the numbers, never the token, and a share is found by looking the hash up, so
/// nothing compares a token byte by byte. Whoever holds the link can see the parcels and revoke the link;
/// an unknown, malformed or revoked token gets the same 404. Every answer that carries a token is
/// `Cache-Control: no-store` (and, like every answer, `Referrer-Policy: no-referrer`); the access log names
/// the route, never the path.
public struct ShareRoutes: Sendable {
    let store: any ShareStore
    /// `--public-url`: the base of the links; without it a valid `Host` header gives `http://host`.
    let publicURL: String?
    let now: @Sendable () -> Int64

    /// The routes over `store`, with links under `publicURL` when given.
    public init(store: any ShareStore, publicURL: String? = nil,
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.store = store; self.publicURL = publicURL; self.now = now
    }

    /// The share routes when the store keeps shares, else the same paths answering 501 `shares-unavailable`.
    public static func routes(store: any TrackingStore, publicURL: String? = nil) -> [Route] {
        if let shares = store as? any ShareStore { return ShareRoutes(store: shares, publicURL: publicURL).routes }
        let problem = Problem(status: 501, slug: "shares-unavailable", title: "Sharing unavailable",
                              detail: "This server's store does not keep parcel shares.")
        return NotificationService.unavailable([("POST", "/v1/shares"), ("GET", "/v1/shares/:token"), ("DELETE", "/v1/shares/:token")], problem)
    }

    /// The route group, to pass as `extraRoutes`.
    public var routes: [Route] {
        [Route("POST", "/v1/shares", name: "shares.create", rule: .read, throwing: create),
         Route("GET", "/v1/shares/:token", name: "shares.get", rule: .read, throwing: show),
         Route("DELETE", "/v1/shares/:token", name: "shares.delete", rule: .read, throwing: revoke),
         Route("GET", "/s/:token", name: "page.share", rule: .read) { await page($0) },
         Route("GET", "/s/:token/qr.svg", name: "page.share.qr", rule: .read) { await qrCode($0) }]
    }

    /// Characters in a token: 32 random bytes in Base64url without padding.
    static let tokenLength = 43

    /// A new token from the system's CSPRNG.
    static func newToken() -> String { Base64URL.encode(LibCrypto.randomBytes(32)) }

    /// The stored form of a token: hex SHA-256; nil for anything that is not a token's shape, so that neither
    /// a hostile path segment nor its hash ever reaches the store.
    static func hash(_ token: String) -> String? {
        guard token.utf8.count == tokenLength,
              token.utf8.allSatisfy({ $0.isBase64URL }) else { return nil }
        return LibCrypto.hex(LibCrypto.sha256(Array(token.utf8)))
    }

    struct CreateBody: Decodable { var numbers: [String] }

    /// The one answer for a token that opens nothing, whether unknown, malformed or revoked.
    static let notFound = SubscriptionProblem(404, "share-not-found", "No such share",
                                              "This link was revoked, or it never existed.")

    /// `path` with the token segment of a share's path replaced by `{token}`, for anything that echoes or logs a
    /// path (a problem's `instance`, the error journal): a token must not outlive the answer it was sent with.
    static func masked(_ path: String) -> String {
        for prefix in ["/s/", "/v1/shares/"] where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            return prefix + "{token}" + (rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "")
        }
        return path
    }

    func create(_ request: HTTPRequest) async throws -> HTTPResponse {
        try PostTraceServer.requireJSON(request)
        let body = try JSONBody.decode(CreateBody.self, from: request.body)
        guard (1...ParcelShare.maximumNumbers).contains(body.numbers.count) else {
            throw SubscriptionProblem(422, "numbers-count", "Wrong number of parcels",
                                      "A share holds 1 to \(ParcelShare.maximumNumbers) parcels.", members: ["limit": ParcelShare.maximumNumbers])
        }
        let numbers = try SubscriptionRegistry.numbers(body.numbers, maximum: ParcelShare.maximumNumbers)
        let token = Self.newToken()
        guard let hash = Self.hash(token) else { throw Problem.internalError }
        let created = now()
        try await store.createShare(ParcelShare(tokenHash: hash, numbers: numbers, createdAt: created))
        let shareLink = link(token, request)
        var response = SubscriptionRoutes.json(201, JSONObject { o in
            o.member("token", token); o.member("link", shareLink); o.member("qr", "/s/\(token)/qr.svg")
            o.member("numbers", numbers.map(\.description)); o.member("created_at", Self.timestamp(created))
        })
        response.headers.append(("Location", "/v1/shares/\(token)"))
        response.headers.append(("Cache-Control", "no-store"))  // the token is shown once
        return response
    }

    func show(_ request: HTTPRequest) async throws -> HTTPResponse {
        let share = try await active(request)
        var response = SubscriptionRoutes.json(200, JSONObject { o in
            o.member("numbers", share.numbers.map(\.description)); o.member("created_at", Self.timestamp(share.createdAt))
        })
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    func revoke(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let hash = Self.hash(request.pathParameters["token"] ?? ""),
              try await store.revokeShare(tokenHash: hash, at: now()) else { throw Self.notFound }
        return HTTPResponse(status: 204, headers: [("Cache-Control", "no-store")])
    }

    /// The share a request's token opens; `notFound` (one 404 for unknown, malformed and revoked) otherwise.
    func active(_ request: HTTPRequest) async throws -> ParcelShare {
        guard let hash = Self.hash(request.pathParameters["token"] ?? ""),
              let share = try await store.share(tokenHash: hash), share.revokedAt == nil else { throw Self.notFound }
        return share
    }

    /// The absolute link when the server knows its address (`--public-url`, else a valid `Host`), else `/s/{token}`.
    func link(_ token: String, _ request: HTTPRequest) -> String {
        (publicURL ?? request.headers["host"].flatMap(PageRoutes.feedBase) ?? "") + "/s/" + token
    }

    static func timestamp(_ seconds: Int64) -> String {
        Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)
    }
}

extension UInt8 {
    /// A character of the Base64url alphabet (RFC 4648 §5).
    var isBase64URL: Bool {
        (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) || (0x30...0x39).contains(self) || self == 0x2D || self == 0x5F
    }
}
