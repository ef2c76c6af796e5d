import S10

/// A tracking number as people type it, read through `S10.validate(_:)` (spaces, dashes, lower case and
/// full-width characters accepted). Inputs are cut to 64 characters first so a hostile string costs nothing.
enum NumberInput {
    enum Reading: Sendable {
        case valid(S10Number)
        case invalid(normalized: String, errors: [S10Error], suggestions: [S10Number])
    }

    static func read(_ text: String) -> Reading {
        // At most 64 bytes is at most 64 scalars: the usual input is passed on without copying.
        let bounded = text.utf8.count <= 64 ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(64)))
        let validation = S10.validate(bounded)
        if let number = validation.number { return .valid(number) }
        return .invalid(normalized: validation.normalized, errors: validation.errors, suggestions: validation.suggestions)
    }
}
