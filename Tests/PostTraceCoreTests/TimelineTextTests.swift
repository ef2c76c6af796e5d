import Testing
import S10
@testable import PostTraceCore

@Suite struct TimelineTextTests {
    typealias F = Fixture

    @Test func fullShowsOfficeTimesInTheirOwnOffsetNewestFirst() {
        let text = TimelineText.full(F.timeline(F.chinaToGermany))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "EE123456785CN — In customs in Germany since 3 March")
        #expect(lines[1] == "Status: In customs (Presented to import customs)")
        #expect(text.contains("2026-03-02 09:10 +08:00  Beijing IMPC (CNPEKA), Beijing, China"))
        #expect(text.contains("2026-03-03 09:10 +01:00  Frankfurt IMPC (DEFRAA), Frankfurt, Germany"))
        let newest = lines.firstIndex { $0.contains("2026-03-03 09:10 +01:00") }!
        let oldest = lines.firstIndex { $0.contains("2026-03-01 10:00 +08:00") }!
        #expect(newest < oldest)
        #expect(text.contains("Route: China → Germany · EMS"))
        #expect(text.contains("▶ Import customs 2026-03-02"))
        #expect(text.contains("○ Delivered"))
        #expect(text.contains("What you can do:"))
        #expect(text.contains("never ask for payment or card details"))
    }

    @Test func fullInChinese() {
        let text = TimelineText.full(F.timeline(F.chinaToGermany, language: .zhHans))
        #expect(text.hasPrefix("EE123456785CN — 自3月3日起在德国海关\n状态：海关处理中（已交进口海关）") || text.contains("状态：海关处理中 (已交进口海关)"))
        #expect(text.contains("您可以这样做：\n"))
        #expect(text.contains("已交进口海关"))
        #expect(text.contains("中国 → 德国"))
    }

    @Test func summaryIsTwoLines() {
        let s = TimelineText.summary(F.timeline(F.chinaToGermany))
        let lines = s.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == "EE123456785CN: In customs — In customs in Germany since 3 March")
        #expect(lines[1] == "Last scan: 2026-03-03 09:10 +01:00 Frankfurt IMPC (DEFRAA), Frankfurt, Germany: Presented to import customs")
        #expect(TimelineText.summary(F.timeline([])).split(separator: "\n").count == 1)
    }

    @Test func emptyTimelineAndUnknownCodes() {
        #expect(TimelineText.full(F.timeline([])).contains("No events yet."))
        let odd = TimelineText.full(F.timeline([F.event("QQQ", "2026-03-03T09:10:00-03:30", "CAYYTA")]))
        #expect(odd.contains("2026-03-03 09:10 -03:30"))
        #expect(odd.contains("Unknown event (QQQ)"))
    }

    @Test func officeTimeNeverConverts() {
        #expect(TimelineText.officeTime(F.time("2026-03-03T09:10:00+08:00")) == "2026-03-03 09:10 +08:00")
        #expect(TimelineText.officeTime(F.time("2026-12-31T23:59:59-12:00")) == "2026-12-31 23:59 -12:00")
        #expect(TimelineText.officeTime(F.time("2026-01-01T00:00:00+05:45")) == "2026-01-01 00:00 +05:45")
    }
}
