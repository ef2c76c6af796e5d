/// A valid UPU S10 item identifier such as `EE123456785CN`.
///
/// Two letters of service indicator, eight serial digits, one check digit and the
/// ISO 3166-1 alpha-2 code of the issuing postal operator. A value of this type is
/// always valid; it is packed into one integer so that it is cheap to copy, hash and compare.
public struct S10Number: Sendable, Hashable, Comparable {
    // Layout, most significant first: indicator (2 × 5 bits), serial (27 bits), check (4 bits), country (2 × 5 bits).
    @usableFromInline let packed: UInt64

    @inlinable init(packed: UInt64) { self.packed = packed }

    /// Builds a number from canonical ASCII parts; returns nil when any part is malformed,
    /// the check digit is wrong, or the country is not an assigned ISO 3166-1 code.
    public init?(serviceIndicator: String, serial: UInt32, countryCode: String) {
        let si = Array(serviceIndicator.utf8), cc = Array(countryCode.utf8)
        guard si.count == 2, cc.count == 2, serial < 100_000_000,
              let number = S10Number(bytes: si + Self.digits(serial) + [UInt8(ascii: "0") + Self.checkDigit(forSerial: serial)] + cc)
        else { return nil }
        self = number
    }

    /// The eight serial digits as a number (0…99,999,999).
    public var serialValue: UInt32 { UInt32((packed >> 14) & 0x7FF_FFFF) }
    /// The check digit (0…9).
    public var checkDigit: UInt8 { UInt8((packed >> 10) & 0xF) }
    /// The two-letter service indicator, e.g. `EE`.
    public var serviceIndicator: String { String(decoding: [Self.letter(packed >> 46), Self.letter(packed >> 41)], as: UTF8.self) }
    /// The eight serial digits as text, with leading zeros, e.g. `12345678`.
    public var serial: String { String(decoding: Self.digits(serialValue), as: UTF8.self) }
    /// The ISO 3166-1 alpha-2 code of the issuing postal operator, e.g. `CN`.
    public var countryCode: String {
        // The table's own string when assigned (always, for a valid number): no array and no new string.
        let c0 = Self.letter(packed >> 5), c1 = Self.letter(packed)
        return Country(letters: c0, c1)?.code ?? String(decoding: [c0, c1], as: UTF8.self)
    }
    /// The issuing operator's country, with English and Chinese names.
    public var country: Country { Country(row: Country.row(Self.letter(packed >> 5), Self.letter(packed))!) }

    /// A compact integer form for storage keys (order is not meaningful). Round-trips through `init?(storageKey:)`.
    public var storageKey: Int64 { Int64(bitPattern: packed) }

    /// Rebuilds a number from `storageKey`; nil when the integer is not a valid packed number.
    public init?(storageKey: Int64) {
        let candidate = S10Number(packed: UInt64(bitPattern: storageKey))
        // Every row a store reads comes through here: the bytes are checked on the stack, not in an array.
        guard candidate.packed >> 51 == 0, let checked = candidate.withUTF8({ S10Number(bytes: $0) }), checked == candidate
        else { return nil }
        self = checked
    }

    /// The 13 canonical ASCII bytes.
    public var utf8: [UInt8] { withUTF8 { Array($0) } }

