import Foundation
import PostTraceCore
import PostTraceStore

extension PostTraceServer {
    /// Most events one ingestion request may carry.
    static let ingestLimit = 10_000

    /// `POST /v1/events`: validates each event, stores the valid ones in one durable insert, and answers only
    /// after the store acknowledged the commit; rejected events are reported by index.
    func ingest(_ request: HTTPRequest) async throws -> HTTPResponse {
        try request.require(.ingest)
        let slots: [EventSlot]
        switch request.mediaType {
        case "application/x-ndjson": slots = try Self.ndjsonSlots(request.body)
        case "application/json": slots = try JSONBody.decode([EventSlot].self, from: request.body)
        default: throw Problem.unsupportedMediaType(request.mediaType, accepted: ["application/x-ndjson", "application/json"])
        }
        guard slots.count <= Self.ingestLimit else {
            throw Problem(status: 413, slug: "too-many-events", title: "Too many events",
                          detail: "Send at most \(Self.ingestLimit) events per request; got \(slots.count).",
                          members: ["limit": Self.ingestLimit])
        }
        let receivedAt = Self.now
        var valid: [TrackingEvent] = []
        valid.reserveCapacity(slots.count)
        var rejected: [[String: any Sendable]] = []
        for (index, slot) in slots.enumerated() {
            switch slot {
            case .event(var event):
                event.receivedAt = receivedAt
                valid.append(event)
            case .rejected(let code, let message):
                rejected.append(["index": index, "code": code, "message": message])
            }
        }
        let result = valid.isEmpty ? InsertResult() : try await store.insert(valid)
        metrics.ingested(accepted: result.accepted, duplicates: result.duplicates, rejected: rejected.count)
        return try Self.json(object: ["accepted": result.accepted, "duplicates": result.duplicates, "rejected": rejected])
    }

    /// One slot per non-empty line; a line that is not JSON is rejected alone, the others still count.
    static func ndjsonSlots(_ body: [UInt8]) throws -> [EventSlot] {
        guard !body.isEmpty else { throw Problem.malformedJSON("The body is empty; send one JSON event per line.") }
        var slots: [EventSlot] = []
        let decoder = JSONDecoder()
        for line in body.split(separator: 0x0A, omittingEmptySubsequences: true) {
            let trimmed = line.last == 0x0D ? line.dropLast() : line
            if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard slots.count <= ingestLimit else { break }  // the count check answers 413
            do {
                slots.append(try decoder.decode(EventSlot.self, from: Data(trimmed)))
            } catch {
                let column = JSONBody.syntaxPosition(Array(trimmed))?.column
                slots.append(.rejected(code: "malformed_json",
                                       message: "This line is not valid JSON" + (column.map { " (column \($0))" } ?? "") + "."))
            }
        }
        return slots
    }
}

/// One element of an ingestion body: a decoded event, or why it was rejected. Decoding one never fails
/// the whole body, so that every good event is kept and every bad one is reported by index.
enum EventSlot: Decodable {
    case event(TrackingEvent)
    case rejected(code: String, message: String)

    init(from decoder: any Decoder) throws {
        do {
            self = .event(try TrackingEvent(from: decoder))
        } catch let error as DecodingError {
            let field = JSONBody.path(of: error)
            switch (error, field) {
            case (.keyNotFound, _): self = .rejected(code: "missing_field", message: "The field '\(field)' is required.")
            case (.dataCorrupted, "number"): self = .rejected(code: "invalid_number", message: "'number' is not a valid canonical S10 number.")
            case (.dataCorrupted, "time"): self = .rejected(code: "invalid_time", message: "'time' must be RFC 3339 with an offset, e.g. 2026-03-03T09:10:00+08:00.")
            case (.typeMismatch, _), (.valueNotFound, _): self = .rejected(code: "wrong_type", message: "The field '\(field)' \(JSONBody.reason(of: error)).")
            default: self = .rejected(code: "invalid_event", message: "The field '\(field)' is invalid.")
            }
        }
    }
}
