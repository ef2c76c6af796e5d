import Foundation
import MessageCheck
import PostTraceCore
import S10

/// The postal directory and the official-channel check as JSON: `GET /v1/contacts`, `GET /v1/contacts/{country}`,
/// `POST /v1/check-link`. Nothing here fetches a link or stores what was asked.
func officialChannelRoutes(directory: PostalDirectory = .shipped, checker: MessageChecker = .shipped) -> [Route] {
    [
        Route("GET", "/v1/contacts", name: "contacts.list", rule: .open) { _ in OfficialChannelAPI.contacts(directory.operators, country: nil) },
        Route("GET", "/v1/contacts/:country", name: "contacts.country", rule: .open, throwing: { request in
            let code = try OfficialChannelAPI.countryCode(request.pathParameters["country"] ?? "")
            let operators = directory.operators(serving: code)
            guard !operators.isEmpty else {
                throw Problem(status: 404, slug: "no-contacts", title: "No entry for this country",
                              detail: "The directory has no postal operator for \(code) yet; the UPU lists every member country's designated operator.",
                              members: ["country": code])
            }
            return OfficialChannelAPI.contacts(operators, country: code)
        }),
        Route("POST", "/v1/check-link", name: "check.link", rule: .open) { request in OfficialChannelAPI.checkLink(request, checker: checker) },
    ]
}

/// The request handling behind `officialChannelRoutes`: synchronous and free of I/O.
enum OfficialChannelAPI {
    /// Room for a 2,048-byte URL written entirely as `\uXXXX` escapes, and then some: larger bodies are refused unread.
    static let maximumBodyBytes = 16 * 1024

    /// A two-letter ISO 3166-1 code assigned to a country (`cn` is read as `CN`).
    static func countryCode(_ raw: String) throws -> String {
        let code = raw.uppercased()
        guard code.utf8.count == 2, code.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            throw Problem(status: 400, slug: "invalid-country", title: "Not a country code",
                          detail: "Give a two-letter ISO 3166-1 code such as CN or DE.")
        }
        guard Country(code: code) != nil else {
            throw Problem(status: 404, slug: "unknown-country", title: "No such country",
                          detail: "\(code) is not an assigned ISO 3166-1 country code.", members: ["country": code])
        }
        return code
    }

    struct ContactsList: Encodable {
        let country: String?
        let operators: [Entry]
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(country, forKey: .country); try c.encode(operators, forKey: .operators)
        }
        enum CodingKeys: String, CodingKey { case country, operators }
    }

    /// One operator as the directory file has it, plus the page entry that shows it to people.
    struct Entry: Encodable {
        let op: PostalOperator
        enum CodingKeys: String, CodingKey { case contactsURL = "contacts_url" }
        func encode(to encoder: any Encoder) throws {
            try op.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(MessageChecker.contactsPath(of: op), forKey: .contactsURL)
        }
    }

    static func contacts(_ operators: [PostalOperator], country: String?) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(ContactsList(country: country, operators: operators.map(Entry.init)))) ?? Data("{}".utf8)
        return HTTPResponse(status: 200, headers: [("Content-Type", "application/json"), ("Cache-Control", "public, max-age=3600")],
                            body: Array(body))
    }
}
