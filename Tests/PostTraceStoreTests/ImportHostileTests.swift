import Foundation
import PostTraceCore
@testable import PostTraceStore
import S10
import Testing
import TestSupport

/// Import files as they come from the wild: every line is imported, a duplicate, or rejected with a code.
@Suite("Import: hostile files", .scratch)
struct ImportHostileTests {
    let dir = TempDir.make()

    /// Writes `data` to a file and imports it into a fresh SQLite store.
    func importData(_ data: Data, name: String, format: ExchangeFormat? = nil) async throws -> (ImportSummary, [[String: Any]], SQLiteStore) {
        let file = dir.appendingPathComponent(name)
        try data.write(to: file)
        let store = try SQLiteStore(path: dir.appendingPathComponent("\(name).db").path)
        let summary = try await EventImport(store: store, path: file.path, format: format).run()
        let rejectsURL = URL(fileURLWithPath: file.path + ".rejects.ndjson")
        let rejects = try ((try? String(contentsOf: rejectsURL, encoding: .utf8)) ?? "").split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        #expect(summary.read == summary.imported + summary.duplicates + summary.rejected)
        #expect(rejects.count == summary.rejected)
        return (summary, rejects, store)
    }

    static let good = #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-01T09:10:00+08:00","office":"CNPEKA"}"#

    @Test func emptyFile() async throws {
        let (s, rejects, _) = try await importData(Data(), name: "empty.ndjson")
        #expect(s == ImportSummary())
        #expect(rejects.isEmpty)
    }

