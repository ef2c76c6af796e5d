import Foundation
import PostTraceCore
import PostTraceStore
@testable import PostTraceServer
import S10
import Testing
import TestSupport

/// The lane page and a parcel page's estimate line as people see them: in every language, at 360 px,
/// with axe-core's WCAG 2.1 A/AA rules, over a server whose lane table was learned from simulated history.
@Suite("Lane pages in Chromium", .serialized, .scratch)
struct LanePageChromiumTests {
    @Test("/lanes/{lane} and a parcel's estimate in every language: lang, dir, the SVG chart, the link, no overflow, zero violations")
    func lanePageEveryLanguage() async throws {
        let python = try await ContactsChromiumTests.run(["bash", "scripts/page-audit-venv.sh"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let now = Int64(Date().timeIntervalSince1970) / 60 * 60
        let dir = Scratch.directory("posttrace-lanes")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("l.db").path)
        let simulated = Array(Simulator(seed: 18, now: now).items(count: 4_000))
        _ = try await store.insert(simulated.flatMap(\.events))
        let table = try await store.refreshLaneTable(now: now)
        let lanes = LaneBook(table)
        let busiest = try #require(table.statistics.max { $0.items < $1.items })
        let events = try await store.events(for: simulated.map(\.number))
        let estimated = try #require(simulated.first { item in
            Timeline(number: item.number, events: events[item.number] ?? [], language: .en, now: now, lanes: table).estimate.estimate != nil
        }?.number)
        var config = ServerConfiguration()
        config.port = 0
        config.accessLog = false
        config.addressLimit = .off
        config.keyLimit = .off
        let server = try PostTraceServer(configuration: config, store: store, keyStore: store,
                                         extraRoutes: PageRoutes.routes(store: store, lanes: lanes, now: { now }), lanes: lanes)
        let base = "http://127.0.0.1:\(server.port)"
        do {
            let lanePath = "/lanes/\(busiest.lane)"
            for language in Language.allCases {
                let page = try await PageLiveServer.get(base + lanePath + "?lang=" + language.rawValue)
                #expect(page.status == 200 && page.body.contains("<svg"), "\(language.rawValue): the lane page draws its chart")
                let parcel = try await PageLiveServer.get(base + "/t/\(estimated)?lang=" + language.rawValue)
                #expect(parcel.body.contains("href=\"/lanes/"), "\(language.rawValue): the estimate links to its lane")
            }
            let urls = Language.allCases.flatMap { lang in [base + lanePath + "?lang=" + lang.rawValue, base + "/t/\(estimated)?lang=" + lang.rawValue] }
            let output = try await ContactsChromiumTests.run([python, "scripts/page-audit.py", "--width", "360"] + urls)
            let reports = output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(reports.count == urls.count)
            for report in reports {
                let url = report["url"] as? String ?? "?"
                let language = try #require(Language(rawValue: String(url.split(separator: "=").last ?? "")))
                #expect(report["lang"] as? String == language.rawValue, "\(url)")
                #expect(report["dir"] as? String == (language.isRightToLeft ? "rtl" : "ltr"), "\(url)")
                #expect((report["violations"] as? [[String: Any]] ?? [["id": "missing"]]).isEmpty, "\(url): \(report["violations"] ?? "")")
                #expect((report["scrollWidth"] as? Int ?? 9999) <= 360, "\(url): \(report["scrollWidth"] ?? "?") px wide")
                guard language != .en else { continue }
                let leftovers = LanguagePagesChromiumTests.englishFragments(notIn: language).filter { (report["text"] as? String ?? "").contains($0) }
                #expect(leftovers.isEmpty, "\(url) still shows English: \(leftovers)")
            }
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
        await store.close()
    }
}
