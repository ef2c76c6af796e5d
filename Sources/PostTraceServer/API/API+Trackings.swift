import Foundation
import PostTraceCore
import PostTraceStore
import S10

extension PostTraceServer {
    /// Most numbers one batch request may ask for.
    static let batchLimit = 100

    /// `GET /v1/trackings/{number}`: the explained timeline under the canonical number.
    func lookUp(_ request: HTTPRequest) async throws -> HTTPResponse {
        let language = try request.answerLanguage()
        switch NumberInput.read(request.pathParameters["number"] ?? "") {
        case .valid(let number):
            // Taken before the events are read (see `TrackingStore.changeStamp()`): while it stays, a kept answer
            // is served without reading them.
            let stamp = answerCache == nil ? nil : store.changeStamp()
            if let stamp, let kept = answerCache?.answer(number, .apiJSON, language, stamp: stamp, lanes: lanes.generation,
                                                         now: ProcessInfo.processInfo.systemUptime) {
                return Self.timelineResponse(kept, language)
            }
            let events = try await store.events(for: number, consistency: Self.lookupConsistency)
            guard !events.isEmpty else {
                // Often a slip the check digit cannot see (CM for CN): name the near numbers the store has.
                let timeline = Timeline(number: number, events: events, language: language, now: Self.now, lanes: lanes.current)
                throw NoRecordYet(timeline: timeline,
                                  nearbyKnown: try await store.knownNeighbours(of: number, consistency: Self.lookupConsistency))
            }
            return Self.timelineResponse(timelineJSON(number, events, language, stamp: stamp), language)
        case .invalid(let normalized, let errors, let suggestions):
            let known = try await store.existing(suggestions, consistency: Self.lookupConsistency)
            throw InvalidNumber(input: normalized, errors: errors, suggestions: suggestions, known: known, language: language)
        }
    }

