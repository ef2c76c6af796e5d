import Foundation
import PostTraceCore
import S10

extension PostTraceServer {
    /// `GET /v1/lanes`: every lane in the prepared table with its headline figures.
    func listLanes(_ request: HTTPRequest) throws -> HTTPResponse {
        if configuration.requireKeyForRead { try request.require(.read) }
        let table = lanes.current
        let overall = table.statistics.filter { $0.service == nil }
        let services = Dictionary(grouping: table.statistics.compactMap { s in s.service.map { (s.lane, $0.letter) } }, by: \.0)
        let list = overall.map { s in
            LaneSummary(lane: s.lane.description, origin: s.lane.origin, destination: s.lane.destination,
                        services: (services[s.lane] ?? []).map(\.1).sorted(), items: s.items, delivered: s.delivered,
                        deliveredShare: s.deliveredShare, transitDays: s.transitDays)
        }
        return try Self.snakeJSON(LaneList(builtAt: Self.builtAt(table), items: table.items, lanes: list))
    }

    /// `GET /v1/lanes/{origin}-{destination}?service=E`: the figures of one lane, for one service or all.
    func laneStatistics(_ request: HTTPRequest) throws -> HTTPResponse {
        if configuration.requireKeyForRead { try request.require(.read) }
        let (lane, service) = try Self.readLane(request)
        guard let stats = lanes.current.statistics(for: lane, service: service) else {
            throw Problem(status: 404, slug: "lane-not-found", title: "No history for this lane",
                          detail: "No stored item travelled \(lane)\(service.map { " with service \($0)" } ?? "") when the lane statistics were last prepared.",
                          members: ["lane": lane.description])
        }
        return try Self.snakeJSON(LaneReport(stats, builtAt: Self.builtAt(lanes.current)))
    }

    /// The lane of the path and the optional `service` query parameter, or a 422 problem saying what is wrong.
    static func readLane(_ request: HTTPRequest) throws -> (Lane, ServiceLetter?) {
        let text = request.pathParameters["lane"] ?? ""
        guard let lane = Lane(text: text) else {
            throw Problem(status: 422, slug: "invalid-lane", title: "Not a lane",
                          detail: "A lane is two different ISO 3166-1 country codes in capitals joined by a hyphen, such as CN-US.")
        }
        let values = request.queryValues("service")
        guard values.count <= 1 else {
            throw Problem(status: 422, slug: "invalid-service", title: "Not a service", detail: "Give `service` at most once.")
        }
        guard let text = values.first else { return (lane, nil) }
        guard let service = ServiceLetter(text) else {
            throw Problem(status: 422, slug: "invalid-service", title: "Not a service",
                          detail: "`service` is the first letter of an S10 service indicator, such as E for EMS.")
        }
        return (lane, service)
    }

    static func builtAt(_ table: LaneTable) -> String? {
        table.builtAt > 0 ? LocalTime(epochSeconds: table.builtAt, utcOffsetSeconds: 0)?.rfc3339 : nil
    }

    static func snakeJSON(_ value: some Encodable) throws -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(try encoder.encode(value)))
    }
}

/// One lane in `GET /v1/lanes`.
struct LaneSummary: Encodable {
    let lane, origin, destination: String
    let services: [String]
    let items, delivered: Int
    let deliveredShare: Double
    let transitDays: LaneStatistics.Spread
}

/// `GET /v1/lanes`.
struct LaneList: Encodable {
    let builtAt: String?
    let items: Int
    let lanes: [LaneSummary]
}

/// `GET /v1/lanes/{lane}`: the statistics with every member present (null when unknown).
struct LaneReport: Encodable {
    let stats: LaneStatistics
    let builtAt: String?
    init(_ stats: LaneStatistics, builtAt: String?) { self.stats = stats; self.builtAt = builtAt }

    enum CodingKeys: String, CodingKey {
        case lane, origin, destination, service, items, delivered, deliveredShare, transitDays, stages, heldShare, holdDays, trend, builtAt
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stats.lane.description, forKey: .lane)
        try c.encode(stats.lane.origin, forKey: .origin)
        try c.encode(stats.lane.destination, forKey: .destination)
        try c.encode(stats.service?.letter, forKey: .service)
        try c.encode(stats.items, forKey: .items)
        try c.encode(stats.delivered, forKey: .delivered)
        try c.encode(stats.deliveredShare, forKey: .deliveredShare)
        try c.encode(stats.transitDays, forKey: .transitDays)
        try c.encode(stats.stages, forKey: .stages)
        try c.encode(stats.heldShare, forKey: .heldShare)
        try c.encode(stats.holdDays, forKey: .holdDays)
        try c.encode(stats.trend, forKey: .trend)
        try c.encode(builtAt, forKey: .builtAt)
    }
}
