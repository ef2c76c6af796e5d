import MessageCheck

/// How the rule tests read a result: its signals as `kind=weight` (for failure messages) and one kind's weights.
extension MessageCheckResult {
    var signs: String { "\(signals.map { "\($0.kind.rawValue)=\($0.weight)" })" }

    func weights(_ kind: SignalKind) -> [Int] { signals.filter { $0.kind == kind }.map(\.weight) }
}