    /// `POST /v1/trackings/batch`: up to 100 numbers, one result each, in order, in one store round trip; a
    /// second one only when some valid number has no record, to name its neighbours that have (as a lookup's 404 does).
    func lookUpBatch(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Self.requireJSON(request)
        let body = try JSONBody.decode(BatchRequest.self, from: request.body)
        guard body.numbers.count <= Self.batchLimit else {
            throw Problem(status: 422, slug: "batch-too-large", title: "Too many numbers",
                          detail: "Ask for at most \(Self.batchLimit) numbers per request; got \(body.numbers.count).",
                          members: ["limit": Self.batchLimit])
        }
        let language = try request.answerLanguage()
        let readings = body.numbers.map(NumberInput.read)
        var wanted: [S10Number] = []
        for reading in readings {
            switch reading {
            case .valid(let n): wanted.append(n)
            case .invalid(_, _, let suggestions): wanted += suggestions
            }
        }
        let stamp = answerCache == nil ? nil : store.changeStamp()  // before the read, as in `lookUp`
        let found = try await store.events(for: Array(Set(wanted)), consistency: Self.lookupConsistency)
        let missing = readings.compactMap { reading -> S10Number? in
            guard case .valid(let n) = reading, (found[n] ?? []).isEmpty else { return nil }
            return n
        }
        let nearby = try await store.knownNeighbours(of: missing, consistency: Self.lookupConsistency)
        let results: [BatchResult] = zip(body.numbers, readings).map { input, reading in
            switch reading {
            case .valid(let number):
                let events = found[number] ?? []
                guard !events.isEmpty else {
                    let near = nearby[number] ?? []
                    return .noRecord(input: input, number: number,
                                     detail: NoRecordYet.detail(number: number, nearbyKnown: near, in: language),
                                     suggestions: InvalidNumber.ranked(near, known: Set(near)))
                }
                return .found(input: input, number: number, timeline: RawJSON(bytes: timelineJSON(number, events, language, stamp: stamp).body))
            case .invalid(_, let errors, let suggestions):
                let known = Set(suggestions.filter { !(found[$0] ?? []).isEmpty })
                return .invalid(input: input, errors: InvalidNumber.describe(errors, in: language),
                                suggestions: InvalidNumber.ranked(suggestions, known: known))
            }
        }
        return Self.json(document: JSONObject { $0.member("results", results) }, language: language)
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    /// The timeline's JSON for these stored events: the answer cache's bytes when they were rendered from the same
    /// events and lane table lately, else rendered now (and kept). `stamp` is the store's change stamp taken before
    /// the events were read; it is recorded with the answer.
    func timelineJSON(_ number: S10Number, _ events: [TrackingEvent], _ language: Language,
                      stamp: UInt64?) -> (body: [UInt8], prepared: AnswerCache.Prepared?) {
        let lanes = lanes.versioned
        guard let answerCache else {
            return (Timeline(number: number, events: events, language: language, now: Self.now, lanes: lanes.table).jsonBytes(), nil)
        }
        let digest = AnswerCache.digest(events), uptime = ProcessInfo.processInfo.systemUptime
        if let kept = answerCache.answer(number, .apiJSON, language, digest: digest, lanes: lanes.generation, now: uptime, stamp: stamp) {
            return (kept.body, kept.prepared)
        }
        let body = Timeline(number: number, events: events, language: language, now: Self.now, lanes: lanes.table).jsonBytes()
        let prepared = answerCache.keep(number, .apiJSON, language, digest: digest, lanes: lanes.generation, now: uptime,
                                        body: body, tag: HTTPCaching.entityTag(of: body), stamp: stamp)
        return (body, prepared)
    }

    /// A lookup's 200: the timeline's JSON in `language`, with what the response stage needs from the answer cache.
    static func timelineResponse(_ answer: (body: [UInt8], prepared: AnswerCache.Prepared?), _ language: Language) -> HTTPResponse {
        var response = HTTPResponse(status: 200, headers: [("Content-Type", "application/json"), ("Content-Language", language.rawValue)],
                                    body: answer.body)
        response.prepared = answer.prepared
        return response
    }

    static func json(_ value: some Encodable, status: Int = 200, language: Language? = nil) throws -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if let language { headers.append(("Content-Language", language.rawValue)) }
        return HTTPResponse(status: status, headers: headers, body: Array(try encoder.encode(value)))
    }

    /// A 200 (or `status`) answer of `document`, written with `<`, `>` and `&` escaped.
    static func json(document: some JSONWritable, status: Int = 200, language: Language? = nil) -> HTTPResponse {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if let language { headers.append(("Content-Language", language.rawValue)) }
        return HTTPResponse(status: status, headers: headers, body: JSONWriter.encode(document))
    }

    static func requireJSON(_ request: HTTPRequest) throws {
        guard request.mediaType == "application/json" else {
            throw Problem.unsupportedMediaType(request.mediaType, accepted: ["application/json"])
        }
    }
}

struct BatchRequest: Decodable { let numbers: [String] }

/// One number's entry in a batch answer: its timeline, why there is none yet, or why the input is no number.
enum BatchResult: JSONWritable {
    case found(input: String, number: S10Number, timeline: RawJSON)
    case noRecord(input: String, number: S10Number, detail: String, suggestions: [SuggestedNumber])
    case invalid(input: String, errors: [NumberError], suggestions: [SuggestedNumber])

    func writeJSON(to writer: inout JSONWriter) {
        writer.object { o in
            switch self {
            case .found(let input, let number, let timeline):
                o.member("input", input); o.member("number", number.description); o.member("result", "found")
                o.member("timeline", timeline)
            case .noRecord(let input, let number, let detail, let suggestions):
                o.member("input", input); o.member("number", number.description); o.member("result", "no_record")
                o.member("detail", detail); o.member("suggestions", suggestions)
            case .invalid(let input, let errors, let suggestions):
                o.member("input", input); o.member("result", "invalid")
                o.member("errors", errors); o.member("suggestions", suggestions)
            }
        }
    }
}

