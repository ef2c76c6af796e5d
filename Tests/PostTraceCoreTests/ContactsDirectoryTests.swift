import Foundation
import PostTraceCore
import S10
import Testing

/// The shipped directory's data quality: every fact sourced and dated, every number dialable as written.
@Suite struct ContactsDirectoryTests {
    let operators = PostalDirectory.shipped.operators

    static func isE164(_ n: String) -> Bool {
        n.first == "+" && (8...16).contains(n.count) && n.dropFirst().allSatisfy { $0.isASCII && $0.isNumber } && n.dropFirst().first != "0"
    }
    /// A national short code: 3 to 8 digits, dialled as is inside the country.
    static func isShortCode(_ n: String) -> Bool { (3...8).contains(n.count) && n.allSatisfy { $0.isASCII && $0.isNumber } }

    static func isDate(_ s: String) -> Bool {
        let f = DateFormatter(); f.dateFormat = "yyyy-MM-dd"; f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC")
        guard let d = f.date(from: s) else { return false }
        return f.string(from: d) == s && s >= "2026-01-01"
    }

    static func checkProvenance(_ p: Provenance, _ what: String) {
        #expect(p.source.hasPrefix("https://") && URL(string: p.source)?.host != nil, "\(what): source \(p.source)")
        #expect(isDate(p.recorded), "\(what): recorded \(p.recorded)")
        if let checked = p.checked { #expect(isDate(checked) && checked >= p.recorded, "\(what): checked \(checked)") }
    }

    @Test("every phone is E.164 or a short code; short codes and trunk-prefixed numbers are for callers in the country")
    func phones() {
        for op in operators {
            for phone in op.phones {
                #expect(Self.isE164(phone.number) || Self.isShortCode(phone.number), "\(op.id): \(phone.number)")
                if Self.isShortCode(phone.number) {
                    #expect([.inCountry, .inCountryLandline, .inCountryMobile].contains(phone.callFrom), "\(op.id): \(phone.number) is a short code")
                }
                // The printed form has the same digits, give or take the country code and trunk prefix.
                let shown = phone.display.filter(\.isNumber), dialled = phone.number.filter(\.isNumber)
                #expect(!shown.isEmpty && (dialled.hasSuffix(shown.drop { $0 == "0" || $0 == "8" }) || shown.hasSuffix(dialled)), "\(op.id): \(phone.display) vs \(phone.number)")
                Self.checkProvenance(phone.provenance, "\(op.id) phone \(phone.number)")
            }
        }
    }

    @Test("every domain, app and WeChat account has a source and a recorded date; entries name a region and real countries")
    func provenance() {
        for op in operators {
            #expect(!op.domainEntries.isEmpty, "\(op.id)")
            for d in op.domainEntries {
                #expect(d.domain == d.domain.lowercased() && !d.domain.hasPrefix("www.") && d.domain.contains("."), "\(op.id): \(d.domain)")
                Self.checkProvenance(d.provenance, "\(op.id) domain \(d.domain)")
            }
            for app in op.apps { #expect(!app.name.isEmpty); Self.checkProvenance(app.provenance, "\(op.id) app \(app.name)") }
            for account in op.wechat { #expect(!account.name.isEmpty); Self.checkProvenance(account.provenance, "\(op.id) WeChat \(account.name)") }
            #expect(op.region != .other, "\(op.id)")
            #expect(op.countries.allSatisfy { Country(code: $0) != nil }, "\(op.id): \(op.countries)")
            let host = URL(string: op.website)?.host ?? ""
            #expect(op.website.hasPrefix("https://") && op.domains.contains { host == $0 || host.hasSuffix("." + $0) }, "\(op.id): \(op.website)")
        }
    }

    @Test("every operator's name and every phone's label is written in all eleven languages, none left as another language's text")
    func everyLanguage() {
        for op in operators {
            for (what, text) in [("name", op.name)] + op.phones.map({ ("label of \($0.number)", $0.label) }) {
                let missing = Language.allCases.filter { (text.texts[$0] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
                #expect(missing.isEmpty, "\(op.id) \(what): no \(missing.map(\.rawValue))")
                // A label copied from English into a non-Latin script would read as untranslated.
                for language in [Language.zhHans, .zhHant, .ja, .ko, .ru, .ar] {
                    #expect(text.text(in: language) != text.en || what == "name", "\(op.id) \(what) in \(language.rawValue) is the English text")
                }
            }
        }
    }

    @Test("the file round-trips: encoding the directory and decoding it again gives the same entries")
    func roundTrip() throws {
        let data = try JSONEncoder().encode(operators)
        #expect(try JSONDecoder().decode([PostalOperator].self, from: data) == operators)
        // Not re-checked is written as an explicit null, so JSON readers see it.
        #expect(String(decoding: data, as: UTF8.self).contains("\"checked\":null"))
    }

    @Test("China Post / EMS lists 11183 for mainland China and an international number for callers abroad")
    func chinaPost() throws {
        let cn = try #require(PostalDirectory.shipped.operators(serving: "CN").first)
        #expect(cn.phones.contains { $0.number == "11183" && $0.callFrom == .inCountry })
        #expect(cn.phones.contains { $0.number.hasPrefix("+86") && $0.callFrom == .abroad })
        #expect(!cn.wechat.isEmpty && !cn.apps.isEmpty)
    }
}
