@testable import PostTraceServer
import S10

let s10Targets: [FuzzTarget] = [
    FuzzTarget(name: "s10-validate", run: { fuzzValidate(text($0)) }),
    FuzzTarget(name: "s10-find", run: { fuzzFind(text($0)) }),
    FuzzTarget(name: "number-input", run: { fuzzNumberInput(text($0)) }),
]

/// A valid number: its check digit is right and every form of it re-parses to it.
func checkValid(_ number: S10Number, _ context: String) {
    invariant(S10Number.checkDigit(forSerial: number.serialValue) == number.checkDigit, "wrong check digit in \(number) from \(context.debugDescription)")
    invariant(S10Number(number.description) == number, "\(number) does not re-parse (from \(context.debugDescription))")
    invariant(S10.validate(number.description).number == number, "validate(\(number)) is not \(number)")
    invariant(S10Number(storageKey: number.storageKey) == number, "storage key of \(number) does not round-trip")
}

/// S10 parsing and suggestions: the normalized form of a valid input re-parses to the same number; an invalid
/// input has coded errors and at most `maximumSuggestions` suggestions, each a valid number.
func fuzzValidate(_ input: String) {
    let v = S10.validate(input)
    invariant(S10.normalize(input) == v.normalized, "validate's normalized form differs from normalize for \(input.debugDescription)")
    if let number = v.number {
        invariant(v.errors.isEmpty, "a valid number carries errors: \(input.debugDescription)")
        checkValid(number, input)
        invariant(S10.validate(v.normalized).number == number, "normalized \(v.normalized.debugDescription) re-parses differently")
    } else {
        invariant(!v.errors.isEmpty, "an invalid input has no error: \(input.debugDescription)")
        for error in v.errors { invariant(isMachineCode(error.code.rawValue), "bad error code \(error.code.rawValue)") }
        invariant(v.suggestions.count <= S10.maximumSuggestions, "\(v.suggestions.count) suggestions for \(input.debugDescription)")
        invariant(Set(v.suggestions).count == v.suggestions.count, "duplicate suggestions for \(input.debugDescription)")
        for s in v.suggestions { checkValid(s, input) }
    }
}

/// `S10.find(in:)`: every match is the input's own text at its range, in order, without overlap, S10-shaped
/// (11 or 13 characters once normalized), and carries the validation of its own text (invalid ones are
/// reported too, by design, so a scam message's mistyped number can be named).
func fuzzFind(_ input: String) {
    var previousEnd = input.startIndex
    for match in S10.find(in: input) {
        invariant(match.range.lowerBound >= previousEnd, "overlapping or unordered matches in \(input.debugDescription)")
        invariant(match.range.upperBound <= input.endIndex, "a match ends past the input")
        invariant(input[match.range] == match.text, "match text is not the input at its range")
        invariant([11, 13].contains(match.validation.normalized.unicodeScalars.count), "match \(match.text.debugDescription) is not S10-shaped")
        invariant(S10.validate(String(match.text)) == match.validation, "match \(match.text.debugDescription) re-validates differently")
        if let number = match.validation.number { checkValid(number, String(match.text)) }
        previousEnd = match.range.upperBound
    }
}

/// The page's number-input readers: a reading agrees with S10 validation of the first 64 scalars, and the
/// form's splitter yields non-empty candidates, distinct after normalization.
func fuzzNumberInput(_ input: String) {
    let bounded = String(String.UnicodeScalarView(input.unicodeScalars.prefix(64)))
    switch NumberInput.read(input) {
    case .valid(let number):
        invariant(S10.validate(bounded).number == number, "NumberInput and validate disagree on \(input.debugDescription)")
        checkValid(number, input)
    case .invalid(let normalized, let errors, let suggestions):
        invariant(S10.validate(bounded).number == nil && !errors.isEmpty, "NumberInput refuses \(input.debugDescription)")
        invariant(normalized == S10.normalize(bounded), "NumberInput's normalized form differs")
        for s in suggestions { checkValid(s, input) }
    }
    let candidates = TrackInput.candidates(in: input.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init))
    let numbers = candidates.filter { $0.contains(where: \.isNumber) }
    invariant(candidates.allSatisfy { !$0.isEmpty }, "an empty candidate from \(input.debugDescription)")
    invariant(Set(numbers.map(S10.normalize)).count == numbers.count, "duplicate candidates from \(input.debugDescription)")
}