    @Test func binaryFile() async throws {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] = 0xFF  // not '{' and not a valid header: sniffed as CSV, header rejected
        let (s, rejects, _) = try await importData(Data(bytes), name: "binary.bin", format: .ndjson)
        #expect(s.imported == 0)
        #expect(s.rejected > 0)
        let codes = Set(rejects.compactMap { $0["code"] as? String })
        #expect(codes.isSubset(of: ["bad_utf8", "bad_json", "line_too_long"]))
        #expect(codes.contains("bad_utf8"))
    }

    @Test func oneMegabyteSingleLine() async throws {
        let line = Data(#"{"number":""#.utf8) + Data(repeating: 65, count: 1 << 20) + Data("\"}\n".utf8) + Data((Self.good + "\n").utf8)
        let (s, rejects, _) = try await importData(line, name: "long.ndjson")
        #expect(s.read == 2 && s.imported == 1 && s.rejected == 1)
        #expect(rejects.first?["code"] as? String == "line_too_long")
        #expect(rejects.first?["line"] as? Int == 1)
        #expect((rejects.first?["original"] as? String)?.utf8.count ?? .max <= 1024)
    }

    @Test func crlfAndBOM() async throws {
        let csv = "\u{FEFF}number,code,time,office\r\nEE123456785CN,EMA,2026-03-01T09:10:00+08:00,CNPEKA\r\n"
            + "EE123456785CN,EMB,2026-03-01T19:10:00+08:00,CNPEKA\r\n"
        let (s, rejects, store) = try await importData(Data(csv.utf8), name: "crlf.csv")
        #expect(s.imported == 2 && s.rejected == 0, "\(rejects)")
        #expect(try await store.events(for: Sample.number(12345678)).map(\.office.code) == ["CNPEKA", "CNPEKA"])
        let ndjson = "\u{FEFF}" + Self.good + "\r\n"
        let (s2, _, _) = try await importData(Data(ndjson.utf8), name: "bom.ndjson")
        #expect(s2.imported == 1)
    }

    @Test func mixedValidAndInvalid() async throws {
        let lines = [
            Self.good,
            #"{"number":"EE123456784CN","code":"EMA","time":"2026-03-01T09:10:00+08:00","office":"CNPEKA"}"#,
            #"{"number":"EE123456785CN","code":"xy1","time":"2026-03-01T09:10:00+08:00","office":"CNPEKA"}"#,
            #"{"number":"EE123456785CN","code":"EMB","time":"yesterday","office":"CNPEKA"}"#,
            #"{"number":"EE123456785CN","code":"EMB","time":"2026-03-01T09:10:00","office":"CNPEKA"}"#,
            #"{"number":"EE123456785CN","code":"EMB","office":"CNPEKA"}"#,
            #"{"number":"EE123456785CN","code":"EMB","time":"2026-03-01T09:10:00Z","office":"cn pek"}"#,
            #"{"number":"EE123456785CN","code":7,"time":"2026-03-01T09:10:00Z","office":"CNPEKA"}"#,
            #"{"number":"EE123456785CN","code":"EMC","time":"2026-03-01T09:10:00Z","office":"CNPEKA","extra":{"a":[1,2,{"b":null}]}}"#,
            #"{"number":"EE123456785CN","number":"EE123456785CN"}"#,
            "{\"number\":\"EE123456785CN\",\"code\":\"EMB\",\"time\":\"2026-03-01T09:10:00Z\",\"office\":\"CNPEKA\",\"city\":\"\u{1}\"}",
            "[1,2,3]",
            "   ",
            Self.good,
        ]
        var data = Data(lines.joined(separator: "\n").utf8)
        data.append(contentsOf: [10, 0xC3, 0x28, 10])  // an invalid UTF-8 sequence on its own line
        let (s, rejects, _) = try await importData(data, name: "mixed.ndjson")
        #expect(s.read == 14 && s.imported == 2 && s.duplicates == 1 && s.rejected == 11)
        let codes = rejects.map { "\($0["line"] ?? "?"):\($0["code"] ?? "?")" }
        #expect(codes == ["2:check_digit", "3:unknown_event_code", "4:bad_time", "5:time_without_offset", "6:missing_field",
                          "7:bad_office", "8:wrong_type", "10:bad_json", "11:bad_json", "12:bad_json", "15:bad_utf8"])
        #expect(rejects.last?["original_base64"] as? String == "wyg=")
    }

    @Test("a well-formed event code PostTrace does not know is imported and kept, not rejected")
    func unknownButWellFormedCodeIsKept() async throws {
        let line = #"{"number":"EE123456785CN","code":"EMZ","time":"2026-03-01T09:10:00+08:00","office":"CNPEKA"}"#
        let (s, rejects, store) = try await importData(Data((line + "\n").utf8), name: "unknown-code.ndjson")
        #expect(s.imported == 1 && rejects.isEmpty)
        let events = try await store.events(for: try #require(S10Number("EE123456785CN")))
        #expect(events.map(\.code.rawValue) == ["EMZ"])
        #expect(events.first?.code.isKnown == false)
    }

    @Test func csvHeaderAndColumns() async throws {
        let csv = """
            time,office,code,number,ignored,country
            2026-03-01T09:10:00+08:00,CNPEKA,EMA,EE123456785CN,x,CN
            2026-03-01T09:10:00+08:00,CNPEKA,EMB,EE123456785CN,x,DE
            2026-03-01T09:10:00+08:00,CNPEKA,EMC,EE123456785CN
            "2026-03-01T09:10:00+08:00","CNPEKA","EMD","EE123456785CN","a ""quoted"", field",
            2026-03-01T09:10:00+08:00,CNPEKA,EME,"EE123456785CN,x,

            """
        let (s, rejects, _) = try await importData(Data(csv.utf8), name: "cols.csv")
        #expect(s.read == 5 && s.imported == 2 && s.rejected == 3)
        #expect(rejects.map { $0["code"] as? String } == ["country_mismatch", "column_count", "bad_csv"])
        let bad = "number,code,office\nEE123456785CN,EMA,CNPEKA\n"
        let file = dir.appendingPathComponent("badheader.csv")
        try Data(bad.utf8).write(to: file)
        let store = InMemoryStore()
        await #expect(throws: ImportFailure.self) { _ = try await EventImport(store: store, path: file.path, format: nil).run() }
    }

    @Test func gzipAndCorruptGzip() async throws {
        let plain = dir.appendingPathComponent("g.ndjson")
        try Data((Self.good + "\n").utf8).write(to: plain)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", plain.path]
        try gzip.run(); gzip.waitUntilExit()
        let store = InMemoryStore()
        let s = try await EventImport(store: store, path: plain.path + ".gz", format: nil).run()
        #expect(s.imported == 1)
        var gz = try Data(contentsOf: URL(fileURLWithPath: plain.path + ".gz"))
        gz[gz.count / 2] ^= 0xFF
        gz.removeLast(6)
        try gz.write(to: dir.appendingPathComponent("corrupt.ndjson.gz"))
        await #expect(throws: ImportFailure.self) {
            _ = try await EventImport(store: store, path: dir.appendingPathComponent("corrupt.ndjson.gz").path, format: nil).run()
        }
    }

    @Test func reimportAddsNothing() async throws {
        let lines = (0..<50).map { i in
            ExchangeWriter.ndjson(Sample.event(Sample.number(70000000 + UInt32(i)), .posting, "2026-03-01T09:10:00+08:00"))
        }
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        let (first, _, _) = try await importData(data, name: "again.ndjson")
        #expect(first.imported == 50)
        let store = try SQLiteStore(path: dir.appendingPathComponent("again.ndjson.db").path)
        let second = try await EventImport(store: store, path: dir.appendingPathComponent("again.ndjson").path, format: nil).run()
        #expect(second.imported == 0 && second.duplicates == 50)
    }

    @Test func writerOutputParsesBack() async throws {
        var e = Sample.event(Sample.number(12345678), .heldByImportCustoms, "2026-03-01T09:10:42-03:30", office: "CAYYTA",
                             name: "St. John's, \"East\"", city: "St. John's", reason: "CUS", source: "feed\tA")
        e.nextOffice = "CAYYZA"; e.transport = "AC 123"; e.receivedAt = 1_772_400_000
        let csv = ExchangeWriter.csvHeader + "\n" + ExchangeWriter.csv(e) + "\n"
        let (s1, r1, store1) = try await importData(Data(csv.utf8), name: "rt.csv")
        #expect(s1.imported == 1, "\(r1)")
        // CSV carries no received_at: the import stamps its own time.
        var withoutReceived = e
        withoutReceived.receivedAt = nil
        #expect(try await store1.events(for: e.number).map { var x = $0; x.receivedAt = nil; return x } == [withoutReceived])
        let (s2, _, store2) = try await importData(Data((ExchangeWriter.ndjson(e) + "\n").utf8), name: "rt.ndjson")
        #expect(s2.imported == 1)
        #expect(try await store2.events(for: e.number) == [e])
    }

    @Test("NDJSON lines: quotes, backslashes, control characters and non-ASCII text are written escaped; import keeps all but control characters")
    func writerEscapes() async throws {
        let texts = ["say \"hi\"", "back\\slash", "line\nbreak", "tab\tand\u{1}bell\u{7}", "北京国际邮件处理中心", "sep\u{2028}para\u{2029}",
                     "emoji 📦", "</script>"]
        let events = texts.enumerated().map { i, text in
            var e = Sample.event(Sample.number(55000000 + UInt32(i)), .posting, "2026-03-01T09:10:42+08:00", office: "CNPEKA",
                                 name: text, city: text, reason: text, source: text)
            e.nextOffice = text; e.transport = text; e.receivedAt = 1_772_400_000 + Int64(i)
            return e
        }
        let bytes = TrackingEvent.ndjsonLines(events)
        #expect(String(decoding: bytes, as: UTF8.self) == events.map { ExchangeWriter.ndjson($0) + "\n" }.joined())
        // Foundation's JSON parser reads every line back to the same strings.
        for (line, e) in zip(bytes.split(separator: UInt8(ascii: "\n")), events) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            #expect(object["office_name"] as? String == e.office.name && object["transport"] as? String == e.transport)
            #expect(object["received_at"] as? Int == e.receivedAt.map(Int.init))
        }
        // Import takes the text back whole, except C0 control characters other than tab: those lines are rejected.
        let (summary, rejects, store) = try await importData(Data(bytes), name: "hostile.ndjson")
        let controlled = events.filter { ($0.office.name ?? "").unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" } }
        #expect(controlled.count == 2)
        #expect(summary.imported == events.count - controlled.count, "\(rejects)")
        #expect(rejects.allSatisfy { $0["code"] as? String == "control_character" } && rejects.count == controlled.count)
        for e in events { #expect(try await store.events(for: e.number) == (controlled.contains(e) ? [] : [e])) }
        #expect(TrackingEvent.ndjsonLines([]).isEmpty)
    }
}
