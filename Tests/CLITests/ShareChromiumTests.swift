import Foundation
import Testing
import TestSupport

/// "Open my parcels on another device" as two phones meet it: the real `posttrace serve --demo`, two headless
/// Chromium profiles over the DevTools protocol (scripts/share-check.py), a link made on one, opened, added and
/// revoked on the other.
@Suite("Parcel shares in Chromium", .serialized, .scratch)
struct ShareChromiumTests {
    static let first = "LP607427673CN", second = "RR000020265US"

    static func report(lang: String) async throws -> [String: Any] {
        let bash = URL(fileURLWithPath: "/bin/bash")
        let venv = try await CLI.launch([CLI.root.appendingPathComponent("scripts/page-audit-venv.sh").path], program: bash)
        let python = URL(fileURLWithPath: venv.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let run = try await CLI.launch([CLI.root.appendingPathComponent("scripts/share-check.py").path, CLI.binary.path, first, second, lang],
                                       program: python)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)\n\(run.stderr)")
    }

    @Test("device A makes a link with a warning and a QR code, device B opens and adds it, A revokes it and B's link is gone",
          arguments: ["en", "ar"])
    func shareAcrossDevices(lang: String) async throws {
        let r = try await Self.report(lang: lang)
        let link = try #require(r["link"] as? String, "\(r)")
        #expect(link.range(of: #"^http://127\.0\.0\.1:\d+/s/[A-Za-z0-9_-]{43}#names=[A-Za-z0-9_-]+$"#, options: .regularExpression) != nil, "\(link)")
        #expect(r["madeItems"] as? Int == 1 && r["qrLoaded"] as? Bool == true)
        #expect(!(r["warning"] as? String ?? "").isEmpty && !(r["namesNote"] as? String ?? "").isEmpty)
        #expect((r["remembered"] as? String ?? "").contains(link), "the device remembers the link it made")
        // Device B: the parcels listed by the server, the name from the fragment, added to its own list.
        #expect(r["sharedDir"] as? String == (lang == "ar" ? "rtl" : "ltr"))
        #expect(Set(r["sharedNumbers"] as? [String] ?? []) == [Self.first, Self.second])
        #expect((r["sharedText"] as? String ?? "").contains("Present for Mum"))
        #expect(!(r["addedStatus"] as? String ?? "").isEmpty)
        #expect(r["myItemsOnB"] as? Int == 2 && (r["myTextOnB"] as? String ?? "").contains("Present for Mum"), "\(r["myTextOnB"] ?? "")")
        // Revoked on A: forgotten there, gone for B.
        #expect(!(r["revokedStatus"] as? String ?? "").isEmpty && r["rememberedAfterRevoke"] as? String == "[]")
        // 51 parcels followed: the link holds 50 and the page says why one is missing.
        #expect(r["cappedCount"] as? Int == 50)
        #expect(!(r["cappedText"] as? String ?? "").isEmpty && r["cappedStatus"] as? String == r["cappedText"] as? String, "\(r["cappedStatus"] ?? "")")
        #expect(!(r["goneHeading"] as? String ?? "").isEmpty && !(r["goneText"] as? String ?? "").isEmpty && r["goneListed"] as? Int == 0)
        #expect(r["apiAfterRevoke"] as? Int == 404)
        for page in ["myViolations", "sharedViolations", "goneViolations"] {
            #expect((r[page] as? [Any])?.isEmpty == true, "axe-core, \(page): \(r[page] ?? "")")
        }
        #expect((r["myScrollWidth"] as? Int ?? 9999) <= 360 && (r["sharedScrollWidth"] as? Int ?? 9999) <= 360)
        if lang != "en" {
            // The catalogue's sentences in the page's language: no English left on the Arabic pages.
            for key in ["warning", "revokedStatus", "goneHeading", "addedStatus"] {
                #expect(!(r[key] as? String ?? "").contains(" the "), "\(key): \(r[key] ?? "")")
            }
        }
    }
}
