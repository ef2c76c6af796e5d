/// Bytes appended into memory this value owns, handed over as one array by `finish()`: the JSON
/// writer's output. `Array.append` checked uniqueness and capacity per call, which perf showed as the
/// largest cost of writing a timeline (a thousand appends of a few bytes each); here a write is a
/// capacity check and a copy.
struct ByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// The calendar date of the last day written: a timeline's scans share few days, and the
    /// civil-from-days arithmetic was a tenth of writing one.
    private var lastDay = Int64.min, lastDate = (year: 0, month: 0, day: 0)

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, as an array.
    consuming func finish() -> [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Room for `n` more bytes.
    @inline(__always) private mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private mutating func grow(_ needed: Int) {
        let larger = max(capacity * 2, needed)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always) mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always) mutating func append(_ text: StaticString) {
        let n = text.utf8CodeUnitCount
        reserve(n)
        (base + count).update(from: text.utf8Start, count: n)
        count += n
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).update(from: start, count: bytes.count)
        count += bytes.count
    }

    /// `value` in decimal.
    mutating func append(decimal value: Int64) {
        reserve(20)
        var magnitude = value.magnitude
        if value < 0 { base[count] = UInt8(ascii: "-"); count += 1 }
        var digits = 1, rest = magnitude / 10
        while rest > 0 { digits += 1; rest /= 10 }
        count += digits
        for i in 1...digits {
            base[count - i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        }
    }

    /// A value 0…99 as two digits.
    @inline(__always) private mutating func twoDigits(_ v: Int) {
        base[count] = UInt8(ascii: "0") + UInt8(v / 10 % 10)
        base[count + 1] = UInt8(ascii: "0") + UInt8(v % 10)
        count += 2
    }

    /// RFC 3339 in the time's own offset, as `LocalTime.rfc3339` writes it, in quotes.
    mutating func appendQuoted(_ t: LocalTime) {
        // `t.fields`, with the date part remembered.
        let local = t.epochSeconds + Int64(t.utcOffsetSeconds)
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let seconds = Int(local - days * 86400)
        if days != lastDay { lastDay = days; lastDate = LocalTime.civil(fromDays: days) }
        let f = (year: lastDate.year, month: lastDate.month, day: lastDate.day,
                 hour: seconds / 3600, minute: seconds % 3600 / 60, second: seconds % 60)
        guard (0...9999).contains(f.year) else {
            append(UInt8(ascii: "\"")); appendRaw(t.rfc3339); append(UInt8(ascii: "\"")); return
        }
        reserve(28)
        base[count] = UInt8(ascii: "\""); count += 1
        twoDigits(f.year / 100); twoDigits(f.year % 100)
        base[count] = UInt8(ascii: "-"); count += 1
        twoDigits(f.month)
        base[count] = UInt8(ascii: "-"); count += 1
        twoDigits(f.day)
        base[count] = UInt8(ascii: "T"); count += 1
        twoDigits(f.hour)
        base[count] = UInt8(ascii: ":"); count += 1
        twoDigits(f.minute)
        base[count] = UInt8(ascii: ":"); count += 1
        twoDigits(f.second)
        if t.utcOffsetSeconds == 0 {
            base[count] = UInt8(ascii: "Z"); count += 1
        } else {
            let minutes = Int(t.utcOffsetSeconds.magnitude) / 60
            base[count] = t.utcOffsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"); count += 1
            twoDigits(minutes / 60)
            base[count] = UInt8(ascii: ":"); count += 1
            twoDigits(minutes % 60)
        }
        base[count] = UInt8(ascii: "\""); count += 1
    }

    /// A string's UTF-8 as is.
    mutating func appendRaw(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// A JSON string, escaped by `JSONString` without the HTML option.
    mutating func appendQuoted(_ text: String) {
        // Native and small strings are contiguous: read in place, without the copy `withUTF8` needs.
        if text.utf8.withContiguousStorageIfAvailable({ JSONString.appendQuoted($0, escapingHTML: false, to: &self) }) != nil { return }
        var text = text
        text.withUTF8 { JSONString.appendQuoted($0, escapingHTML: false, to: &self) }
    }
}

extension ByteSink: JSONByteOutput {
    @inline(__always) mutating func write(_ byte: UInt8) { append(byte) }
    @inline(__always) mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { append(bytes) }
}
