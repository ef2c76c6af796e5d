import S10

/// The prepared lane table: residual-time survival curves per group of items, stage and time already spent
/// in the stage, plus lane statistics. Built from the stored history on a schedule; a lookup only reads it.
///
/// A curve for (group, stage, t) is the Kaplan–Meier estimate of the time from "entered the stage t ago and
/// is still in it" to delivery, over every item of the group that was in that situation; items still on
/// their way count as censored at the moment the table was built, returned and stopped items at the moment
/// their journey turned. The delivery office's stage has two sets of curves, before and after the item
/// reaches the office itself (`LaneObservation.Segment.curveStage`); in both, and out for delivery, t is
/// counted from the start of the local date the stage was entered (`countedFrom`).
public struct LaneTable: Sendable, Hashable, Codable {
    /// When the table was built (seconds since 1970, UTC): the censoring time of open journeys.
    public let builtAt: Int64
    /// How many items the history held.
    public let items: Int
    /// Curves by group key (`LaneTable.key`).
    let curves: [String: SurvivalCurve]
    /// The usual UTC offset of each destination country's delivering offices, learned from the history.
    public let destinationOffsets: [String: Int32]
    /// Statistics per lane and service, and per lane over all services.
    public let statistics: [LaneStatistics]

    /// Fewer comparable items than this and a group is not trusted: the next coarser level is used.
    public static let minimumItems = 30
    /// Time already spent in the stage, in seconds, at which curves are kept (each item is looked up at the
    /// largest not after its own).
    public static let elapsedSteps: [Int64] = [0, 12, 24, 48, 72, 96, 120, 168, 240, 336, 504, 720].map { $0 * 3600 }

    /// How the curves are measured; a saved table of another format does not read (the next refresh replaces it).
    /// 2: the delivery office split at the arrival at the office itself, rounds counted from the local date's start.
    /// 3: the way to the delivery office counted from the local date's start too.
    public static let format = 3

    /// A table with no history: every estimate says `too_little_history`.
    public static let empty = LaneTable(builtAt: 0, items: 0, curves: [:], destinationOffsets: [:], statistics: [])

    init(builtAt: Int64, items: Int, curves: [String: SurvivalCurve], destinationOffsets: [String: Int32], statistics: [LaneStatistics]) {
        self.builtAt = builtAt; self.items = items; self.curves = curves
        self.destinationOffsets = destinationOffsets; self.statistics = statistics
    }

    enum CodingKeys: String, CodingKey { case format, builtAt, items, curves, destinationOffsets, statistics }

    /// Reads a saved table; one of another `format` (or none: saved before formats) is refused, as its
    /// curves would be read the wrong way.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decodeIfPresent(Int.self, forKey: .format) ?? 1
        guard format == Self.format else {
            throw DecodingError.dataCorruptedError(forKey: .format, in: c, debugDescription: "lane table format \(format), not \(Self.format)")
        }
        self.init(builtAt: try c.decode(Int64.self, forKey: .builtAt), items: try c.decode(Int.self, forKey: .items),
                  curves: try c.decode([String: SurvivalCurve].self, forKey: .curves),
                  destinationOffsets: try c.decode([String: Int32].self, forKey: .destinationOffsets),
                  statistics: try c.decode([LaneStatistics].self, forKey: .statistics))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.format, forKey: .format)
        try c.encode(builtAt, forKey: .builtAt)
        try c.encode(items, forKey: .items)
        try c.encode(curves, forKey: .curves)
        try c.encode(destinationOffsets, forKey: .destinationOffsets)
        try c.encode(statistics, forKey: .statistics)
    }

    /// The group keys an observation belongs to, most specific first (lane level only with a known destination).
    static func groups(origin: String, destination: String?, service: ServiceLetter) -> [(LaneLevel, String)] {
        var out: [(LaneLevel, String)] = []
        if let destination { out.append((.lane, "\(origin)-\(destination)/\(service)")) }
        out.append((.originService, "\(origin)-*/\(service)"))
        out.append((.service, "*/\(service)"))
        return out
    }

    static func key(_ group: String, _ stage: String, _ step: Int) -> String { "\(group)/\(stage)/\(step)" }

    /// The curve of a group at a stage (`LaneObservation.Segment.curveStage`) and elapsed step, when the
    /// history holds enough items.
    func curve(group: String, stage: String, step: Int) -> SurvivalCurve? {
        guard let c = curves[Self.key(group, stage, step)], c.count >= Self.minimumItems else { return nil }
        return c
    }

    /// Statistics of one lane, for one service or (nil) all of them.
    public func statistics(for lane: Lane, service: ServiceLetter?) -> LaneStatistics? {
        statistics.first { $0.lane == lane && $0.service == service }
    }
}

extension LaneTable {
    /// Builds the table from observations of the stored history as it was at `now` (seconds since 1970, UTC).
    public init(observations: [LaneObservation], now: Int64) {
        var samples: [String: [SurvivalCurve.Observation]] = [:]
        var offsets: [String: [Int32: Int]] = [:]
        for o in observations {
            if let d = o.destination, let offset = o.destinationOffset { offsets[d, default: [:]][offset, default: 0] += 1 }
            let groups = Self.groups(origin: o.origin, destination: o.destination, service: o.service)
            for (stage, entered, sample) in Self.samples(of: o, now: now) {
                for (_, group) in groups {
                    samples[Self.key(group, stage, entered), default: []].append(sample)
                }
            }
        }
        var curves: [String: SurvivalCurve] = [:]
        for (key, list) in samples where list.count >= Self.minimumItems {
            if let curve = SurvivalCurve(list) { curves[key] = curve }
        }
        // The most frequent offset; ties to the smaller, so that the choice does not depend on hashing.
        let usual = offsets.mapValues { counts in counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!.key }
        self.init(builtAt: now, items: observations.count, curves: curves, destinationOffsets: usual,
                  statistics: LaneStatistics.all(observations, now: now))
    }

    /// For each segment and elapsed step (from the instant the segment's time is counted from, `countedFrom`)
    /// at which the item was not yet past that segment: the residual time from that moment to delivery (or to
    /// censoring).
    static func samples(of o: LaneObservation, now: Int64) -> [(String, Int, SurvivalCurve.Observation)] {
        let finish: Int64, delivered: Bool
        switch o.end {
        case .delivered(let t): finish = t.epochSeconds; delivered = true
        case .stopped(let t): finish = t; delivered = false
        case .open: finish = now; delivered = false
        }
        var out: [(String, Int, SurvivalCurve.Observation)] = []
        for (i, segment) in o.segments.enumerated() {
            let exit = i + 1 < o.segments.count ? o.segments[i + 1].entry : finish
            for (step, elapsed) in elapsedSteps.enumerated() {
                let moment = segment.countedFrom + elapsed
                guard elapsed == 0 || moment < exit, moment <= finish else { break }
                out.append((segment.curveStage, step, SurvivalCurve.Observation(seconds: finish - moment, delivered: delivered)))
            }
        }
        return out
    }
}
