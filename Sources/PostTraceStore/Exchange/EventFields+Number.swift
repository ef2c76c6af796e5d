import S10

extension EventFields {
    /// The S10 number in `text` (normalized as the API does), or a reject carrying the S10
    /// library's first error code (`check_digit`, `country_unknown`, …).
    static func checkNumber(_ text: String) throws(LineReject) -> S10Number {
        if let number = S10Number(text) { return number }  // the canonical fast path
        let validation = S10.validate(text)
        if let number = validation.number { return number }
        let first = validation.errors.first
        throw LineReject(code: first?.code.rawValue ?? RejectCode.invalidNumber.rawValue,
                         message: "'\(text)' is not a valid S10 tracking number" + (first.map { ": \($0.message(in: .en))" } ?? ""))
    }
}