/// An S10 error as answers list it: its code, its message in the request's language and, when known, its
/// 1-based position in the normalized input.
struct NumberError: JSONWritable, Sendable {
    let code: String, message: String, position: Int?

    func writeJSON(to writer: inout JSONWriter) {
        writer.object { o in o.member("code", code); o.member("message", message); o.member("position", ifPresent: position) }
    }
}

/// A number one slip away from the input, and whether the store has records for it.
struct SuggestedNumber: JSONWritable, Sendable {
    let number: S10Number, known: Bool

    func writeJSON(to writer: inout JSONWriter) {
        writer.object { o in o.member("number", number.description); o.member("known", known) }
    }
}

/// 422: the input is not a valid S10 number; carries what is wrong and what was probably meant.
struct InvalidNumber: HTTPProblem {
    let input: String
    let errors: [S10Error]
    let suggestions: [S10Number]
    let known: Set<S10Number>
    let language: Language
    var status: Int { 422 }
    var slug: String { "invalid-number" }
    var title: String { "Not a valid tracking number" }
    var detail: String? { errors.first?.message(in: language) }
    /// The messages are in the request's language; caches keep each language apart.
    var headers: [(name: String, value: String)] { [("Content-Language", language.rawValue)] }
    var members: [String: any JSONWritable & Sendable] {
        ["input": input,
         "errors": Self.describe(errors, in: language),
         "suggestions": Self.ranked(suggestions, known: known)]
    }

    /// Each error with its code, message and, when known, position.
    static func describe(_ errors: [S10Error], in language: Language) -> [NumberError] {
        errors.map { NumberError(code: $0.code.rawValue, message: $0.message(in: language), position: $0.position) }
    }

    /// Suggestions with the numbers the store knows first.
    static func ranked(_ suggestions: [S10Number], known: Set<S10Number>) -> [SuggestedNumber] {
        let ordered = suggestions.filter { known.contains($0) } + suggestions.filter { !known.contains($0) }
        return ordered.map { SuggestedNumber(number: $0, known: known.contains($0)) }
    }
}

/// 404: a valid number without any event yet; still explains why and how to follow it, and names numbers one
/// undetectable slip away that do have records (`S10.neighbours(of:)`).
struct NoRecordYet: HTTPProblem {
    let timeline: Timeline
    var nearbyKnown: [S10Number] = []
    var status: Int { 404 }
    var slug: String { "no-record-yet" }
    var title: String { "No record yet" }
    var detail: String? { Self.detail(number: timeline.number, nearbyKnown: nearbyKnown, in: timeline.language) }

    /// "No scan yet", and the first neighbour with records when there is one.
    static func detail(number: S10Number, nearbyKnown: [S10Number], in language: Language) -> String {
        let text = Self.text(number: number, in: language)
        guard let likely = nearbyKnown.first else { return text }
        return text + " " + Self.didYouMean(likely, in: language)
    }
    var headers: [(name: String, value: String)] { [("Content-Language", timeline.language.rawValue)] }
    var members: [String: any JSONWritable & Sendable] {
        ["number": timeline.number.description,
         "explanation": HeadlineAndAdvice(headline: timeline.explanation.headline, advice: timeline.explanation.advice),
         "subscribe": ["feed": "/t/\(timeline.number)/feed.atom", "page": "/t/\(timeline.number)"],
         "suggestions": InvalidNumber.ranked(nearbyKnown, known: Set(nearbyKnown))]
    }

    /// What a 404 says instead of a timeline: the explanation's headline and advice.
    struct HeadlineAndAdvice: JSONWritable, Sendable {
        let headline: String, advice: [String]

        func writeJSON(to writer: inout JSONWriter) {
            writer.object { o in o.member("headline", headline); o.member("advice", advice) }
        }
    }

    static func text(number: S10Number, in language: Language) -> String {
        Catalogue.text(.apiNoScanYet, language, ["number": number.description])
    }

    static func didYouMean(_ number: S10Number, in language: Language) -> String {
        Catalogue.text(.apiNearbyKnown, language, ["number": number.description])
    }
}