    /// Calls `body` with the 13 canonical ASCII bytes, written on the stack (no allocation).
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 13) { out in
            out[0] = Self.letter(packed >> 46); out[1] = Self.letter(packed >> 41)
            var rest = serialValue
            for k in stride(from: 9, through: 2, by: -1) { out[k] = UInt8(ascii: "0") + UInt8(rest % 10); rest /= 10 }
            out[10] = UInt8(ascii: "0") + checkDigit; out[11] = Self.letter(packed >> 5); out[12] = Self.letter(packed)
            return try body(UnsafeBufferPointer(out))
        }
    }

    /// Orders as the canonical strings do: the packed fields are fixed-width and most significant first.
    public static func < (lhs: S10Number, rhs: S10Number) -> Bool { lhs.packed < rhs.packed }

    /// The S10 check digit for an eight-digit serial: weights 8 6 4 2 3 5 9 7,
    /// C = 11 − (S mod 11), with 10 → 0 and 11 → 5.
    @inlinable public static func checkDigit(forSerial serial: UInt32) -> UInt8 {
        let weights: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (8, 6, 4, 2, 3, 5, 9, 7)
        var rest = serial, sum: UInt32 = 0
        // Walk the digits from the right; the last serial digit carries weight 7.
        sum &+= (rest % 10) * weights.7; rest /= 10
        sum &+= (rest % 10) * weights.6; rest /= 10
        sum &+= (rest % 10) * weights.5; rest /= 10
        sum &+= (rest % 10) * weights.4; rest /= 10
        sum &+= (rest % 10) * weights.3; rest /= 10
        sum &+= (rest % 10) * weights.2; rest /= 10
        sum &+= (rest % 10) * weights.1; rest /= 10
        sum &+= (rest % 10) * weights.0
        let c = 11 - sum % 11
        return c == 10 ? 0 : (c == 11 ? 5 : UInt8(c))
    }

    /// Parses exactly 13 canonical bytes (upper-case letters, digits); nil unless fully valid.
    /// Allocation-free: the hot path of validation.
    @inlinable public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 13 else { return nil }
        var i = bytes.startIndex
        @inline(__always) func next() -> UInt8 { defer { bytes.formIndex(after: &i) }; return bytes[i] }
        let s0 = next(), s1 = next()
        guard Self.isUpper(s0), Self.isUpper(s1) else { return nil }
        // The weighted sum is taken while parsing: cheaper than dividing the serial back into digits.
        var serial: UInt32 = 0, sum: UInt32 = 0
        for k in 0..<8 {
            let d = next() &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            serial = serial &* 10 &+ UInt32(d)
            sum &+= UInt32(d) &* ((Self.packedWeights >> UInt32(4 * k)) & 0xF)
        }
        let check = next() &- UInt8(ascii: "0")
        let c0 = next(), c1 = next()
        guard check < 10, Self.isUpper(c0), Self.isUpper(c1),
              check == Self.checkDigit(forWeightedSum: sum),
              S10Rules.isServiceIndicatorAllowed(s0, s1),
              Country.isAssigned(c0, c1)
        else { return nil }
        packed = UInt64(s0 - 65) << 46 | UInt64(s1 - 65) << 41 | UInt64(serial) << 14
            | UInt64(check) << 10 | UInt64(c0 - 65) << 5 | UInt64(c1 - 65)
    }

    /// The weights 8 6 4 2 3 5 9 7, one per hexadecimal digit, first weight in the lowest digit.
    @inlinable static var packedWeights: UInt32 { 0x7953_2468 }

    /// C = 11 − (S mod 11), with 10 → 0 and 11 → 5.
    @inlinable static func checkDigit(forWeightedSum sum: UInt32) -> UInt8 {
        let c = 11 - sum % 11
        return c == 10 ? 0 : (c == 11 ? 5 : UInt8(c))
    }

    @inlinable static func isUpper(_ b: UInt8) -> Bool { b &- UInt8(ascii: "A") < 26 }
    @usableFromInline static func letter(_ bits: UInt64) -> UInt8 { UInt8(bits & 0x1F) + 65 }
    @usableFromInline static func digits(_ serial: UInt32) -> [UInt8] {
        var out = [UInt8](repeating: UInt8(ascii: "0"), count: 8), rest = serial
        for k in stride(from: 7, through: 0, by: -1) { out[k] = UInt8(ascii: "0") + UInt8(rest % 10); rest /= 10 }
        return out
    }
}

extension S10Number: CustomStringConvertible, LosslessStringConvertible {
    /// The 13-character canonical form, e.g. `EE123456785CN`.
    public var description: String { withUTF8 { String(decoding: $0, as: UTF8.self) } }

    /// Parses the canonical form only (upper case, no separators). Use `S10.validate(_:)`
    /// for what people type: it normalizes, explains errors and suggests corrections.
    public init?(_ description: String) {
        var text = description
        guard let number = text.withUTF8({ S10Number(bytes: $0) }) else { return nil }
        self = number
    }
}

extension S10Number: Codable {
    /// Decodes from the canonical 13-character string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let number = S10Number(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a valid S10 number")
        }
        self = number
    }

    /// Encodes as the canonical 13-character string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
