/// A stable, machine-readable reason why an input is not a valid S10 number.
public enum S10ErrorCode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Nothing left after removing spaces and separators.
    case empty
    /// Not 13 characters long.
    case length
    /// A character that is neither a letter A–Z nor a digit 0–9.
    case characters
    /// The first two characters are not both letters.
    case serviceIndicator = "service_indicator"
    /// The service indicator is reserved by the standard (J*, K*, S*, T*, W*, QN–QZ).
    case serviceIndicatorReserved = "service_indicator_reserved"
    /// Characters 3–10 are not all digits.
    case serial
    /// The check digit (character 11) does not match the serial, or is not a digit.
    case checkDigit = "check_digit"
    /// Eleven characters that look like a number without its two-letter country.
    case countryMissing = "country_missing"
    /// Twelve characters that look like a number whose country lost a letter (`LP607427673C`).
    case countryIncomplete = "country_incomplete"
    /// The last two characters are not an assigned ISO 3166-1 country code.
    case countryUnknown = "country_unknown"
}

/// One problem found in an input, with where it is and what was expected.
public struct S10Error: Sendable, Hashable, Codable {
    /// The stable machine code.
    public let code: S10ErrorCode
    /// 1-based position of the first character concerned in the normalized input, when one applies.
    public let position: Int?
    /// What should be there (e.g. the correct check digit, or `13` for the length).
    public let expected: String?
    /// What is there instead.
    public let found: String?

    /// Creates an error; details are optional and depend on the code.
    public init(_ code: S10ErrorCode, position: Int? = nil, expected: String? = nil, found: String? = nil) {
        self.code = code
        self.position = position
        self.expected = expected
        self.found = found
    }
}

extension S10Error: CustomStringConvertible {
    /// The code and its details, for logs and debugging (sentences for people come from PostTraceCore's
    /// catalogues: `message(in:)`).
    public var description: String {
        var details: [String] = []
        if let position { details.append("position \(position)") }
        if let expected { details.append("expected \(expected)") }
        if let found { details.append("found \(found.debugDescription)") }
        return details.isEmpty ? code.rawValue : "\(code.rawValue) (\(details.joined(separator: ", ")))"
    }
}
