import Foundation
import PostTraceCore
@testable import PostTraceStore
import S10
import Testing
import TestSupport

/// NUL and other C0 control characters in text fields: each such line is rejected alone with
/// `control_character`, on every backend, by both import formats and both CSV paths; the rest is kept whole.
@Suite("Import: control characters", .scratch)
struct ControlCharacterTests {
    static let good = #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-01T09:10:00+08:00","office":"CNPEKA","office_name":"Beijing"}"#

    /// Lines that each hide one control character in a different field and spelling.
    static let hostileNDJSON = [
        #"{"number":"EE123456785CN","code":"EMB","time":"2026-03-01T10:10:00+08:00","office":"CNPEKA","office_name":"Bei\u0000jing"}"#,
        #"{"number":"EE123456785CN","code":"EMC","time":"2026-03-01T11:10:00+08:00","office":"CNPEKA","city":"\u0001"}"#,
        #"{"number":"EE123456785CN","code":"EMD","time":"2026-03-01T12:10:00+08:00","office":"CNPEKA","source":"feed\nname"}"#,
        #"{"number":"EE123456785CN","code":"EME","time":"2026-03-01T13:10:00+08:00","office":"CNPEKA","transport":"\u001F"}"#,
    ]

    @Test("NDJSON lines with a control character are rejected with control_character", arguments: [Backend.sqlite, .postgres])
    func ndjson(_ backend: Backend) async throws {
        let text = ([Self.good] + Self.hostileNDJSON + [Self.good.replacingOccurrences(of: "Beijing", with: "Bei\\tjing").replacingOccurrences(of: "EMA", with: "EMF")]).joined(separator: "\n") + "\n"
        let (summary, rejects, store) = try await importText(text, name: "c.ndjson", backend)
        #expect(summary.imported == 2 && summary.rejected == 4, "\(rejects)")
        #expect(rejects.allSatisfy { $0["code"] as? String == "control_character" })
        #expect(Set(rejects.compactMap { $0["line"] as? Int }) == [2, 3, 4, 5])
        // Tab is allowed in text and comes back whole, as does the plain name: nothing cut at a NUL.
        let names = try await store.events(for: Sample.number(12345678)).compactMap(\.office.name)
        #expect(Set(names) == ["Beijing", "Bei\tjing"])
    }

    @Test("CSV lines with a raw control character are rejected, whichever CSV path reads them", arguments: [Backend.sqlite, .postgres])
    func csv(_ backend: Backend) async throws {
        let csv = "number,code,time,office,office_name\n"
            + "EE123456785CN,EMA,2026-03-01T09:10:00+08:00,CNPEKA,Beijing\n"
            + "EE123456785CN,EMB,2026-03-01T10:10:00+08:00,CNPEKA,Bei\u{0}jing\n"  // plain line: fast path
            + "EE123456785CN,EMC,2026-03-01T11:10:00+08:00,CNPEKA,\"Bei\u{1}jing\"\n"  // quoted: general path
            + "EE123456785CN,EMD,2026-03-01T12:10:00+08:00,CNPEKA,x\u{1B}\n"  // under eight bytes from the end
            + "EE123456785CN,EME,2026-03-01T13:10:00+08:00,CNPEKA,Bei\tjing\n"
        let (summary, rejects, _) = try await importText(csv, name: "c.csv", backend)
        #expect(summary.imported == 2 && summary.rejected == 3, "\(rejects)")
        #expect(rejects.allSatisfy { $0["code"] as? String == "control_character" })
        #expect(Set(rejects.compactMap { $0["line"] as? Int }) == [3, 4, 5])
    }

    private func importText(_ text: String, name: String, _ backend: Backend) async throws -> (ImportSummary, [[String: Any]], any PostTraceStorage) {
        let dir = TempDir.make()
        let file = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        let store = try await backend.open()
        let summary = try await EventImport(store: store, path: file.path, format: nil).run()
        let rejects = try ((try? String(contentsOf: URL(fileURLWithPath: file.path + ".rejects.ndjson"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        return (summary, rejects, store)
    }
}
