import Foundation
import Synchronization
import PostTraceStore

/// gzip for answers whose client accepts it (`Accept-Encoding`, RFC 9110 §12.5.3).
///
/// What is compressed: text-like bodies (HTML, JSON, problem+json, Atom, CSS, JavaScript, SVG) of at least
/// `minimumBytes`, at zlib's fastest level (a 3 KB timeline shrinks to about a third at level 1, and only 8%
/// more at level 6, which takes longer). Never compressed: answers marked `no-store` (they can carry a secret, such
/// as a new subscription's signing secret) and bodies that would not shrink. The fixed documents (style,
/// script, icon, the OpenAPI description) are compressed once and kept.
final class HTTPCompression: Sendable {
    /// Bodies smaller than this go out as they are: a few hundred bytes saved do not pay for the work.
    let minimumBytes: Int
    /// Compressed fixed documents by route and tag (empty: the document does not shrink).
    private let kept = Mutex<[String: [UInt8]]>([:])
    /// More kept bodies than fixed documents exist would mean a route was wrongly declared `.fixed`.
    private static let keptLimit = 32

    init(minimumBytes: Int = 1024) {
        self.minimumBytes = minimumBytes
    }

    /// Whether `response` would be compressed for a client accepting gzip (its answer then varies with
    /// `Accept-Encoding`).
    func applies(to response: HTTPResponse) -> Bool {
        response.body.count >= minimumBytes && response.status != 304 && response.header("Content-Encoding") == nil
            && Self.isCompressible(contentType: response.header("Content-Type"))
            && !HTTPCaching.forbidsStorage(response.header("Cache-Control"))
    }

    /// `body` gzipped when that makes it smaller; nil to send it as it is. With `fixed` (the route's answer never
    /// changes while the process runs) the result is kept by route and tag and reused.
    func gzipped(_ body: [UInt8], route: String, identityTag: String?, fixed: Bool) -> [UInt8]? {
        let key = fixed ? identityTag.map { route + " " + $0 } : nil
        if let key {
            let found = kept.withLock { $0[key] }
            if let found { return found.isEmpty ? nil : found }
        }
        let compressed = GzipBody.compress(body).flatMap { $0.count < body.count ? $0 : nil }
        if let key {
            kept.withLock { if $0.count < Self.keptLimit { $0[key] = compressed ?? [] } }  // empty: does not shrink
        }
        return compressed
    }

    /// Whether an `Accept-Encoding` field value accepts gzip: `gzip` (or its old name `x-gzip`) with a
    /// nonzero weight, or `*` with a nonzero weight when gzip is not named. No field means no content coding
    /// is wanted (clients that take gzip say so); a malformed weight counts as zero.
    static func acceptsGzip(_ field: String?) -> Bool {
        guard let field else { return false }
        var named: Double?, wildcard: Double?
        for member in field.utf8.split(separator: UInt8(ascii: ",")) {
            let parts = member.split(separator: UInt8(ascii: ";"))
            guard let coding = parts.first.map(token) else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let text = token(parameter)
                guard text.starts(with: "q=".utf8) else { continue }
                weight = Double(String(decoding: text.dropFirst(2), as: UTF8.self)).flatMap { (0...1).contains($0) ? $0 : nil } ?? 0
            }
            if coding.elementsEqual("gzip".utf8) || coding.elementsEqual("x-gzip".utf8) { named = max(named ?? 0, weight) }
            else if coding.elementsEqual("*".utf8) { wildcard = weight }
        }
        return (named ?? wildcard ?? 0) > 0
    }

    /// Media types worth compressing: text and the structured-text applications this server answers with.
    static func isCompressible(contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type = token(contentType.utf8.prefix { $0 != UInt8(ascii: ";") })
        return type.starts(with: "text/".utf8) || type.reversed().starts(with: "nosj+".utf8) || type.reversed().starts(with: "lmx+".utf8)
            || compressibleTypes.contains { type.elementsEqual($0.utf8) }
    }

    private static let compressibleTypes = ["application/json", "application/javascript", "application/x-ndjson", "application/xml"]

    /// A header piece without surrounding spaces and tabs, in ASCII lower case (header tokens compare so;
    /// answered every request, so no Foundation string work).
    private static func token(_ bytes: Substring.UTF8View) -> [UInt8] {
        func isSpace(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        return bytes.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
            .map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }
    }
}
