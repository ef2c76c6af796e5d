import Foundation
import PostTraceCore
import PostTraceStore

extension PostTraceServer {
    /// Most events one ingestion request may carry.
    static let ingestLimit = 10_000

    /// `POST /v1/events`: validates each event, stores the valid ones in one durable insert, and answers only
    /// after the store acknowledged the commit; rejected events are reported by index.
    func ingest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try decodedBody(request)
        let slots: [EventSlot]
        let receivedAt = Self.now
        switch request.mediaType {
        case "application/x-ndjson": slots = try Self.ndjsonSlots(body, receivedAt: receivedAt)
        case "application/json": slots = try Self.arraySlots(body, receivedAt: receivedAt)
        default: throw Problem.unsupportedMediaType(request.mediaType, accepted: ["application/x-ndjson", "application/json"])
        }
        guard slots.count <= Self.ingestLimit else {
            throw Problem(status: 413, slug: "too-many-events", title: "Too many events",
                          detail: "Send at most \(Self.ingestLimit) events per request; got \(slots.count).",
                          members: ["limit": Self.ingestLimit])
        }
        var valid: [TrackingEvent] = [], validSlot: [Int] = []
        valid.reserveCapacity(slots.count)
        var rejected: [(index: Int, code: String, message: String)] = []
        for (index, slot) in slots.enumerated() {
            switch slot {
            case .event(let event):
                valid.append(event); validSlot.append(index)
            case .rejected(let code, let message):
                rejected.append((index, code, message))
            }
        }
        let limit = configuration.maxScansPerItem
        // Kept answers would be found stale by the next lookup anyway (it hashes the events it reads); dropping
        // them now frees their memory. Also after a failure: the commit may have happened before it.
        defer { if let answerCache, !valid.isEmpty { answerCache.invalidate(Set(valid.lazy.map(\.number))) } }
        let result = valid.isEmpty ? InsertResult() : try await store.insert(valid, maxScansPerItem: limit)
        for i in result.overLimit {
            let reject = ScanLimit.reject(valid[i], limit: limit)
            rejected.append((validSlot[i], reject.code, reject.message))
        }
        rejected.sort { $0.index < $1.index }
        metrics.ingested(accepted: result.accepted, duplicates: result.duplicates, rejected: rejected.count)
        await gauges.stored(events: result.accepted)
        let rejects = rejected.map { RejectedEvent(index: $0.index, code: $0.code, message: $0.message) }
        return Self.json(document: JSONObject { o in
            o.member("accepted", result.accepted); o.member("duplicates", result.duplicates); o.member("rejected", rejects)
        })
    }

    /// The body as sent, or inflated when it came with `Content-Encoding: gzip` (NDJSON compresses about
    /// tenfold, which matters to operators posting from far away); inflated, it has the same size limit.
    func decodedBody(_ request: HTTPRequest) throws -> [UInt8] {
        let coding = (request.headers["content-encoding"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        switch coding {
        case "", "identity":
            return request.body
        case "gzip", "x-gzip":
            do {
                return try GzipBody.decompress(request.body, limit: configuration.maxBodyBytes)
            } catch .tooLarge(let limit) {
                throw Problem(status: 413, slug: "body-too-large", title: "Body too large",
                              detail: "The body inflates to more than \(limit) bytes; send fewer events per request.",
                              members: ["limit": limit])
            } catch .malformed(let why) {
                throw Problem(status: 400, slug: "malformed-gzip", title: "Malformed gzip body",
                              detail: "The body is marked gzip but cannot be inflated: \(why).")
            }
        default:
            throw Problem(status: 415, slug: "unsupported-content-encoding", title: "Unsupported content encoding",
                          detail: "Send the body uncompressed or with Content-Encoding: gzip; got '\(String(coding.prefix(64)))'.",
                          headers: [("Accept-Encoding", "gzip")])
        }
    }

    /// One slot per non-empty line, read by the store's exchange reader: the same checks and reject codes as
    /// `posttrace import`. A bad line is rejected alone; the others still count.
    static func ndjsonSlots(_ body: [UInt8], receivedAt: Int64) throws -> [EventSlot] {
        guard !body.isEmpty else { throw Problem.malformedJSON("The body is empty; send one JSON event per line.") }
        var slots: [EventSlot] = []
        try body.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count, slots.count <= ingestLimit {  // past the limit the count check answers 413
                var end = start
                while end < all.count, all[end] != 0x0A { end += 1 }
                var line = UnsafeBufferPointer(rebasing: all[start..<end])
                if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
                start = end + 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                slots.append(slot(line, receivedAt: receivedAt))
            }
            guard !slots.isEmpty else { throw Problem.malformedJSON("The body holds no events.") }
        }
        return slots
    }

    /// One slot per element of a JSON array; a syntax error anywhere is a 400 with its position. Each object is
    /// read from its own bytes by the exchange reader, as an NDJSON line would be.
    static func arraySlots(_ body: [UInt8], receivedAt: Int64) throws -> [EventSlot] {
        let shapes: [ElementShape]
        do {
            shapes = try JSONDecoder().decode([ElementShape].self, from: Data(body))
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw Problem.badRequest("not-an-array", "Send a JSON array of events, or NDJSON.")
        } catch {
            let at = JSONBody.syntaxPosition(body)
            throw Problem.malformedJSON("The body is not valid JSON" + (at.map { ": \($0.reason) at line \($0.line), column \($0.column)." } ?? "."),
                                        line: at?.line, column: at?.column)
        }
        // Past the limit the count check answers 413; no need to read the elements.
        guard shapes.count <= ingestLimit else { return Array(repeating: .rejected(code: "", message: ""), count: shapes.count) }
        return body.withUnsafeBufferPointer { all in
            let ranges = elementRanges(of: all)
            return shapes.indices.map { i in
                guard shapes[i].isObject, i < ranges.count else {
                    return .rejected(code: RejectCode.badJSON.rawValue, message: "each element must be one event object")
                }
                return slot(UnsafeBufferPointer(rebasing: all[ranges[i]]), receivedAt: receivedAt)
            }
        }
    }

    /// Whether an element of the array is an object, the only kind of element that can be an event.
    struct ElementShape: Decodable {
        let isObject: Bool

        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            isObject = (try? decoder.container(keyedBy: AnyKey.self)) != nil
        }
    }

    /// The byte ranges of the elements of a JSON array, from the first byte of each element to its last (blanks
    /// around it left out). `array` must be valid JSON whose top level is an array, as the decoder found it.
    static func elementRanges(of array: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var depth = 0, inString = false, escaped = false
        var start = -1, end = -1  // the current element's first and past-last byte
        for i in array.indices {
            let b = array[i]
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false; end = i + 1 }
                continue
            }
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { continue }
            if depth == 1, b == 0x2C || b == 0x5D {  // the comma after an element, or the array's closing bracket
                if start >= 0 { ranges.append(start..<end) }
                start = -1
                if b == 0x5D { depth = 0 }
                continue
            }
            if depth >= 1, start < 0 { start = i }
            switch b {
            case 0x22: inString = true
            case 0x5B, 0x7B: depth += 1
            case 0x5D, 0x7D: depth -= 1
            default: break
            }
            end = i + 1
        }
        return ranges
    }

    private static func slot(_ line: UnsafeBufferPointer<UInt8>, receivedAt: Int64) -> EventSlot {
        do throws(LineReject) {
            var event = try ExchangeReader.event(ndjson: line, receivedAt: receivedAt)
            event.receivedAt = receivedAt  // the server is the receiver, whatever the sender claimed
            return .event(event)
        } catch {
            return .rejected(code: error.code, message: error.message)
        }
    }
}

/// An event the ingestion answer reports as rejected: its index in the body, the reject code and why.
struct RejectedEvent: JSONWritable {
    let index: Int, code: String, message: String

    func writeJSON(to writer: inout JSONWriter) {
        writer.object { o in o.member("index", index); o.member("code", code); o.member("message", message) }
    }
}

/// One element of an ingestion body: an event, or why it was rejected (by index in the answer).
enum EventSlot: Sendable {
    case event(TrackingEvent)
    case rejected(code: String, message: String)
}
