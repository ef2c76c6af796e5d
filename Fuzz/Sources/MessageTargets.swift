import Foundation
import MessageCheck

let messageTargets: [FuzzTarget] = [FuzzTarget(name: "message-check", run: { fuzzMessageCheck(text($0)) })]

/// The most one message may cost here (an unoptimized, address-sanitized build; a release build is ~50× faster).
let messageBudget = Duration.seconds(2)

/// The scam-message checker: a verdict from its enum, at most `maximumSignalsPerKind` signals of a kind, each
/// quoting the text at its UTF-16 span, in text order; refusals are coded; every input checked within the budget.
func fuzzMessageCheck(_ message: String) {
    let clock = ContinuousClock()
    let started = clock.now
    let result: MessageCheckResult
    do throws(MessageCheckError) { result = try MessageChecker.shipped.check(message) } catch {
        return invariant(["message_empty", "message_too_large"].contains(error.code), "unexpected refusal \(error.code)")
    }
    invariant(clock.now - started < messageBudget, "checking \(message.utf8.count) bytes took \(clock.now - started)")
    invariant(Verdict.allCases.contains(result.verdict), "verdict outside the enum")
    let utf16 = Array(message.utf16)
    var perKind: [SignalKind: Int] = [:]
    for signal in result.signals {
        perKind[signal.kind, default: 0] += 1
        let span = signal.span
        invariant(span.start >= 0 && span.start < span.end && span.end <= utf16.count, "span \(span) outside \(utf16.count) units")
        invariant(String(decoding: utf16[span.start..<span.end], as: UTF16.self) == signal.text, "span does not quote \(signal.text.debugDescription)")
    }
    invariant(perKind.values.allSatisfy { $0 <= MessageChecker.maximumSignalsPerKind }, "more than the cap of signals of one kind")
    invariant(result.signals.contains { $0.severity != .info } || result.verdict == .noWarningSigns, "a warning verdict without a warning sign")
}
