import S10

/// Figures of one lane (and one service, or all): how many items, how many delivered, how long they take end
/// to end and per stage, how often customs holds them, and the trend of the last weeks. Durations are days,
/// from Kaplan–Meier curves (items still on their way count as censored); nil when the history cannot say.
public struct LaneStatistics: Sendable, Hashable, Codable {
    /// Median, 80th and 95th percentile of a duration, in days.
    public struct Spread: Sendable, Hashable, Codable {
        public var median: Double?
        public var p80: Double?
        public var p95: Double?
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(median, forKey: .median); try c.encode(p80, forKey: .p80); try c.encode(p95, forKey: .p95)
        }
        init(_ curve: SurvivalCurve?) {
            func days(_ p: Double) -> Double? { curve?.quantile(p).map { (Double($0) / 8_640).rounded() / 10 } }
            median = days(0.5); p80 = days(0.8); p95 = days(0.95)
        }
    }
    /// Time spent in one stage.
    public struct StageFigures: Sendable, Hashable, Codable {
        public var stage: TransitStage
        public var items: Int
        public var days: Spread
    }
    /// Items first scanned in one week (starting Monday, UTC).
    public struct Week: Sendable, Hashable, Codable {
        public var weekStart: LocalDate
        public var items: Int
        public var delivered: Int
        public var transitDays: Spread
    }

    public var lane: Lane
    /// nil: every service together.
    public var service: ServiceLetter?
    public var items: Int
    public var delivered: Int
    public var transitDays: Spread
    public var stages: [StageFigures]
    /// Share of the items that reached import customs and were held there.
    public var heldShare: Double?
    /// How long holds last, in days.
    public var holdDays: Spread
    /// The last eight weeks, oldest first.
    public var trend: [Week]

    /// Share of items delivered (0…1).
    public var deliveredShare: Double { items == 0 ? 0 : Double(delivered) / Double(items) }

    /// Statistics of every lane with each service and with all services, sorted by lane then service.
    static func all(_ observations: [LaneObservation], now: Int64) -> [LaneStatistics] {
        var byLane: [Lane: [LaneObservation]] = [:]
        for o in observations { if let lane = o.lane { byLane[lane, default: []].append(o) } }
        var out: [LaneStatistics] = []
        for (lane, list) in byLane {
            out.append(LaneStatistics(lane: lane, service: nil, list, now: now))
            for (service, sub) in Dictionary(grouping: list, by: \.service) {
                out.append(LaneStatistics(lane: lane, service: service, sub, now: now))
            }
        }
        return out.sorted { ($0.lane, $0.service?.letter ?? "") < ($1.lane, $1.service?.letter ?? "") }
    }

    init(lane: Lane, service: ServiceLetter?, _ list: [LaneObservation], now: Int64) {
        self.lane = lane
        self.service = service
        items = list.count
        delivered = list.count { if case .delivered = $0.end { true } else { false } }
        transitDays = Spread(SurvivalCurve(list.compactMap { Self.transit($0, now: now) }))
        var sojourns: [TransitStage: [SurvivalCurve.Observation]] = [:]
        for o in list { for (stage, s) in Self.sojourns(o, now: now) { sojourns[stage, default: []].append(s) } }
        stages = TransitStage.allCases.compactMap { stage in
            guard let s = sojourns[stage], !s.isEmpty else { return nil }
            return StageFigures(stage: stage, items: s.count, days: Spread(SurvivalCurve(s)))
        }
        let reachedImport = list.count { $0.segments.contains { $0.stage >= .importCustoms } }
        heldShare = reachedImport == 0 ? nil : Double(list.count(where: \.heldByCustoms)) / Double(reachedImport)
        holdDays = Spread(SurvivalCurve(sojourns[.heldByCustoms] ?? []))
        let week: Int64 = 7 * 86_400
        // 1970-01-01 was a Thursday: Mondays are 4 days later modulo a week.
        let thisWeek = (now - 4 * 86_400) / week * week + 4 * 86_400
        trend = (0..<8).reversed().map { back in
            let start = thisWeek - Int64(back) * week
            let cohort = list.filter { ($0.firstScan ?? .min) >= start && ($0.firstScan ?? .min) < start + week }
            return Week(weekStart: LocalDate(days: start / 86_400), items: cohort.count,
                        delivered: cohort.count { if case .delivered = $0.end { true } else { false } },
                        transitDays: Spread(SurvivalCurve(cohort.compactMap { Self.transit($0, now: now) })))
        }
    }

    /// First scan to delivery, or to censoring.
    static func transit(_ o: LaneObservation, now: Int64) -> SurvivalCurve.Observation? {
        guard let first = o.firstScan else { return nil }
        switch o.end {
        case .delivered(let t): return .init(seconds: t.epochSeconds - first, delivered: true)
        case .stopped(let t): return .init(seconds: t - first, delivered: false)
        case .open: return .init(seconds: now - first, delivered: false)
        }
    }

    /// Time in each stage: to the next stage (an event) or to the end of the observation (censored). The
    /// delivery office's two segments (before and after reaching the office itself) count as one stay.
    static func sojourns(_ o: LaneObservation, now: Int64) -> [(TransitStage, SurvivalCurve.Observation)] {
        let s = o.segments
        return s.indices.filter { $0 == 0 || s[$0 - 1].stage != s[$0].stage }.map { i in
            let segment = s[i]
            if let next = s[(i + 1)...].first(where: { $0.stage != segment.stage }) {
                return (segment.stage, .init(seconds: next.entry - segment.entry, delivered: true))
            }
            switch o.end {
            case .delivered(let t): return (segment.stage, .init(seconds: t.epochSeconds - segment.entry, delivered: true))
            case .stopped(let t): return (segment.stage, .init(seconds: t - segment.entry, delivered: false))
            case .open: return (segment.stage, .init(seconds: now - segment.entry, delivered: false))
            }
        }
    }
}
