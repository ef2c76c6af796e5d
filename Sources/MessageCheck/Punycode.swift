/// RFC 3492 Punycode decoding of one `xn--` label, to read an internationalized domain as people see it.
enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 0x80

    /// The Unicode form of a label without its `xn--` prefix, or nil when it is not valid Punycode.
    static func decode(_ label: Substring) -> String? {
        let input = Array(label.unicodeScalars)
        guard input.allSatisfy(\.isASCII), input.count <= 63 else { return nil }
        let delimiter = input.lastIndex(of: "-")
        var output: [UInt32] = delimiter.map { input[..<$0].map(\.value) } ?? []
        var n = initialN, i = 0, bias = initialBias
        var position = delimiter.map { $0 + 1 } ?? 0
        while position < input.count {
            let oldI = i
            var w = 1, k = base
            while true {
                guard position < input.count, let digit = digitValue(input[position]) else { return nil }
                position += 1
                // Labels are at most 63 bytes, so honest values stay far below this bound; it rejects overflow attempts.
                guard digit <= (Int(Int32.max) - i) / w else { return nil }
                i += digit * w
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                guard w <= Int(Int32.max) / (base - t) else { return nil }
                w *= base - t
                k += base
            }
            bias = adapt(i - oldI, output.count + 1, first: oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF, Unicode.Scalar(UInt32(n)) != nil else { return nil }
            output.insert(UInt32(n), at: i)
            i += 1
        }
        var text = String.UnicodeScalarView()
        for v in output { guard let s = Unicode.Scalar(v) else { return nil }; text.append(s) }
        return String(text)
    }

    private static func digitValue(_ s: Unicode.Scalar) -> Int? {
        switch s.value {
        case 0x30...0x39: Int(s.value) - 0x30 + 26
        case 0x41...0x5A: Int(s.value) - 0x41
        case 0x61...0x7A: Int(s.value) - 0x61
        default: nil
        }
    }

    private static func adapt(_ delta: Int, _ count: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 { delta /= base - tMin; k += base }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }
}
