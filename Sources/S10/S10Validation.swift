/// The outcome of checking one input: the number when valid, else every problem found and corrections.
public struct S10Validation: Sendable, Hashable {
    /// The input exactly as given.
    public let input: String
    /// The input after `S10.normalize(_:)`.
    public let normalized: String
    /// The valid number, or nil when the input is invalid.
    public let number: S10Number?
    /// Every problem found, in input order; empty when valid.
    public let errors: [S10Error]
    /// Valid numbers one plausible slip away, best first (known numbers first when a store was asked); at most 30.
    public let suggestions: [S10Number]

    /// Whether the input is a valid S10 number.
    @inlinable public var isValid: Bool { number != nil }

    /// Creates a result; `S10.validate(_:isKnown:)` is the usual way to get one.
    @inlinable public init(input: String, normalized: String, number: S10Number?, errors: [S10Error], suggestions: [S10Number]) {
        self.input = input
        self.normalized = normalized
        self.number = number
        self.errors = errors
        self.suggestions = suggestions
    }
}

extension S10 {
    /// The most suggestions `validate` returns.
    public static let maximumSuggestions = 30

    /// Checks what a person typed or pasted. Normalizes it, and when it is not a valid number reports
    /// every problem (in input order) and suggests valid numbers one plausible slip away; `isKnown`
    /// (e.g. "does the store have events for it?") ranks numbers that really exist first.
    /// A canonical 13-character input takes an allocation-free path.
    @inlinable public static func validate(_ input: String, isKnown: ((S10Number) -> Bool)? = nil) -> S10Validation {
        if let number = canonicalNumber(input) {
            return S10Validation(input: input, normalized: input, number: number, errors: [], suggestions: [])
        }
        return validateSlowly(input, isKnown: isKnown)
    }

    /// The number when `input` is exactly the 13 canonical bytes of a valid one.
    @inlinable static func canonicalNumber(_ input: String) -> S10Number? {
        guard input.utf8.count == 13 else { return nil }
        if let parsed = input.utf8.withContiguousStorageIfAvailable({ S10Number(bytes: $0) }) { return parsed }
        var copy = input  // a bridged or foreign string: make it contiguous (small strings stay inline)
        return copy.withUTF8 { S10Number(bytes: $0) }
    }

    /// Valid numbers one plausible slip away from `input`, best first; empty when `input` is valid.
    public static func suggestions(for input: String, isKnown: ((S10Number) -> Bool)? = nil) -> [S10Number] {
        validate(input, isKnown: isKnown).suggestions
    }

    @usableFromInline static func validateSlowly(_ input: String, isKnown: ((S10Number) -> Bool)?) -> S10Validation {
        let normalized = normalize(input)
        if let number = canonicalNumber(normalized) {
            return S10Validation(input: input, normalized: normalized, number: number, errors: [], suggestions: [])
        }
        let characters = Array(normalized)
        let errors = S10Diagnosis(characters).errors
        let suggestions = S10Suggester(characters).suggestions(isKnown: isKnown)
        return S10Validation(input: input, normalized: normalized, number: nil, errors: errors, suggestions: suggestions)
    }
}
