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

    /// Whether stderr goes to the journal: `JOURNAL_STREAM` names the device and inode of the journal's stream,
    /// and stderr is that stream (a child whose stderr was redirected inherits the variable but not the stream).
    public static let underJournal = ProcessInfo.processInfo.environment["JOURNAL_STREAM"].map(isStandardError) ?? false

    /// Whether `stream` (`DEVICE:INODE`, as systemd sets `JOURNAL_STREAM`) is file descriptor 2.
    static func isStandardError(_ stream: String) -> Bool {
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var info = stat()
        guard fstat(2, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }

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
