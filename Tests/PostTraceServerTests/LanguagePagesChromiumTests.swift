import Foundation
import PostTraceCore
@testable import PostTraceServer
import S10
import Testing
import TestSupport

/// Every page in every language, as Chromium renders it at 360 px: the right `lang` and `dir`, no fixed
/// English sentence left on a page in another language, nothing wider than the screen, and axe-core's
/// WCAG 2.1 A/AA rules without a violation. Screenshots of the Arabic, Japanese and traditional-Chinese
/// parcel pages go to `.build/screenshots/` for a person to look at.
@Suite("Pages in every language in Chromium", .serialized, .scratch)
struct LanguagePagesChromiumTests {
    static let paths = ["/", "/t/EE123456785CN", "/track?n=EE123456785CN&n=EE123456784CN&n=RR000000000DE", "/check", "/t/RR999999987CN"]

    /// Literal stretches of the English catalogue (between placeholders) long enough to be a sentence's
    /// words, for phrases the language writes differently.
    static func englishFragments(notIn language: Language) -> [String] {
        let english = Catalogue.file(.en).phrases, own = Catalogue.file(language).phrases
        var out: [String] = []
        for (name, text) in english where own[name] != text {
            for piece in text.split(separator: "{") {
                let literal = piece.split(separator: "}", maxSplits: 1).last.map(String.init) ?? ""
                let trimmed = literal.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                if trimmed.count >= 14 && trimmed.contains(" ") { out.append(trimmed) }
            }
        }
        return out
    }

    @Test("lang, dir, no English left, no overflow at 360 px, zero axe-core violations")
    func everyPageEveryLanguage() async throws {
        let python = try await ContactsChromiumTests.run(["bash", "scripts/page-audit-venv.sh"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try await PageLiveServer.with { base in
            let urls = Language.allCases.flatMap { lang in Self.paths.map { base + $0 + ($0.contains("?") ? "&" : "?") + "lang=" + lang.rawValue } }
            let output = try await ContactsChromiumTests.run([python, "scripts/page-audit.py", "--width", "360"] + urls)
            let reports = output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(reports.count == urls.count)
            for report in reports {
                let url = report["url"] as? String ?? "?"
                let tag = String(url.split(separator: "=").last ?? "")
                let language = try #require(Language(rawValue: tag))
                #expect(report["lang"] as? String == language.rawValue, "\(url)")
                #expect(report["dir"] as? String == (language.isRightToLeft ? "rtl" : "ltr"), "\(url)")
                #expect((report["violations"] as? [[String: Any]] ?? [["id": "missing"]]).isEmpty, "\(url): \(report["violations"] ?? "")")
                #expect((report["scrollWidth"] as? Int ?? 9999) <= 360, "\(url): \(report["scrollWidth"] ?? "?") px wide")
                guard language != .en else { continue }
                let text = report["text"] as? String ?? ""
                #expect(!text.isEmpty)
                let leftovers = Self.englishFragments(notIn: language).filter { text.contains($0) }
                #expect(leftovers.isEmpty, "\(url) still shows English: \(leftovers)")
            }
        }
    }

    @Test("screenshots of the Arabic, Japanese and traditional-Chinese pages, 360 and 1280 px")
    func screenshots() async throws {
        let python = try await ContactsChromiumTests.run(["bash", "scripts/page-audit-venv.sh"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try await PageLiveServer.with { base in
            for width in ["360", "1280"] {
                let urls = ["ar", "ja", "zh-Hant"].flatMap { tag in ["/t/EE123456785CN", "/"].map { base + $0 + "?lang=" + tag } }
                let output = try await ContactsChromiumTests.run([python, "scripts/page-audit.py", "--width", width,
                                                                  "--screenshots", PageBrowser.screenshots.path] + urls)
                let shots = output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                    .compactMap { $0["screenshot"] as? String }
                #expect(shots.count == urls.count)
                for shot in shots { #expect(((try? FileManager.default.attributesOfItem(atPath: shot)[.size] as? Int) ?? 0) > 10_000, "\(shot)") }
            }
        }
    }
}
