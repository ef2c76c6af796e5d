import Foundation
import PostTraceCore
@testable import PostTraceServer
import S10
import Testing
import TestSupport

/// `/contacts`, `/check` and a parcel page in headless Chromium at 360 px, in every language the page speaks:
/// axe-core finds no WCAG 2.1 A/AA violation and nothing is wider than the screen (scripts/page-audit.py).
@Suite("Contacts pages in Chromium", .serialized, .scratch)
struct ContactsChromiumTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs a command to completion off the shared pool and returns its standard output.
    static func run(_ arguments: [String]) async throws -> String {
        try await offPool {
            let run = try ChildProcess.run("/usr/bin/env", arguments, directory: root.path, timeout: 600)
            guard run.status == 0 else {
                throw RawHTTP.Failure(description: "\(arguments) exited \(run.status): \(String(decoding: run.stderr.suffix(4000), as: UTF8.self))")
            }
            return String(decoding: run.stdout, as: UTF8.self)
        }
    }

    @Test("axe-core: zero WCAG 2.1 AA violations and no horizontal scrolling at 360 px, every language")
    func audit() async throws {
        let python = try await Self.run(["bash", "scripts/page-audit-venv.sh"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try await PageLiveServer.with { base in
            let paths = ["/contacts", "/contacts/CN", "/contacts?country=KE", "/check", "/t/EE123456785CN"]
            let urls = Language.allCases.flatMap { lang in paths.map { base + $0 + ($0.contains("?") ? "&" : "?") + "lang=" + lang.rawValue } }
            let output = try await Self.run([python, "scripts/page-audit.py", "--width", "360"] + urls)
            let reports = output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(reports.count == urls.count)
            for report in reports {
                let url = report["url"] as? String ?? "?"
                let violations = report["violations"] as? [[String: Any]] ?? [["id": "missing"]]
                #expect(violations.isEmpty, "\(url): \(violations)")
                #expect((report["scrollWidth"] as? Int ?? 9999) <= 360, "\(url): \(report["scrollWidth"] ?? "?") px wide")
                #expect(url.hasSuffix("lang=" + (report["lang"] as? String ?? "?")), "\(url)")
            }
        }
    }
}
