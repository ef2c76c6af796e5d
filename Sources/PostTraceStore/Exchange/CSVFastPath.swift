import Foundation
import PostTraceCore
import S10

/// Where the fields of one CSV line lie, as byte offsets into the line (reused from line to line).
struct CSVFieldSpans {
    var starts: [Int] = []
    var ends: [Int] = []
}

extension CSVHeader {
    /// The event of one data line when the line is plainly good: unquoted fields, a canonical number,
    /// a well-formed time and office. Works on the bytes, making Strings only for kept text (interned).
    /// Returns nil whenever anything is unusual, so `fields(_:scratch:)` + `EventFields.event` decide the
    /// outcome and the reject (one set of rules and messages; this path only accepts what they accept).
    func fastEvent(_ line: UnsafeBufferPointer<UInt8>, spans: inout CSVFieldSpans, texts: inout TextInterner,
                   receivedAt now: Int64?) -> TrackingEvent? {
        guard let base = line.baseAddress, splitPlain(line, into: &spans), spans.starts.count == columns.count else { return nil }
        var number: S10Number?, time: LocalTime?, received = now
        var code: String?, office: String?, name: String?, city: String?, reason: String?
        var nextOffice: String?, transport: String?, source: String?
        var officeSpan = 0..<0, countrySpan = 0..<0
        for (i, column) in columns.enumerated() {
            guard let column else { continue }
            let start = spans.starts[i], count = spans.ends[i] - start
            let bytes = UnsafeBufferPointer(start: base + start, count: count)
            guard count <= EventFields.maxFieldBytes else { return nil }
            switch column {
            case .number:
                guard let parsed = S10Number(bytes: bytes) else { return nil }
                number = parsed
            case .code:
                guard count == 3, bytes.allSatisfy({ $0 &- 65 < 26 }) else { return nil }
                code = texts.text(bytes)
            case .time:
                guard let parsed = RFC3339.time(bytes) else { return nil }
                time = parsed
            case .office:
                officeSpan = start..<start + count
                office = texts.text(bytes)
            case .country: countrySpan = start..<start + count
            case .receivedAt:
                if count > 0 { guard let value = RFC3339.wholeNumber(bytes) else { return nil }; received = value }
            case .officeName: if count > 0 { name = texts.text(bytes) }
            case .city: if count > 0 { city = texts.text(bytes) }
            case .reason: if count > 0 { reason = texts.text(bytes) }
            case .nextOffice: if count > 0 { nextOffice = texts.text(bytes) }
            case .transport: if count > 0 { transport = texts.text(bytes) }
            case .source: if count > 0 { source = texts.text(bytes) }
            }
        }
        guard let number, let time, let code, let office, isOfficeCode(line, officeSpan),
              countrySpan.isEmpty || (countrySpan.count == 2 && line[countrySpan.lowerBound] == line[officeSpan.lowerBound]
                                      && line[countrySpan.lowerBound + 1] == line[officeSpan.lowerBound + 1])
        else { return nil }
        return TrackingEvent(number: number, code: EventCode(rawValue: code), time: time,
                             office: Office(code: office, name: name, city: city),
                             reason: reason.map(ReasonCode.init(rawValue:)), nextOffice: nextOffice,
                             transport: transport, source: source, receivedAt: received)
    }

    /// Field spans split at commas; false when the line has a quote (the general splitter handles those).
    func splitPlain(_ line: UnsafeBufferPointer<UInt8>, into spans: inout CSVFieldSpans) -> Bool {
        spans.starts.removeAll(keepingCapacity: true)
        spans.ends.removeAll(keepingCapacity: true)
        guard let base = line.baseAddress else { spans.starts.append(0); spans.ends.append(0); return true }
        var start = 0, i = 0
        // Eight bytes at a time: exact per-byte masks of commas and quotes, then one step per comma found.
        while i + 8 <= line.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            if Self.zeroBytes(word ^ 0x2222_2222_2222_2222) != 0 || Self.controlBytes(word) != 0 { return false }
            var commas = Self.zeroBytes(word ^ 0x2C2C_2C2C_2C2C_2C2C)
            while commas != 0 {
                let j = i + commas.trailingZeroBitCount / 8
                spans.starts.append(start); spans.ends.append(j); start = j + 1
                commas &= commas &- 1
            }
            i += 8
        }
        while i < line.count {
            if base[i] == 44 { spans.starts.append(start); spans.ends.append(i); start = i + 1 } else if base[i] == 34 || base[i] < 0x20 { return false }
            i += 1
        }
        spans.starts.append(start); spans.ends.append(line.count)
        return true
    }

    /// The high bit of each byte of `x` that is zero, exactly (no carries between bytes; little-endian order).
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((x & low7) &+ low7) | x | low7)
    }

    /// The high bit of each byte of `x` below 0x20 (control characters, tab included: the general path
    /// decides), exactly: computed per byte with the high bit masked off, so no borrow crosses bytes.
    private static func controlBytes(_ x: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, high: UInt64 = 0x8080_8080_8080_8080
        // (b & 0x7F) + 0x60 sets bit 7 exactly when b & 0x7F >= 0x20; bytes with bit 7 set are never control.
        return ~(((x & low7) &+ 0x6060_6060_6060_6060) | x) & high
    }

    /// `EventFields.isOfficeCode` on bytes.
    private func isOfficeCode(_ line: UnsafeBufferPointer<UInt8>, _ span: Range<Int>) -> Bool {
        guard (2...16).contains(span.count) else { return false }
        for i in span where !((line[i] >= 65 && line[i] <= 90) || (line[i] >= 48 && line[i] <= 57)) { return false }
        return Country.isAssigned(line[span.lowerBound], line[span.lowerBound + 1])
    }
}

/// Small byte parsers of the CSV fast path; times go through Core's one RFC 3339 parser.
enum RFC3339 {
    static func time(_ b: UnsafeBufferPointer<UInt8>) -> LocalTime? { LocalTime(rfc3339UTF8: b) }

    /// Non-negative whole seconds written as plain digits (at most 18, so no overflow).
    static func wholeNumber(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !b.isEmpty, b.count <= 18 else { return nil }
        var v: Int64 = 0
        for c in b {
            let d = c &- 48
            guard d < 10 else { return nil }
            v = v * 10 + Int64(d)
        }
        return v
    }
}

/// One shared String per distinct field value (office names, cities, feeds): no allocation and no
/// UTF-8 check for a value seen before, and equal values share storage, so later comparisons are quick.
/// Bounded: once full it still returns correct Strings, just not shared ones (constant memory).
struct TextInterner {
    private static let capacity = 1 << 15
    private var slots = [String?](repeating: nil, count: capacity)
    private var hashes = [UInt64](repeating: 0, count: capacity)
    private var used = 0

    /// The String for `bytes` (which must be valid UTF-8: the caller checked the whole line).
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let h = Self.hash(bytes)
        var i = Int(truncatingIfNeeded: h) & (Self.capacity - 1)
        while let s = slots[i] {
            if hashes[i] == h, s.utf8.withContiguousStorageIfAvailable({ $0.count == bytes.count && memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
                ?? s.utf8.elementsEqual(bytes) {
                return s
            }
            i = (i + 1) & (Self.capacity - 1)
        }
        let s = String(decoding: bytes, as: UTF8.self)
        if used < Self.capacity / 2 { slots[i] = s; hashes[i] = h; used += 1 }
        return s
    }

    /// A quick unkeyed hash, eight bytes at a time (short trusted-size keys; collisions only cost a compare).
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        var h = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        while i < bytes.count { tail = tail << 8 | UInt64(base[i]); i += 1 }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 32)
    }
}
