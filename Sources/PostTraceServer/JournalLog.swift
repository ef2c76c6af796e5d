import Foundation

/// Lines on standard error as the systemd journal reads them.
///
/// When systemd connects stderr to the journal it sets `JOURNAL_STREAM` (systemd.exec(5)), and the journal reads a
/// leading `<N>` as the line's syslog priority (sd-daemon(3)): errors then show in red and in
/// `journalctl -p err`. Anywhere else lines go out unchanged.
public enum JournalLog {
    /// Syslog priorities used here.
    public enum Priority: Int, Sendable {
        case error = 3
        case warning = 4
        case info = 6
    }

    /// Whether stderr goes to the journal.
    public static let underJournal = ProcessInfo.processInfo.environment["JOURNAL_STREAM"].map { !$0.isEmpty } ?? false

    /// `text` (one or more lines) with the priority prefix on each line when under the journal.
    public static func format(_ text: String, _ priority: Priority, journal: Bool = underJournal) -> String {
        guard journal else { return text }
        let prefix = "<\(priority.rawValue)>"
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            line.isEmpty && index > 0 ? "" : prefix + line
        }.joined(separator: "\n")
    }

    /// Writes `text` to stderr in one write(2), so lines from different threads stay whole.
    public static func write(_ text: String, _ priority: Priority) {
        var bytes = Array(format(text, priority).utf8)
        _ = bytes.withUnsafeMutableBytes { Foundation.write(2, $0.baseAddress, $0.count) }
    }
}
