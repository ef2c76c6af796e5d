import Foundation
import PostTraceCore
import S10
@testable import PostTraceStore
import Testing
import TestSupport

/// Random damage to valid lines: the parsers never crash, and every failure carries a documented code.
@Suite("Exchange parsers under random damage", .scratch)
struct ExchangeMutationTests {
    static let knownCodes = Set(RejectCode.allCases.map(\.rawValue))
        .union(S10ErrorCode.allCases.map(\.rawValue))

    static let samples: [TrackingEvent] = {
        var e = Sample.event(Sample.number(12345678), .heldByImportCustoms, "2026-03-01T09:10:42-03:30", office: "CAYYTA",
                             name: "St. John's \"East\"", city: "Saint-Jean ✉", reason: "CUS", source: "feed")
        e.nextOffice = "CAYYZA"; e.transport = "AC 123"; e.receivedAt = 1_772_400_000
        return [e] + Sample.journey(Sample.number(87654321))
    }()

    static func mutate(_ line: [UInt8], _ g: inout SystemRandomNumberGenerator) -> [UInt8] {
        var bytes = line
        for _ in 0..<Int.random(in: 1...4, using: &g) where !bytes.isEmpty {
            let i = Int.random(in: 0..<bytes.count, using: &g)
            switch Int.random(in: 0..<4, using: &g) {
            case 0: bytes[i] = UInt8.random(in: 0...255, using: &g)
            case 1: bytes.remove(at: i)
            case 2: bytes.insert([34, 92, 44, 123, 125, 0xC3, 0xFF][Int.random(in: 0..<7, using: &g)], at: i)
            default: bytes = Array(bytes[..<i])
            }
        }
        return bytes
    }

    @Test func ndjsonMutations() {
        var g = SystemRandomNumberGenerator()
        let lines = Self.samples.map { Array(ExchangeWriter.ndjson($0).utf8) }
        for _ in 0..<5000 {
            let damaged = Self.mutate(lines.randomElement(using: &g)!, &g)
            do {
                _ = try damaged.withUnsafeBufferPointer { b throws(LineReject) in try ExchangeReader.event(ndjson: b, receivedAt: 0) }
            } catch {
                #expect(Self.knownCodes.contains(error.code), "undocumented code \(error.code)")
            }
        }
    }

    @Test func csvMutations() throws {
        var g = SystemRandomNumberGenerator()
        let header = try Array(ExchangeWriter.csvHeader.utf8).withUnsafeBufferPointer { b throws(LineReject) in try CSVHeader(b) }
        let lines = Self.samples.map { Array(ExchangeWriter.csv($0).utf8) }
        var scratch: [String] = []
        for _ in 0..<5000 {
            let damaged = Self.mutate(lines.randomElement(using: &g)!, &g)
            do {
                _ = try damaged.withUnsafeBufferPointer { b throws(LineReject) in
                    guard isValidUTF8(b) else { throw LineReject(.badUTF8, "") }
                    return try header.fields(b, scratch: &scratch).event(receivedAt: 0)
                }
            } catch {
                #expect(Self.knownCodes.contains(error.code), "undocumented code \(error.code)")
            }
        }
    }
}
