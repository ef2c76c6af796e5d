import Foundation
import MessageCheck
import PostTraceCore
import S10

extension OfficialChannelAPI {
    /// `POST /v1/check-link` with `{"url": …}` or `{"phone": …}` (exactly one): the verdict, the operator, the
    /// official alternative and an explanation in the request's language (`?lang=`, then `Accept-Language`).
    static func checkLink(_ request: HTTPRequest, checker: MessageChecker) -> HTTPResponse {
        let language: Language
        do { language = try request.answerLanguage() } catch { return PostTraceServer.response(for: error, path: request.path) }
        let asked: Asked
        do { asked = try readBody(request) } catch { return MessageCheckAPI.problem(error.status, error.code, error.title, error.detail) }
        let result: OfficialChannelCheck
        do {
            switch asked {
            case .url(let url): result = try checker.checkLink(url)
            case .phone(let phone): result = try checker.checkPhone(phone)
            }
        } catch {
            return MessageCheckAPI.problem(422, error.code, "Cannot judge this input", error.message)
        }
        let text = switch asked { case .url(let s), .phone(let s): s }
        let answer = JSONObject { o in
            o.member("verdict", result.verdict.rawValue)
            o.member("operator", result.postalOperator?.id)  // null when no operator is concerned
            o.member("official_alternative", result.officialAlternative)
            o.member("explanation", OfficialChannelText.explanation(result, asked: text, language: language))
        }
        return HTTPResponse(status: 200, headers: [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", "no-store"),
                                                   ("Content-Language", language.rawValue), ("Vary", "Accept-Language")],
                            body: JSONWriter.encode(answer))
    }

    enum Asked { case url(String), phone(String) }

    /// The body's members; an explicit null counts as absent, other members are ignored.
    struct CheckBody: Decodable {
        let url: String?, phone: String?
    }

    struct BodyProblem: Error {
        let status: Int, code: String, title: String, detail: String
    }

    /// The one input of the body, or the problem with the body: wrong media type, too large, not JSON, not an
    /// object, both or neither member, a member that is not a string.
    static func readBody(_ request: HTTPRequest) throws(BodyProblem) -> Asked {
        guard request.mediaType == "application/json" else {
            throw BodyProblem(status: 415, code: "unsupported_media_type", title: "Unsupported media type",
                              detail: "send application/json: {\"url\": \"…\"} or {\"phone\": \"…\"}")
        }
        guard request.body.count <= maximumBodyBytes else {
            throw BodyProblem(status: 413, code: "body_too_large", title: "Request body too large",
                              detail: "the body is \(request.body.count) bytes; at most \(maximumBodyBytes) are read")
        }
        let body: CheckBody
        do {
            body = try JSONDecoder().decode(CheckBody.self, from: Data(request.body))
        } catch DecodingError.typeMismatch(_, let context) {
            // A member of another type than string, or a document other than an object (an array, a bare value).
            if let member = context.codingPath.first {
                throw BodyProblem(status: 400, code: "wrong_type", title: "Wrong type", detail: "\"\(member.stringValue)\" must be a string")
            }
            throw BodyProblem(status: 400, code: "malformed_json", title: "Malformed JSON", detail: "the body must be a JSON object")
        } catch {
            throw BodyProblem(status: 400, code: "malformed_json", title: "Malformed JSON", detail: "the body is not valid JSON: send {\"url\": \"…\"}")
        }
        switch (body.url, body.phone) {
        case (let u?, nil): return .url(u)
        case (nil, let p?): return .phone(p)
        case (.some, .some):
            throw BodyProblem(status: 400, code: "url_and_phone", title: "Both url and phone", detail: "send either \"url\" or \"phone\", one per request")
        case (nil, nil):
            throw BodyProblem(status: 400, code: "missing_url_or_phone", title: "Missing url or phone",
                              detail: "the JSON object needs a \"url\" or a \"phone\" string")
        }
    }
}
