import Foundation

/// A clock the test moves by hand, so retry schedules are exact and tests never sleep through back-off.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64
    init(_ start: Int64 = Int64(Date().timeIntervalSince1970)) { value = start }
    var now: Int64 { lock.withLock { value } }
    func advance(_ seconds: Int64) { lock.withLock { value += seconds } }
}
