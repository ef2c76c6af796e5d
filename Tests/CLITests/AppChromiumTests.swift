import Foundation
import Testing
import TestSupport

/// The installable app as a phone's browser meets it: the real `posttrace serve --demo`, headless Chromium over
/// the DevTools protocol (scripts/app-check.py), and the server stopped halfway to see the offline copies.
@Suite("The app in Chromium", .serialized, .scratch)
struct AppChromiumTests {
    static func report(number: String, lang: String) async throws -> [String: Any] {
        let bash = URL(fileURLWithPath: "/bin/bash")
        let venv = try await CLI.launch([CLI.root.appendingPathComponent("scripts/page-audit-venv.sh").path], program: bash)
        let python = URL(fileURLWithPath: venv.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let run = try await CLI.launch([CLI.root.appendingPathComponent("scripts/app-check.py").path, CLI.binary.path, number, lang],
                                       program: python)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)\n\(run.stderr)")
    }

    @Test("installable, controlled by its service worker, follows a parcel into My parcels, and opens both offline",
          arguments: [("LP607427673CN", "en"), ("RR000020265US", "ar"), ("LP607427673CN", "ja")])
    func installFollowOffline(number: String, lang: String) async throws {
        let r = try await Self.report(number: number, lang: lang)
        #expect(r["installabilityErrors"] as? [Any] != nil && (r["installabilityErrors"] as? [Any])?.isEmpty == true, "\(r["installabilityErrors"] ?? "")")
        #expect((r["manifestErrors"] as? [Any])?.isEmpty == true, "\(r["manifestErrors"] ?? "")")
        #expect((r["manifestURL"] as? String)?.hasSuffix("/manifest.webmanifest?lang=\(lang)") == true)
        #expect(r["serviceWorkerReady"] as? Bool == true && r["controlled"] as? Bool == true)
        #expect(r["followVisible"] as? Bool == true && r["followingShown"] as? Bool == true)
        #expect((r["followed"] as? String ?? "").contains("\"number\":\"\(number)\""))
        #expect(r["myItems"] as? Int == 1 && (r["myText"] as? String ?? "").contains("Present for Mum"))
        #expect((r["myViolations"] as? [Any])?.isEmpty == true, "axe-core on /my: \(r["myViolations"] ?? "")")
        #expect((r["myScrollWidth"] as? Int ?? 9999) <= 360)
        // A push message: the worker shows it titled with the name given on this device, opening the parcel's page.
        let shown = try #require((r["notifications"] as? [[String: Any]])?.first, "\(r["notifications"] ?? "no notification")")
        #expect(shown["title"] as? String == "Present for Mum · \(number)")
        #expect(shown["body"] as? String == "Push body \(lang)" && shown["url"] as? String == "/t/\(number)?lang=\(lang)")
        #expect(r["notifyOffered"] as? Bool == true, "My parcels offers notifications where the browser has Web Push")
        // Offline: the copies kept on the device, marked with the time they were saved.
        #expect(!(r["offlineMyNote"] as? String ?? "").isEmpty, "\(r)")
        #expect(r["offlineMyItems"] as? Int == 1)
        #expect(!(r["offlineMyStatus"] as? String ?? "").isEmpty)
        #expect(!(r["offlineParcelNote"] as? String ?? "").isEmpty)
        #expect((r["offlineParcelText"] as? String ?? "").contains(number))
        // The sentences are the catalogue's, in the page's language: no English on the Arabic and Japanese pages.
        if lang != "en" { #expect(!(r["offlineMyNote"] as? String ?? "").contains("offline"), "\(r["offlineMyNote"] ?? "")") }
    }
}
