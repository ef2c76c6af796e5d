import Foundation
import MessageCheck

/// The scam-message checker's JSON API: `POST /v1/check-message` with `{"text": "…"}`.
///
/// Answers 200 with a `MessageCheckResult` (spans in UTF-16 code units), or an RFC 9457 problem:
/// 400 `malformed_json` / `missing_text`, 413 `message_too_large` (text over 20 KB) or `body_too_large`,
/// 415 `unsupported_media_type`, 422 `message_empty`. The message is never stored or logged.
public func messageCheckRoutes(checker: MessageChecker = .shipped) -> [Route] {
    [Route("POST", "/v1/check-message", name: "message.check", rule: .open) { request in MessageCheckAPI.check(request, checker: checker) }]
}

/// The request handling behind `messageCheckRoutes`, kept synchronous and free of I/O so it is easy to test.
enum MessageCheckAPI {
    /// A JSON body can escape every character as `\uXXXX` (6 bytes); anything larger cannot hold 20 KB of text.
    static let maximumBodyBytes = MessageChecker.maximumBytes * 6 + 1024

    struct Body: Decodable { let text: String }

    static func check(_ request: HTTPRequest, checker: MessageChecker) -> HTTPResponse {
        guard request.mediaType == "application/json" else {
            return problem(415, "unsupported_media_type", "Unsupported media type", "send the message as application/json: {\"text\": \"…\"}")
        }
        guard request.body.count <= maximumBodyBytes else {
            return problem(413, "body_too_large", "Request body too large", "the request body is \(request.body.count) bytes; a message of at most 20 KB fits in \(maximumBodyBytes)")
        }
        let body: Body
        do { body = try JSONDecoder().decode(Body.self, from: Data(request.body)) } catch DecodingError.keyNotFound, DecodingError.valueNotFound {
            return problem(400, "missing_text", "Missing text", "the JSON object needs a \"text\" string with the message to check")
        } catch DecodingError.typeMismatch(_, let context) where !context.codingPath.isEmpty {
            return problem(400, "missing_text", "Missing text", "\"text\" must be a string with the message to check")
        } catch {
            return problem(400, "malformed_json", "Malformed JSON", "the body is not valid JSON: send {\"text\": \"…\"}")
        }
        do {
            let result = try checker.check(body.text)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(result)) ?? Data("{}".utf8)
            return HTTPResponse(status: 200, headers: [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store")],
                                body: Array(data))
        } catch {
            let status = error.code == MessageCheckError.empty.code ? 422 : 413
            let title = status == 422 ? "Empty message" : "Message too large"
            return problem(status, error.code, title, error.message)
        }
    }

    /// An `application/problem+json` response with a stable `code` member beside the `type` slug.
    static func problem(_ status: Int, _ code: String, _ title: String, _ detail: String) -> HTTPResponse {
        var response = HTTPResponse(problem: Problem(status: status, slug: code, title: title, detail: detail, members: ["code": code]))
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }
}
