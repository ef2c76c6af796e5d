import Foundation
@testable import PostTraceServer
import PostTraceStore
import Testing
import TestSupport

@Suite("Replica metrics and journal lines", .scratch)
struct ReplicaMetricsTests {
    @Test("each replica's lag and usability, labelled by its URL escaped for the text format; nothing without replicas")
    func replicaText() {
        #expect(Metrics.replicaText([]).isEmpty)
        let text = Metrics.replicaText([
            ReplicaStatus(url: "postgresql://r:***@db3/pt", lagSeconds: 0.25, usable: true, reason: nil),
            ReplicaStatus(url: "postgresql://db4/pt?application_name=a\"b\\c\nd", lagSeconds: nil, usable: false, reason: "unreachable"),
        ])
        #expect(text.contains("posttrace_replica_lag_seconds{replica=\"postgresql://r:***@db3/pt\"} 0.25\n"))
        #expect(text.contains("posttrace_replica_usable{replica=\"postgresql://r:***@db3/pt\"} 1\n"))
        #expect(text.contains("posttrace_replica_lag_seconds{replica=\"postgresql://db4/pt?application_name=a\\\"b\\\\c\\nd\"} NaN\n"))
        #expect(text.contains("posttrace_replica_usable{replica=\"postgresql://db4/pt?application_name=a\\\"b\\\\c\\nd\"} 0\n"))
        // Every sample line is one line: a label can never start a new sample.
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.hasPrefix("posttrace_replica_lag_seconds{") || line.hasPrefix("posttrace_replica_usable{"))
        }
    }

    @Test("under the journal each line carries its priority; elsewhere lines are unchanged")
    func journalPrefix() {
        #expect(JournalLog.format("disk full\n", .error, journal: true) == "<3>disk full\n")
        #expect(JournalLog.format("a\nb\n", .warning, journal: true) == "<4>a\n<4>b\n")
        #expect(JournalLog.format("a\nb", .info, journal: true) == "<6>a\n<6>b")
        #expect(JournalLog.format("disk full\n", .error, journal: false) == "disk full\n")
        #expect(JournalLog.format("", .error, journal: true) == "<3>")
    }

    @Test("JOURNAL_STREAM counts only when it names this process's stderr")
    func journalStream() throws {
        var info = stat()
        try #require(fstat(2, &info) == 0)
        #expect(JournalLog.isStandardError("\(info.st_dev):\(info.st_ino)"))
        #expect(!JournalLog.isStandardError("\(info.st_dev):\(UInt64(info.st_ino) &+ 1)"))
        for hostile in ["", ":", "1", "a:b", "1:2:3", "-1:-1", "99999999999999999999:1"] { #expect(!JournalLog.isStandardError(hostile)) }
    }
}
