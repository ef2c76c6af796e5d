import S10

extension EventFields {
    /// The S10 number in `text`, or a reject carrying the S10 library's error code.
    static func checkNumber(_ text: String) throws(LineReject) -> S10Number {
        if let number = S10Number(text) { return number }
        throw LineReject(.invalidNumber, "'\(text)' is not a valid S10 tracking number")
    }
}
