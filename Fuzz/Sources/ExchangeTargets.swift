import PostTraceCore
@testable import PostTraceStore
import S10

let exchangeTargets: [FuzzTarget] = [
    FuzzTarget(name: "ndjson-line", run: fuzzNDJSONLine),
    FuzzTarget(name: "csv-line", run: fuzzCSVLine),
    FuzzTarget(name: "gzip", run: fuzzGzip),
]

/// Codes a rejected line may carry: the import codes and the S10 error codes (docs/formats.md).
let rejectCodes = Set(RejectCode.allCases.map(\.rawValue)).union(S10ErrorCode.allCases.map(\.rawValue))

func checkReject(_ reject: LineReject, _ line: [UInt8]) {
    invariant(rejectCodes.contains(reject.code), "unknown reject code \(reject.code) for \(text(line).debugDescription)")
    invariant(!reject.message.isEmpty, "reject \(reject.code) without a message")
}

/// An NDJSON line as `posttrace import` and `POST /v1/events` read it: an accepted line re-encodes (as
/// `posttrace export` writes it) and re-parses to the same event; a refused one carries a known reason code.
func fuzzNDJSONLine(_ line: [UInt8]) {
    let read: Result<TrackingEvent, LineReject> = line.withUnsafeBufferPointer { b in
        do throws(LineReject) { return .success(try ExchangeReader.event(ndjson: b, receivedAt: 1_700_000_000)) } catch { return .failure(error) }
    }
    let event: TrackingEvent
    switch read {
    case .success(let e): event = e
    case .failure(let reject): return checkReject(reject, line)
    }
    let written = ExchangeWriter.ndjson(event)
    do throws(LineReject) {
        let again = try ExchangeReader.event(ndjson: written, receivedAt: nil)
        invariant(again == event, "NDJSON round trip changed \(text(line).debugDescription): \(written)")
    } catch {
        invariant(false, "written line \(written) is refused (\(error.code)) after \(text(line).debugDescription) was accepted")
    }
}

/// A CSV line under a header: the first input line is the header when the input has two lines, else the
/// standard one. The fast and the general paths agree, and an accepted line re-encodes and re-parses.
func fuzzCSVLine(_ input: [UInt8]) {
    let parts = input.split(separator: 10, maxSplits: 1, omittingEmptySubsequences: false)
    let headerLine = parts.count == 2 ? Array(parts[0]) : Array(ExchangeWriter.csvHeader.utf8)
    let line = Array(parts.last ?? [])
    guard line.count <= LineSplitter.maxLine, headerLine.withUnsafeBufferPointer(isValidUTF8) else { return }
    let parsed: Result<CSVHeader, LineReject> = headerLine.withUnsafeBufferPointer { b in
        do throws(LineReject) { return .success(try CSVHeader(b)) } catch { return .failure(error) }
    }
    let header: CSVHeader
    switch parsed {
    case .success(let h): header = h
    case .failure(let reject): return checkReject(reject, headerLine)
    }
    guard let event = csvEvent(line, header: header) else { return }
    let standard = Array(ExchangeWriter.csvHeader.utf8).withUnsafeBufferPointer { b in
        do throws(LineReject) { return try CSVHeader(b) } catch { fatalError("the standard header is refused: \(error.code)") }
    }
    let written = Array(ExchangeWriter.csv(event).utf8)
    invariant(csvEvent(written, header: standard) == event, "CSV round trip changed \(text(input).debugDescription): \(text(written))")
}

/// One interner for the whole run, as `posttrace import` keeps one for a whole file: a fresh one per input
/// cleared 1 MiB of tables each time (two thirds of the target's time), and a shared one also meets texts
/// that earlier inputs left in it. libFuzzer calls a target on one thread only.
nonisolated(unsafe) var csvTexts = TextInterner()

/// One data line through both readers `posttrace import` uses; nil when refused (after checking the reason).
func csvEvent(_ line: [UInt8], header: CSVHeader) -> TrackingEvent? {
    line.withUnsafeBufferPointer { b in
        guard isValidUTF8(b) else { return nil }
        var spans = CSVFieldSpans(), scratch: [String] = []
        let fast = header.fastEvent(b, spans: &spans, texts: &csvTexts, receivedAt: 1_700_000_000)
        let slow: TrackingEvent?
        do throws(LineReject) { slow = try header.fields(b, scratch: &scratch).event(receivedAt: 1_700_000_000) } catch {
            checkReject(error, line)
            slow = nil
        }
        if let fast { invariant(fast == slow, "fast path accepts what the general path reads otherwise: \(text(line).debugDescription)") }
        return slow
    }
}

/// The gzip reader: never more output than the cap; what it inflates compresses and inflates back.
func fuzzGzip(_ input: [UInt8]) {
    let limit = [0, 1, 64, 4096, 1 << 20][Int(input.first ?? 0) % 5]
    let body = Array(input.dropFirst())
    do throws(GzipBody.Failure) {
        let out = try GzipBody.decompress(body, limit: limit)
        invariant(out.count <= limit, "inflated \(out.count) bytes past the limit \(limit)")
        guard let again = GzipBody.compress(out) else { return invariant(false, "compress failed") }
        invariant((try? GzipBody.decompress(again, limit: limit)) == out, "gzip round trip changed \(out.count) bytes")
    } catch {
        switch error {
        case .tooLarge(let reported): invariant(reported == limit, "tooLarge reports \(reported), limit was \(limit)")
        case .malformed(let why): invariant(!why.isEmpty, "malformed without a reason")
        }
    }
}
