import S10

/// A tracking number as people type it, read through `S10.validate(_:)` (spaces, dashes, lower case and
/// full-width characters accepted). Inputs are cut to 64 characters first so a hostile string costs nothing.
enum NumberInput {
    enum Reading: Sendable {
        case valid(S10Number)
        case invalid(normalized: String, errors: [S10Error], suggestions: [S10Number])
    }

    static func read(_ text: String) -> Reading {
        let validation = S10.validate(String(String.UnicodeScalarView(text.unicodeScalars.prefix(64))))
        if let number = validation.number { return .valid(number) }
        return .invalid(normalized: validation.normalized, errors: validation.errors, suggestions: validation.suggestions)
    }
}
