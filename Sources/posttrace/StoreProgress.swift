import Foundation
import PostTraceStore

/// A one-line progress bar with rate and ETA on a terminal's stderr, redrawn at most 5 times a second.
final class ProgressBar {
    private let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast

    init(label: String) { self.label = label }

    func show(_ p: ImportProgress) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let records = p.summary.read
        let rate = Double(records) / elapsed
        var text = "\r\(label) "
        if let total = p.totalBytes, total > 0 {
            let fraction = min(1, Double(p.consumedBytes) / Double(total))
            let filled = Int(fraction * 30)
            let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
            text += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "] "
            text += "\(Int(fraction * 100))% ETA \(Int(eta))s "
        }
        text += "\(records) records \(Int(rate))/s \u{1B}[K"
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}
